// checksum_sidecar.h: the streamed checksum of a file, the sidecar's one line, and its refusal of bad sidecars.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "common/expect_input_error.h"
#include "common/file_bytes.h"
#include "common/reference_crc32c.h"
#include "common/scratch_folder.h"
#include "support/checksum_sidecar.h"

namespace hypera::support {
namespace {

namespace fs = std::filesystem;

// 2 MiB and 5 bytes: the streamed checksum crosses two chunk boundaries.
std::vector<uint8_t> random_bytes() {
  std::mt19937 random(7);
  std::vector<uint8_t> bytes((size_t(2) << 20) + 5);
  for (uint8_t& byte : bytes) byte = static_cast<uint8_t>(random());
  return bytes;
}

TEST(ChecksumSidecar, StreamedChecksumIsTheChecksumOfTheWholeFile) {
  test::ScratchFolder dir;
  const std::vector<uint8_t> bytes = random_bytes();
  test::write_bytes(dir / "data.bin", bytes);
  const FileChecksum checksum = checksum_file(dir / "data.bin");
  EXPECT_EQ(checksum.size, bytes.size());
  EXPECT_EQ(checksum.crc32c, test::reference_crc32c(bytes.data(), bytes.size()));
  test::write_bytes(dir / "empty.bin", {});
  EXPECT_EQ(checksum_file(dir / "empty.bin").size, 0u);
  EXPECT_EQ(checksum_file(dir / "empty.bin").crc32c, 0u);
  test::expect_input_error([&] { checksum_file(dir / "absent.bin"); }, dir / "absent.bin");
}

TEST(ChecksumSidecar, WrittenLineReadsBack) {
  test::ScratchFolder dir;
  const fs::path file = dir / "data.h5";
  write_checksum_sidecar(file, {34816, 0x0a2b3c4d});
  EXPECT_EQ(test::read_text(dir / "data.h5.crc32c"), "34816 0a2b3c4d\n");
  const auto read = read_checksum_sidecar(file);
  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(read->size, 34816u);
  EXPECT_EQ(read->crc32c, 0x0a2b3c4du);
  EXPECT_FALSE(fs::exists(dir / "data.h5.crc32c.tmp"));
}

TEST(ChecksumSidecar, RemovedOrAbsentSidecarReadsAsNone) {
  test::ScratchFolder dir;
  const fs::path file = dir / "data.h5";
  EXPECT_FALSE(read_checksum_sidecar(file).has_value());
  write_checksum_sidecar(file, {1, 2});
  remove_checksum_sidecar(file);
  EXPECT_FALSE(fs::exists(checksum_sidecar_of(file)));
  EXPECT_FALSE(read_checksum_sidecar(file).has_value());
  remove_checksum_sidecar(file);  // nothing to remove
}

TEST(ChecksumSidecar, MalformedSidecarsAreRefusedNamingThem) {
  test::ScratchFolder dir;
  const fs::path file = dir / "data.h5";
  const fs::path sidecar = dir / "data.h5.crc32c";
  const std::vector<std::string> texts = {"", "34816\n", "34816 1A2B3C4D\n", "34816 1a2b3c4\n", "-1 1a2b3c4d\n",
                                          "34816 1a2b3c4d\n\n", "34816  1a2b3c4d", "34816 1a2b3c4d 7\n",
                                          "99999999999999999999 1a2b3c4d\n", std::string(1000, '1') + " 1a2b3c4d\n"};
  for (const std::string& text : texts) {
    test::write_bytes(sidecar, std::vector<uint8_t>(text.begin(), text.end()));
    test::expect_input_error([&] { read_checksum_sidecar(file); }, sidecar);
  }
  test::write_bytes(sidecar, {'7', ' ', '0', '0', '0', '0', '0', '0', '0', 'f'});  // no newline: accepted
  EXPECT_EQ(read_checksum_sidecar(file)->crc32c, 15u);
}

}  // namespace
}  // namespace hypera::support
