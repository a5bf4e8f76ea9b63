#pragma once
// What one SAC gradient update reports (for logs and tests; reading them costs one host read per update).
namespace hypera::sac {

struct UpdateStats {
  double critic_loss = 0;  // mean over both critics of the (importance-weighted) squared TD error
  double actor_loss = 0;   // E[alpha log pi - min Q] over the batch (exact expectation for discrete actions)
  double alpha = 0;        // the temperature used in this update (before its own step)
  double entropy = 0;      // -E[log pi] over the batch (tanh space for continuous actions)
  double mean_q = 0;       // mean online Q of the batch's actions over both critics
};

}  // namespace hypera::sac
