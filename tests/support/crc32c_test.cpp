#include <gtest/gtest.h>

#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "support/crc32c.h"
#include "common/reference_crc32c.h"

namespace hypera::support {
namespace {

TEST(Crc32c, PublishedVectors) {
  const std::string digits = "123456789";
  EXPECT_EQ(crc32c(digits.data(), digits.size()), 0xE3069283u);
  // RFC 3720 (iSCSI) appendix B.4 vectors.
  std::vector<uint8_t> bytes(32, 0x00);
  EXPECT_EQ(crc32c(bytes.data(), bytes.size()), 0x8A9136AAu);
  std::fill(bytes.begin(), bytes.end(), 0xFF);
  EXPECT_EQ(crc32c(bytes.data(), bytes.size()), 0x62A8AB43u);
  std::iota(bytes.begin(), bytes.end(), 0);
  EXPECT_EQ(crc32c(bytes.data(), bytes.size()), 0x46DD794Eu);
  EXPECT_EQ(crc32c(nullptr, 0), 0u);
}

TEST(Crc32c, SlicingMatchesBitwiseDefinitionAtEveryLengthAndAlignment) {
  std::mt19937 rng(7);
  std::vector<uint8_t> bytes(300);
  for (auto& b : bytes) b = static_cast<uint8_t>(rng());
  for (std::size_t offset = 0; offset < 8; ++offset) {
    for (std::size_t length = 0; offset + length <= bytes.size(); length += 1 + length / 16) {
      ASSERT_EQ(crc32c(bytes.data() + offset, length), test::reference_crc32c(bytes.data() + offset, length))
          << "offset " << offset << " length " << length;
    }
  }
}

TEST(Crc32c, ExtendEqualsWholeAtEverySplit) {
  const std::string text = "TensorBoard event files frame every record with CRC-32C.";
  const uint32_t whole = crc32c(text.data(), text.size());
  for (std::size_t split = 0; split <= text.size(); ++split) {
    const uint32_t head = crc32c(text.data(), split);
    EXPECT_EQ(crc32c_extend(head, text.data() + split, text.size() - split), whole) << split;
  }
}

TEST(Crc32c, MaskMatchesTensorBoard) {
  // Printed by TensorBoard 2.21: tensorboard.compat.tensorflow_stub.pywrap_tensorflow.masked_crc32c(b"123456789").
  const std::string digits = "123456789";
  EXPECT_EQ(mask_crc32c(crc32c(digits.data(), digits.size())), 0xC78AB0E5u);
}

}  // namespace
}  // namespace hypera::support
