#include "sac/agent/sac_config.h"

#include <sstream>
#include <stdexcept>

#include "sac/agent/action_bins.h"

namespace hypera::sac {
namespace {

template <class T>
void require(bool ok, const char* field, T value, const char* what) {
  if (ok) return;
  std::ostringstream message;
  message << "SacConfig." << field << ": " << value << " " << what;
  throw std::invalid_argument(message.str());
}

}  // namespace

bool is_discrete(const SacConfig& config) { return config.discrete_actions > 0; }

int64_t action_dim(const SacConfig& config) {
  return is_discrete(config) ? 1 : static_cast<int64_t>(config.action_low.size());
}

void validate(const SacConfig& config) {
  require(config.state_dim > 0, "state_dim", config.state_dim, "must be positive");
  if (is_discrete(config)) {
    require(config.discrete_actions > 1, "discrete_actions", config.discrete_actions, "must be at least 2");
    require(config.action_low.empty() && config.action_high.empty(), "action_low", config.action_low.size(),
            "bounds must be empty for discrete actions");
  } else {
    require(!config.action_low.empty(), "action_low", 0, "values: continuous actions need bounds");
    require(config.action_low.size() == config.action_high.size(), "action_high", config.action_high.size(),
            "values, must match action_low");
    for (size_t i = 0; i < config.action_low.size(); ++i) {
      require(config.action_low[i] < config.action_high[i], "action_high", config.action_high[i],
              "must exceed action_low");
    }
    if (config.action_bins != 0) ActionBins(config.action_low, config.action_high, config.action_bins);
  }
  require(!is_discrete(config) || config.action_bins == 0, "action_bins", config.action_bins,
          "applies to continuous actions only");
  require(!config.hidden.empty(), "hidden", 0, "layers: need at least one");
  for (int64_t width : config.hidden) require(width > 0, "hidden", width, "must be positive");
  require(config.activation == "relu" || config.activation == "tanh" || config.activation == "elu", "activation",
          config.activation, "is not relu, tanh or elu");
  require(config.actor_lr > 0, "actor_lr", config.actor_lr, "must be positive");
  require(config.critic_lr > 0, "critic_lr", config.critic_lr, "must be positive");
  require(config.alpha_lr > 0, "alpha_lr", config.alpha_lr, "must be positive");
  require(config.gamma >= 0 && config.gamma <= 1, "gamma", config.gamma, "outside [0, 1]");
  require(config.tau > 0 && config.tau <= 1, "tau", config.tau, "outside (0, 1]");
  require(config.grad_clip >= 0, "grad_clip", config.grad_clip, "must be >= 0");
  require(config.init_alpha > 0, "init_alpha", config.init_alpha, "must be positive");
  require(config.batch_size > 0, "batch_size", config.batch_size, "must be positive");
  require(config.buffer_capacity >= config.batch_size, "buffer_capacity", config.buffer_capacity,
          "must be at least batch_size");
  require(config.warmup_steps >= 0, "warmup_steps", config.warmup_steps, "must be >= 0");
  require(config.updates_per_step >= 0, "updates_per_step", config.updates_per_step, "must be >= 0");
  require(config.n_step >= 1, "n_step", config.n_step, "must be >= 1");
  require(config.priority_alpha >= 0, "priority_alpha", config.priority_alpha, "must be >= 0");
  require(config.priority_beta >= 0 && config.priority_beta <= 1, "priority_beta", config.priority_beta,
          "outside [0, 1]");
  require(config.priority_beta_steps > 0, "priority_beta_steps", config.priority_beta_steps, "must be positive");
}

}  // namespace hypera::sac
