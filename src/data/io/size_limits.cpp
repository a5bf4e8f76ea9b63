#include "data/io/size_limits.h"

#include <algorithm>
#include <cstdlib>
#include <limits>
#include <string>

#include "data/io/file_error.h"
#include "support/input_error.h"

namespace hypera::data {
namespace {

constexpr int64_t kDefaultMaxVoxels = int64_t{1} << 30;
constexpr const char* kMaxVoxelsVariable = "HYPERA_MAX_VOXELS";

}  // namespace

int64_t max_voxels_from_setting(const char* value) {
  if (value == nullptr) return kDefaultMaxVoxels;
  const std::string text(value);
  const bool digits_only = !text.empty() && text.size() <= 18 &&
                           std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
  const int64_t limit = digits_only ? std::stoll(text) : 0;
  if (limit < 1) {
    throw InputError(std::string(kMaxVoxelsVariable) +
                     ": must be a positive integer (the most voxels one image may hold), got '" + text + "'");
  }
  return limit;
}

int64_t max_voxels_per_image() {
  // The variable is read once; an invalid value is reported by every call, so each command that reads an
  // image fails with the same one-line error.
  struct Setting {
    int64_t limit = 0;
    std::string error;
  };
  static const Setting setting = [] {
    Setting result;
    try {
      result.limit = max_voxels_from_setting(std::getenv(kMaxVoxelsVariable));
    } catch (const InputError& error) {
      result.error = error.what();
    }
    return result;
  }();
  if (!setting.error.empty()) throw InputError(setting.error);
  return setting.limit;
}

int64_t checked_voxel_count(const std::filesystem::path& file, std::initializer_list<int64_t> dims) {
  const int64_t limit = max_voxels_per_image();
  std::string shape;
  for (int64_t d : dims) shape += (shape.empty() ? "" : " x ") + std::to_string(d);
  int64_t count = 1;
  bool exceeded = false;
  for (int64_t d : dims) {
    if (d < 1) throw_file_error(file, "dimension " + std::to_string(d) + " is not positive (size " + shape + ")");
    if (exceeded || count > limit / d)
      exceeded = true;  // count * d > limit, without overflowing
    else
      count *= d;
  }
  if (exceeded) {
    throw_file_error(file,
                     shape + " voxels exceed the limit of " + std::to_string(limit) + " (raise HYPERA_MAX_VOXELS)");
  }
  return count;
}

void require_bytes_present(const std::filesystem::path& file, uint64_t needed, uint64_t present,
                           const std::string& what) {
  if (needed > present) {
    throw_file_error(file, what + " needs " + std::to_string(needed) + " bytes but only " + std::to_string(present) +
                               " are present (truncated or corrupt)");
  }
}

uint64_t deflate_output_bound(uint64_t compressed_bytes) {
  constexpr uint64_t kRatio = 1032;
  constexpr uint64_t kSlack = 1024;
  constexpr uint64_t kMax = std::numeric_limits<uint64_t>::max();
  if (compressed_bytes > (kMax - kSlack) / kRatio) return kMax;
  return compressed_bytes * kRatio + kSlack;
}

uint64_t checked_byte_count(const std::filesystem::path& file, uint64_t count, uint64_t bytes_each,
                            const std::string& what) {
  if (bytes_each != 0 && count > std::numeric_limits<uint64_t>::max() / bytes_each) {
    throw_file_error(file,
                     what + " of " + std::to_string(count) + " x " + std::to_string(bytes_each) + " bytes overflows");
  }
  return count * bytes_each;
}

void throw_out_of_memory(const std::filesystem::path& file) {
  throw_file_error(file, "too large to read (out of memory)");
}

}  // namespace hypera::data
