#include "sac/replay/sample_checks.h"

#include <stdexcept>
#include <string>

namespace hypera::sac {

void check_sample_request(int64_t batch_size, int64_t size) {
  if (batch_size <= 0) {
    throw std::invalid_argument("replay sample: batch_size " + std::to_string(batch_size) + " must be positive");
  }
  if (size == 0) throw std::logic_error("replay sample: the buffer is empty");
}

}  // namespace hypera::sac
