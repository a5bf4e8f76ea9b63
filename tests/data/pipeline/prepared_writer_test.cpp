// write_prepared_file: the file and its checksum sidecar are put in place together, and a failed write leaves
// the old pair as it was.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "common/file_bytes.h"
#include "common/scratch_folder.h"
#include "data/pipeline/prepared_writer.h"
#include "pipeline_fixtures.h"
#include "support/checksum_sidecar.h"

namespace hypera::data {
namespace {

namespace fs = std::filesystem;

std::vector<uint8_t> bytes_of(const std::string& text) { return std::vector<uint8_t>(text.begin(), text.end()); }

// Whether `file`'s sidecar exists and records its size and CRC-32C.
bool sidecar_matches(const fs::path& file) {
  const auto recorded = support::read_checksum_sidecar(file);
  const support::FileChecksum actual = support::checksum_file(file);
  return recorded && recorded->size == actual.size && recorded->crc32c == actual.crc32c;
}

TEST(WritePreparedFile, ReplacesFileAndSidecarTogether) {
  test::ScratchFolder dir;
  const fs::path file = dir / "data.h5";
  write_prepared_file(file, [](const fs::path& staged) { test::write_bytes(staged, bytes_of("first version")); });
  EXPECT_EQ(test::read_text(file), "first version");
  EXPECT_TRUE(sidecar_matches(file));
  write_prepared_file(file, [&](const fs::path& staged) {
    EXPECT_EQ(staged, dir / "data.h5.tmp");
    EXPECT_TRUE(sidecar_matches(file));  // while the new file is written, the old pair is untouched
    test::write_bytes(staged, bytes_of("the second, longer version"));
  });
  EXPECT_EQ(test::read_text(file), "the second, longer version");
  EXPECT_TRUE(sidecar_matches(file));
  EXPECT_FALSE(fs::exists(dir / "data.h5.tmp"));
  EXPECT_FALSE(fs::exists(dir / "data.h5.crc32c.tmp"));
}

TEST(WritePreparedFile, PreparedFilesHaveMatchingSidecars) {
  EXPECT_TRUE(sidecar_matches(testing::small_bbbc039_three_class().path));
  EXPECT_TRUE(sidecar_matches(testing::ch2_slabs().path));
}

TEST(WritePreparedFile, FailedWriteKeepsTheOldPair) {
  test::ScratchFolder dir;
  const fs::path file = dir / "data.h5";
  write_prepared_file(file, [](const fs::path& staged) { test::write_bytes(staged, bytes_of("good")); });
  const std::string sidecar = test::read_text(support::checksum_sidecar_of(file));
  EXPECT_THROW(write_prepared_file(file,
                                   [](const fs::path& staged) {
                                     test::write_bytes(staged, bytes_of("half"));
                                     throw std::runtime_error("bad source");
                                   }),
               std::runtime_error);
  EXPECT_EQ(test::read_text(file), "good");
  EXPECT_EQ(test::read_text(support::checksum_sidecar_of(file)), sidecar);
  EXPECT_FALSE(fs::exists(dir / "data.h5.tmp"));
}

TEST(PreparedWriter, RefusesClassNamesThatDoNotSuitTheTarget) {
  const test::ScratchFolder dir;
  EXPECT_THROW(PreparedWriter(dir.path() / "a.h5", "nnunet", TargetKind::Classes, {"background", "a b"}, 3),
               std::invalid_argument);
  EXPECT_THROW(PreparedWriter(dir.path() / "b.h5", "nifti", TargetKind::Foreground, {"background", "brain"}, 3),
               std::invalid_argument);
}

}  // namespace
}  // namespace hypera::data
