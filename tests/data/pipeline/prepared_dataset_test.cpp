// PreparedDataset refuses files that are not complete prepared data sets, and loads from threads.
#include <gtest/gtest.h>

#include <H5Cpp.h>

#include <fstream>
#include <thread>

#include "support/input_error.h"
#include "data/pipeline/hdf5_lock.h"
#include "data/pipeline/prepared_dataset.h"
#include "pipeline_fixtures.h"
#include "common/scratch_folder.h"

namespace hypera::data {
namespace {

namespace fs = std::filesystem;
using test::ScratchFolder;

// Opens `path` and loads every sample; returns the InputError message, or "" when all went well.
std::string open_and_load_error(const fs::path& path) {
  try {
    const PreparedDataset dataset = PreparedDataset::open(path);
    for (const std::string& name : dataset.sample_names()) dataset.load(name);
  } catch (const InputError& error) {
    return error.what();
  }
  return "";
}

void expect_refused(const fs::path& path, const std::string& detail) {
  const std::string message = open_and_load_error(path);
  ASSERT_FALSE(message.empty()) << path << " was accepted";
  EXPECT_EQ(message.find(path.string()), 0u) << message;
  EXPECT_NE(message.find(detail), std::string::npos) << message;
  EXPECT_EQ(message.find('\n'), std::string::npos) << message;
}

TEST(PreparedDataset, TheIntactFileLoads) {
  EXPECT_EQ(open_and_load_error(testing::small_bbbc039_three_class().path), "");
}

TEST(PreparedDataset, TruncatedCopyIsRefused) {
  ScratchFolder dir;
  const fs::path source = testing::small_bbbc039_three_class().path;
  const auto full = fs::file_size(source);
  for (const double keep : {0.97, 0.5, 0.001}) {
    const fs::path cut = dir / ("cut_" + std::to_string(keep) + ".h5");
    fs::copy_file(source, cut);
    fs::resize_file(cut, static_cast<uintmax_t>(full * keep));
    expect_refused(cut, "truncated");
  }
}

TEST(PreparedDataset, OverwrittenChunkDataIsRefusedOnLoad) {
  ScratchFolder dir;
  const fs::path copy = dir / "scribbled.h5";
  fs::copy_file(testing::small_bbbc039_three_class().path, copy);
  {
    std::fstream file(copy, std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(static_cast<std::streamoff>(fs::file_size(copy) * 6 / 10));
    const std::string garbage(4096, '\xA5');
    file.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
  }
  expect_refused(copy, "sample");
}

TEST(PreparedDataset, NonHdf5FileIsRefused) {
  ScratchFolder dir;
  std::ofstream(dir / "notes.h5") << "this is plain text, not HDF5\n";
  expect_refused(dir / "notes.h5", "not an HDF5 file");
  expect_refused(dir / "absent.h5", "not found");
}

TEST(PreparedDataset, MissingSplitsGroupIsRefused) {
  ScratchFolder dir;
  const fs::path copy = dir / "no_splits.h5";
  fs::copy_file(testing::small_bbbc039_three_class().path, copy);
  {
    auto lock = lock_hdf5();
    H5::H5File file(copy.string(), H5F_ACC_RDWR);
    file.unlink("splits");
  }
  expect_refused(copy, "splits");
}

TEST(PreparedDataset, WrongFormatStringIsRefused) {
  ScratchFolder dir;
  const fs::path copy = dir / "other_format.h5";
  fs::copy_file(testing::small_bbbc039_three_class().path, copy);
  {
    auto lock = lock_hdf5();
    H5::H5File file(copy.string(), H5F_ACC_RDWR);
    file.removeAttr("format");
    H5::StrType type(H5::PredType::C_S1, H5T_VARIABLE);
    file.createAttribute("format", type, H5::DataSpace(H5S_SCALAR)).write(type, std::string("other-2"));
  }
  expect_refused(copy, "other-2");
}

TEST(PreparedDataset, UnknownSampleAndSplitAreInputErrors) {
  const PreparedDataset dataset = PreparedDataset::open(testing::small_bbbc039_three_class().path);
  EXPECT_THROW(dataset.load("no_such_sample"), InputError);
  EXPECT_THROW(dataset.split("train"), InputError);
}

TEST(PreparedDataset, ConcurrentLoadsMatchSerialLoads) {
  const PreparedDataset dataset = PreparedDataset::open(testing::small_bbbc039_three_class().path);
  const auto& names = dataset.sample_names();
  std::vector<Sample> serial;
  for (const std::string& name : names) serial.push_back(dataset.load(name));
  std::vector<Sample> parallel(names.size());
  std::vector<std::thread> threads;
  for (size_t t = 0; t < 3; ++t) {
    threads.emplace_back([&, t] {
      for (size_t i = t; i < names.size(); i += 3) parallel[i] = dataset.load(names[i]);
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (size_t i = 0; i < names.size(); ++i) {
    EXPECT_EQ(parallel[i].image.voxels, serial[i].image.voxels) << names[i];
    EXPECT_EQ(parallel[i].label.voxels, serial[i].label.voxels) << names[i];
    EXPECT_EQ(parallel[i].instances.voxels, serial[i].instances.voxels) << names[i];
  }
}

}  // namespace
}  // namespace hypera::data
