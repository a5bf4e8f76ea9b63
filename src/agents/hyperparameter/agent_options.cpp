#include "agents/hyperparameter/agent_options.h"

namespace hypera::agents {

core::ConfigSection agent_options_section(AgentOptions& o) {
  return [&o](core::OptionTable& t) {
    t.add("agents.enabled", &o.enabled, "hyperparameter agents: all, or names (empty: fixed settings)");
    t.add("agents.disabled", &o.disabled, "agents removed from agents.enabled (ablations)");
    t.add_choice("agents.strategy", &o.strategy, {"weighted_average", "priority_based", "consensus"},
                 "how proposals of several agents for one hyperparameter are combined");
    t.add("agents.consensus_tolerance", &o.consensus_tolerance, "consensus: largest relative spread", {{0, 10}});
    t.add("agents.lr_every", &o.lr_every, "batches between learning-rate decisions", {{1, 1e9}});
    t.add("agents.loss_every", &o.loss_every, "batches between loss-weight decisions", {{1, 1e9}});
    t.add("agents.hidden", &o.hidden, "SAC hidden layer widths, comma-separated");
    t.add("agents.sac_batch", &o.sac_batch, "SAC minibatch size", {{1, 1e6}});
    t.add("agents.warmup", &o.warmup, "decisions with uniform random actions per agent", {{0, 1e9}});
    t.add("agents.gamma", &o.gamma, "discount per decision", {{0, 1}});
    t.add("agents.n_step", &o.n_step, "n-step returns", {{1, 100}});
    t.add("agents.reward_clip", &o.reward_clip, "clip of z-scored rewards", {{0.1, 100}});
    t.add_choice("agents.policy", &o.policy, {"learned", "neutral", "random"},
                 "learned: SAC policies; neutral: every agent keeps the configured values (the fixed-schedule run, "
                 "bit for bit); random: uniform random actions (a control)");
    t.add("agents.learn", &o.learn,
          "false: the agents act deterministically and store nothing (deployed agents, needs --agents-from)");
    t.add_choice("agents.reward", &o.reward, {"agent", "team"},
                 "agent: each agent's own reward terms; team: one shared reward (validation improvement, end of run)");
    t.add("agents.baseline_score", &o.baseline_score,
          "validation score of the paired fixed-schedule run: the end-of-run reward becomes 10 x (final validation "
          "- this) (meta-train sets it; empty: 10 x (best - first validation))");
  };
}

}  // namespace hypera::agents
