#pragma once
// Chooses the replay-buffer implementation from configuration.
#include <cstdint>
#include <memory>

#include "sac/replay/prioritized_replay.h"
#include "sac/replay/replay_buffer.h"

namespace hypera::sac {

// A PrioritizedReplay with `options` when `prioritized`, otherwise a UniformReplay (options unused).
// Throws std::invalid_argument as the chosen constructor does.
std::unique_ptr<ReplayBuffer> make_replay_buffer(bool prioritized, int64_t capacity, int64_t state_dim,
                                                 int64_t action_dim, const PriorityOptions& options);

}  // namespace hypera::sac
