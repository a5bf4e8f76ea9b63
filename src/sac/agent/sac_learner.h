#pragma once
// The SAC gradient update, written once for continuous and discrete actions. Per update, in this order:
//  1. critic target y = r + discount * V'(s'), without gradients, where V'(s') is the soft value of the next
//     state under the target critics (min of the twins, minus alpha log pi) or, with use_value_network, the
//     target value network;
//  2. critics: loss = mean over both critics of w * (Q(s, a) - y)^2 (w: importance weights, prioritized
//     replay only), one Adam step for both (one flat buffer), gradient clipped to grad_clip;
//  3. actor: loss = -E[soft value of s] = E[alpha log pi - min Q(s, a ~ pi)] with the updated critics, whose
//     parameters are excluded from this backward pass; one Adam step;
//  4. value network (if used): V(s) regresses onto the detached soft value of step 3;
//  5. targets: Polyak averaging with tau (target critics, or the target value network);
//  6. temperature: one step on log alpha from the same policy evaluation.
// Subclasses supply the three action-specific pieces (ContinuousSac, DiscreteSac) and acting.
// Data parallel (replica_group.h): with set_replicas(), every gradient (critics, actor, value network) and the
// temperature's E[log pi] are averaged over the replicas before their optimizer steps; the collectives are
// made in the same order on every rank, four (five with the value network) per update.
// Randomness: only the generator given at construction. Not thread-safe.
#include <torch/torch.h>

#include <memory>
#include <vector>

#include "sac/agent/entropy_temperature.h"
#include "sac/agent/flat_adam.h"
#include "sac/agent/replica_group.h"
#include "sac/agent/sac_config.h"
#include "sac/agent/twin_q_network.h"
#include "sac/agent/update_stats.h"
#include "sac/agent/value_network.h"
#include "sac/replay/transition.h"

namespace hypera::sac {

class SacLearner {
 public:
  virtual ~SacLearner() = default;
  SacLearner(const SacLearner&) = delete;
  SacLearner& operator=(const SacLearner&) = delete;

  // state: [1, S]. Returns the environment action: |A| values within the bounds (continuous), or one value,
  // the chosen index (discrete). explore: a policy sample; otherwise the deterministic / greedy action.
  virtual std::vector<float> act(const torch::Tensor& state, bool explore) = 0;

  // One update on `batch` (as sampled from a replay buffer). abs_td, when given, receives |TD error| per
  // batch element (mean over the two critics), for prioritized replay.
  UpdateStats update(const Batch& batch, std::vector<float>* abs_td);

  // Averages gradients over `replicas` from now on (not owned; must outlive this learner; null = alone).
  void set_replicas(ReplicaGroup* replicas) { replicas_ = replicas; }

  // Networks, targets, optimizers and temperature (not the generator: its owner saves it).
  void save(torch::serialize::OutputArchive& archive) const;
  // Throws std::runtime_error when the stored networks do not have this learner's sizes.
  void load(torch::serialize::InputArchive& archive);

  const TwinQNetwork& critics() const { return critics_; }
  const EntropyTemperature& temperature() const { return temperature_; }
  virtual const StackedMlp& actor_network() const = 0;

 protected:
  // critic_outputs: 1 (continuous) or the number of choices; critic_action_inputs: |A| or 0.
  SacLearner(const SacConfig& config, int64_t critic_action_inputs, int64_t critic_outputs,
             double default_target_entropy, at::Generator generator);
  // Called once by the subclass constructor when its policy exists.
  void attach_actor(StackedMlp& actor);

  // Online Q of the batch's stored actions by both critics: [2, B].
  virtual torch::Tensor batch_q(const torch::Tensor& states, const torch::Tensor& actions) = 0;
  // E_{a ~ pi}[min target Q(s', a) - alpha log pi(a | s')]: [B]; called without gradients.
  virtual torch::Tensor target_soft_value(const torch::Tensor& next_states, const torch::Tensor& alpha) = 0;
  struct PolicyTerms {
    torch::Tensor soft_value;     // [B], differentiable with respect to the actor's parameters
    torch::Tensor mean_log_prob;  // scalar, detached: E[log pi] over the batch
  };
  // Evaluated while the online critics' parameters do not require gradients.
  virtual PolicyTerms policy_terms(const torch::Tensor& states, const torch::Tensor& alpha) = 0;

  at::Generator generator_;
  TwinQNetwork critics_;

 private:
  void average(torch::Tensor values);

  ReplicaGroup* replicas_ = nullptr;
  double tau_;
  bool weighted_;
  double grad_clip_;
  double actor_lr_;
  std::unique_ptr<ValueNetwork> value_;
  FlatAdam critic_optimizer_;
  std::unique_ptr<FlatAdam> value_optimizer_;
  StackedMlp* actor_ = nullptr;
  std::unique_ptr<FlatAdam> actor_optimizer_;
  EntropyTemperature temperature_;
};

}  // namespace hypera::sac
