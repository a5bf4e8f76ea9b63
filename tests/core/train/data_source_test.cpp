// open_prepared_data: a prepared file without its checksum sidecar, or of the previous format, is prepared again
// when the source data is configured, refused when only the prepared file is given; a damaged one is refused,
// never overwritten.
#include <H5Cpp.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "common/expect_input_error.h"
#include "common/file_bytes.h"
#include "common/real_data.h"
#include "common/scratch_folder.h"
#include "core/train/data_source.h"
#include "data/pipeline/hdf5_lock.h"
#include "support/checksum_sidecar.h"

namespace hypera::core {
namespace {

namespace fs = std::filesystem;

// A small volume pair (the 91x109x91 white-matter atlas as image and mask): prepared in a fraction of a second.
DataOptions small_volume_pair(const fs::path& prepared) {
  DataOptions options;
  options.source = "volume_pair";
  options.image = test::mricron_template("JHU-WhiteMatter-labels-2mm.nii.gz").string();
  options.mask = options.image;
  options.prepared = prepared.string();
  return options;
}

TEST(OpenPreparedData, FileWithoutSidecarIsPreparedAgainFromItsSource) {
  test::ScratchFolder dir;
  const DataOptions options = small_volume_pair(dir / "data.h5");
  std::ostringstream first;
  open_prepared_data(options, first);
  EXPECT_EQ(first.str().rfind("preparing " + options.prepared + " from ", 0), 0u) << first.str();
  fs::remove(support::checksum_sidecar_of(options.prepared));
  std::ofstream(options.prepared, std::ios::binary | std::ios::app) << "written by an older HYPERA";
  std::ostringstream again;
  const data::PreparedDataset dataset = open_prepared_data(options, again);
  EXPECT_EQ(again.str().rfind(options.prepared + " has no checksum " + options.prepared + ".crc32c", 0), 0u)
      << again.str();
  EXPECT_NE(again.str().find("preparing it again from "), std::string::npos) << again.str();
  EXPECT_EQ(dataset.sample_names().size(), 5u);
  EXPECT_TRUE(support::read_checksum_sidecar(options.prepared).has_value());
}

TEST(OpenPreparedData, GivenPreparedFileWithoutSidecarIsRefused) {
  test::ScratchFolder dir;
  DataOptions options = small_volume_pair(dir / "data.h5");
  std::ostringstream log;
  open_prepared_data(options, log);
  fs::remove(support::checksum_sidecar_of(options.prepared));
  options.source = "prepared";
  const std::string message = test::input_error_message([&] { open_prepared_data(options, log); });
  EXPECT_EQ(message.rfind(options.prepared + ": no checksum", 0), 0u) << message;
  EXPECT_NE(message.find("prepare it again"), std::string::npos) << message;
  EXPECT_FALSE(support::read_checksum_sidecar(options.prepared).has_value());
}

// The prepared file turned into one of format 1 (its format attribute a variable-length string, as HYPERA wrote
// every string before format 2), with a matching sidecar.
void make_format_1(const DataOptions& options) {
  {
    auto lock = data::lock_hdf5();
    H5::H5File file(options.prepared, H5F_ACC_RDWR);
    file.removeAttr("format");
    const H5::StrType variable(H5::PredType::C_S1, H5T_VARIABLE);
    const char* format_1 = "hypera-prepared-1";
    file.createAttribute("format", variable, H5::DataSpace(H5S_SCALAR)).write(variable, &format_1);
  }
  support::write_checksum_sidecar(options.prepared, support::checksum_file(options.prepared));
}

TEST(OpenPreparedData, FileOfThePreviousFormatIsPreparedAgainFromItsSource) {
  test::ScratchFolder dir;
  DataOptions options = small_volume_pair(dir / "data.h5");
  std::ostringstream log;
  open_prepared_data(options, log);
  make_format_1(options);
  std::ostringstream again;
  EXPECT_EQ(open_prepared_data(options, again).info().format, "hypera-prepared-2");
  EXPECT_EQ(again.str().rfind(options.prepared + " is of the previous format hypera-prepared-1 (variable-length "
                                                 "strings): preparing it again from ", 0), 0u) << again.str();
  make_format_1(options);
  options.source = "prepared";  // nothing to prepare it from: refused, left as it is
  const std::vector<uint8_t> bytes = test::read_bytes(options.prepared);
  const std::string message = test::input_error_message([&] { open_prepared_data(options, log); });
  EXPECT_EQ(message.rfind(options.prepared + ": written in format hypera-prepared-1", 0), 0u) << message;
  EXPECT_EQ(test::read_bytes(options.prepared), bytes);
}

TEST(OpenPreparedData, DamagedFileIsRefusedNotOverwritten) {
  test::ScratchFolder dir;
  const DataOptions options = small_volume_pair(dir / "data.h5");
  std::ostringstream log;
  open_prepared_data(options, log);
  std::vector<uint8_t> bytes = test::read_bytes(options.prepared);
  bytes[bytes.size() / 2] ^= 0x01;
  test::write_bytes(options.prepared, bytes);
  const std::string message = test::input_error_message([&] { open_prepared_data(options, log); });
  EXPECT_EQ(message.rfind(options.prepared + ": damaged (CRC-32C ", 0), 0u) << message;
  EXPECT_EQ(test::read_bytes(options.prepared), bytes);
}

}  // namespace
}  // namespace hypera::core
