#pragma once
// Argument checks shared by the replay-buffer implementations.
#include <cstdint>

namespace hypera::sac {

// Throws std::invalid_argument when batch_size <= 0 and std::logic_error when size == 0 (nothing to sample).
void check_sample_request(int64_t batch_size, int64_t size);

}  // namespace hypera::sac
