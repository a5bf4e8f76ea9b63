#include "sac/replay/replay_factory.h"

#include "sac/replay/uniform_replay.h"

namespace hypera::sac {

std::unique_ptr<ReplayBuffer> make_replay_buffer(bool prioritized, int64_t capacity, int64_t state_dim,
                                                 int64_t action_dim, const PriorityOptions& options) {
  if (prioritized) return std::make_unique<PrioritizedReplay>(capacity, state_dim, action_dim, options);
  return std::make_unique<UniformReplay>(capacity, state_dim, action_dim);
}

}  // namespace hypera::sac
