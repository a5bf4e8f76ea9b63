#include "data/io/nifti_library.h"

#include <nifti2_io.h>

#include <mutex>

namespace hypera::data {

void silence_nifticlib() {
  static std::once_flag once;
  std::call_once(once, [] { nifti_set_debug_level(0); });
}

}  // namespace hypera::data
