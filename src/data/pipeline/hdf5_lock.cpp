#include "data/pipeline/hdf5_lock.h"

#include <H5Cpp.h>

namespace hypera::data {

std::unique_lock<std::mutex> lock_hdf5() {
  static std::mutex mutex;
  std::unique_lock<std::mutex> lock(mutex);
  static const bool silenced = [] {
    H5::Exception::dontPrint();
    return true;
  }();
  (void)silenced;
  return lock;
}

}  // namespace hypera::data
