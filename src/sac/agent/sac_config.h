#pragma once
// Everything that configures one Soft Actor-Critic agent (Haarnoja et al. 2018, "SAC: off-policy maximum
// entropy deep RL with a stochastic actor", and "SAC algorithms and applications" for automatic entropy).
// Defaults are those of the second paper (and Stable-Baselines3): 256-256 ReLU networks, Adam 3e-4,
// gamma 0.99, tau 0.005, batch 256, one update per environment step.
#include <cstdint>
#include <string>
#include <vector>

namespace hypera::sac {

enum class ReplayKind { Uniform, Prioritized };

struct SacConfig {
  int64_t state_dim = 0;
  // Continuous actions: the bounds of each action dimension (low[i] < high[i]); the tanh-squashed policy
  // output in (-1, 1) is rescaled to (low, high). Discrete actions: action_low/high are empty and
  // discrete_actions > 1 is the number of choices.
  std::vector<float> action_low;
  std::vector<float> action_high;
  int64_t discrete_actions = 0;
  // Continuous actions only: > 1 learns them with the discrete SAC over a grid of this many values per
  // dimension, low and high included (action_bins.h; at most 4096 joint choices). act() still returns |A|
  // values (on the grid) and observe() takes |A| values (snapped to the nearest grid point). 0 = off.
  int64_t action_bins = 0;

  std::vector<int64_t> hidden{256, 256};  // hidden layer widths, shared by actor and critics
  std::string activation = "relu";        // relu | tanh | elu

  double actor_lr = 3e-4;
  double critic_lr = 3e-4;
  double alpha_lr = 3e-4;
  double gamma = 0.99;   // per-step discount, used to build transitions' discount factors
  double tau = 0.005;    // Polyak factor of the target networks: target <- tau * online + (1 - tau) * target
  double grad_clip = 0;  // maximum global gradient norm per network; 0 = no clipping

  bool auto_entropy = true;   // learn log alpha towards target_entropy; otherwise alpha stays init_alpha
  double init_alpha = 1.0;
  double target_entropy = 0;  // 0 = the default: -|A| (continuous), 0.98 * log(choices) (discrete)
  bool use_value_network = false;  // the original SAC's separate state-value network V(s) and its target

  int64_t batch_size = 256;
  int64_t buffer_capacity = 1000000;
  int64_t warmup_steps = 100;     // steps with uniform random actions before the policy acts and updates start
  int64_t updates_per_step = 1;   // gradient updates per observed transition after warm-up
  ReplayKind replay = ReplayKind::Uniform;
  int64_t n_step = 1;             // n-step returns (1 = ordinary one-step transitions)
  double priority_alpha = 0.6;    // prioritized replay: P(i) ~ p_i^alpha
  double priority_beta = 0.4;     // importance-sampling exponent at the start, annealed linearly to 1 ...
  int64_t priority_beta_steps = 100000;  // ... over this many sampled batches

  uint64_t seed = 0;
};

bool is_discrete(const SacConfig& config);  // discrete_actions > 0 (binned continuous actions are not)
int64_t action_dim(const SacConfig& config);  // |A| continuous, 1 (the index) discrete

// Throws std::invalid_argument with one line naming the first bad field ("SacConfig.tau: 1.5 outside (0, 1]").
void validate(const SacConfig& config);

}  // namespace hypera::sac
