// The size checks every reader applies before it reserves memory for a file's data.
#include "data/io/size_limits.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>

#include "common/expect_input_error.h"
#include "support/input_error.h"

namespace hypera::data {
namespace {

using test::expect_input_error;

const std::filesystem::path kFile = "masks/hostile.png";

TEST(SizeLimits, DefaultLimitIsTwoToTheThirty) {
  EXPECT_EQ(max_voxels_from_setting(nullptr), int64_t{1} << 30);
  EXPECT_EQ(max_voxels_from_setting("5000"), 5000);
}

TEST(SizeLimits, InvalidSettingNamesTheVariable) {
  for (const char* bad : {"", "0", "-3", "12abc", "1e9", "99999999999999999999999"}) {
    const std::string message = test::input_error_message([&] { max_voxels_from_setting(bad); });
    EXPECT_NE(message.find("HYPERA_MAX_VOXELS"), std::string::npos) << "'" << bad << "' gave: " << message;
  }
}

TEST(SizeLimits, VoxelCountWithinTheLimit) { EXPECT_EQ(checked_voxel_count(kFile, {520, 696, 1}), 520 * 696); }

TEST(SizeLimits, VoxelCountOverTheLimitNamesFileAndVariable) {
  const std::string message = test::input_error_message([] { checked_voxel_count(kFile, {30000, 30000, 2}); });
  EXPECT_EQ(message.rfind(kFile.string() + ": 30000 x 30000 x 2 voxels exceed the limit of", 0), 0u) << message;
  EXPECT_NE(message.find("raise HYPERA_MAX_VOXELS"), std::string::npos) << message;
}

TEST(SizeLimits, VoxelCountThatOverflows64BitsIsRejected) {
  // 2^32 * 2^32 * 16 wraps to 0 in 64-bit arithmetic.
  const int64_t big = int64_t{1} << 32;
  expect_input_error([&] { checked_voxel_count(kFile, {big, big, 16}); }, kFile);
}

TEST(SizeLimits, NonPositiveDimensionIsRejected) {
  const std::string message = test::input_error_message([] { checked_voxel_count(kFile, {64, 0, 3}); });
  EXPECT_NE(message.find("dimension 0 is not positive"), std::string::npos) << message;
  expect_input_error([] { checked_voxel_count(kFile, {-1, 4}); }, kFile);
}

TEST(SizeLimits, BytesPresent) {
  require_bytes_present(kFile, 100, 100, "pixel data");
  const std::string message = test::input_error_message([] { require_bytes_present(kFile, 101, 100, "pixel data"); });
  EXPECT_EQ(message.rfind(kFile.string() + ": pixel data", 0), 0u) << message;
}

TEST(SizeLimits, DeflateBoundSaturates) {
  EXPECT_GE(deflate_output_bound(2000), 2000u * 1032);
  EXPECT_LT(deflate_output_bound(2000), 2000u * 1033);
  EXPECT_EQ(deflate_output_bound(std::numeric_limits<uint64_t>::max() / 2), std::numeric_limits<uint64_t>::max());
}

TEST(SizeLimits, ByteCountOverflowIsRejected) {
  EXPECT_EQ(checked_byte_count(kFile, 1000, 8, "voxel data"), 8000u);
  expect_input_error([] { checked_byte_count(kFile, uint64_t{1} << 62, 8, "voxel data"); }, kFile);
}

TEST(SizeLimits, OutOfMemoryInsideAReaderNamesTheFile) {
  expect_input_error([] { with_out_of_memory_as_input_error(kFile, []() -> int { throw std::bad_alloc(); }); }, kFile);
  EXPECT_EQ(with_out_of_memory_as_input_error(kFile, [] { return 7; }), 7);
}

}  // namespace
}  // namespace hypera::data
