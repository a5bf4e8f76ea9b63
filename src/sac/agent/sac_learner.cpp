#include "sac/agent/sac_learner.h"

#include <stdexcept>

namespace hypera::sac {
namespace {

void save_network(torch::serialize::OutputArchive& archive, const std::string& key, const StackedMlp& network) {
  archive.write(key, network.values());
}

void load_network(torch::serialize::InputArchive& archive, const std::string& key, StackedMlp& network) {
  torch::Tensor stored;
  archive.read(key, stored);
  if (stored.sizes() != network.values().sizes()) {
    throw std::runtime_error(key + ": stored network has " + std::to_string(stored.numel()) +
                             " parameters, this agent's " + std::to_string(network.values().numel()));
  }
  torch::NoGradGuard no_grad;
  network.values().copy_(stored);
}

// An online network under `key` and its target under `key`_target.
void save_targeted(torch::serialize::OutputArchive& archive, const std::string& key, const TargetedMlp& pair) {
  save_network(archive, key, pair.online());
  save_network(archive, key + "_target", pair.target());
}

void load_targeted(torch::serialize::InputArchive& archive, const std::string& key, TargetedMlp& pair) {
  load_network(archive, key, pair.online());
  load_network(archive, key + "_target", pair.target());
}

}  // namespace

SacLearner::SacLearner(const SacConfig& config, int64_t critic_action_inputs, int64_t critic_outputs,
                       double default_target_entropy, at::Generator generator)
    : generator_(std::move(generator)),
      critics_(config.state_dim, critic_action_inputs, critic_outputs, config.hidden, config.activation,
               generator_),
      tau_(config.tau),
      weighted_(config.replay == ReplayKind::Prioritized),
      grad_clip_(config.grad_clip),
      actor_lr_(config.actor_lr),
      value_(config.use_value_network
                 ? std::make_unique<ValueNetwork>(config.state_dim, config.hidden, config.activation, generator_)
                 : nullptr),
      critic_optimizer_(critics_.online().values(), critics_.online().grads(), config.critic_lr, config.grad_clip),
      value_optimizer_(value_ ? std::make_unique<FlatAdam>(value_->online().values(), value_->online().grads(),
                                                           config.critic_lr, config.grad_clip)
                              : nullptr),
      temperature_(config.init_alpha, config.target_entropy != 0 ? config.target_entropy : default_target_entropy,
                   config.auto_entropy, config.alpha_lr) {}

void SacLearner::attach_actor(StackedMlp& actor) {
  actor_ = &actor;
  actor_optimizer_ = std::make_unique<FlatAdam>(actor.values(), actor.grads(), actor_lr_, grad_clip_);
}

UpdateStats SacLearner::update(const Batch& batch, std::vector<float>* abs_td) {
  const torch::Tensor& alpha = temperature_.alpha();  // changes in place only at the end (step 6)
  torch::Tensor target;
  {
    torch::NoGradGuard no_grad;
    torch::Tensor next_value =
        value_ ? value_->target_v(batch.next_states) : target_soft_value(batch.next_states, alpha);
    target = torch::addcmul(batch.rewards, batch.discounts, next_value);
  }

  torch::Tensor q = batch_q(batch.states, batch.actions);
  torch::Tensor td = q - target;
  torch::Tensor squared = td.square();
  torch::Tensor critic_loss = weighted_ ? (squared * batch.weights).mean() : squared.mean();
  critics_.online().zero_grad();
  critic_loss.backward();
  average(critics_.online().grads());
  critic_optimizer_.step();
  if (abs_td != nullptr) {
    torch::Tensor magnitude = td.detach().abs().mean(0).contiguous();
    abs_td->assign(magnitude.data_ptr<float>(), magnitude.data_ptr<float>() + magnitude.numel());
  }

  critics_.online().set_requires_grad(false);
  PolicyTerms terms = policy_terms(batch.states, alpha);
  critics_.online().set_requires_grad(true);
  torch::Tensor actor_loss = -terms.soft_value.mean();
  actor_->zero_grad();
  actor_loss.backward();
  average(actor_->grads());
  actor_optimizer_->step();

  if (value_) {
    torch::Tensor value_loss = 0.5 * (value_->v(batch.states) - terms.soft_value.detach()).square().mean();
    value_->online().zero_grad();
    value_loss.backward();
    average(value_->online().grads());
    value_optimizer_->step();
    value_->update_target(tau_);
  } else {
    critics_.update_target(tau_);
  }

  torch::Tensor packed = torch::stack({critic_loss.detach(), actor_loss.detach(), alpha.squeeze(),
                                       -terms.mean_log_prob, q.detach().mean()});
  torch::Tensor mean_log_prob = terms.mean_log_prob.reshape({1}).contiguous();
  average(mean_log_prob);
  temperature_.step(mean_log_prob.squeeze());
  const float* values = packed.data_ptr<float>();
  return {values[0], values[1], values[2], values[3], values[4]};
}

void SacLearner::average(torch::Tensor values) {
  if (replicas_ != nullptr && replicas_->size() > 1) replicas_->average(values);
}

void SacLearner::save(torch::serialize::OutputArchive& archive) const {
  save_network(archive, "actor", *actor_);
  save_targeted(archive, "critic", critics_);
  actor_optimizer_->save(archive, "actor_adam/");
  critic_optimizer_.save(archive, "critic_adam/");
  if (value_) {
    save_targeted(archive, "value", *value_);
    value_optimizer_->save(archive, "value_adam/");
  }
  temperature_.save(archive);
}

void SacLearner::load(torch::serialize::InputArchive& archive) {
  load_network(archive, "actor", *actor_);
  load_targeted(archive, "critic", critics_);
  actor_optimizer_->load(archive, "actor_adam/");
  critic_optimizer_.load(archive, "critic_adam/");
  if (value_) {
    load_targeted(archive, "value", *value_);
    value_optimizer_->load(archive, "value_adam/");
  }
  temperature_.load(archive);
}

}  // namespace hypera::sac
