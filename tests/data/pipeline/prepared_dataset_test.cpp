// PreparedDataset refuses files that are not complete prepared data sets (damaged ones by their checksum
// sidecar, before HDF5 reads them), and loads from threads.
#include <gtest/gtest.h>

#include <H5Cpp.h>

#include <cmath>
#include <fstream>
#include <thread>

#include "support/checksum_sidecar.h"
#include "support/input_error.h"
#include "data/pipeline/hdf5_lock.h"
#include "data/pipeline/prepared_dataset.h"
#include "pipeline_fixtures.h"
#include "common/file_bytes.h"
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

// Gives `file` a sidecar that matches its bytes as they are now: a changed file that passes the checksum, as a
// crafted one would, so that the checks after H5Fopen are reached.
void seal(const fs::path& file) { support::write_checksum_sidecar(file, support::checksum_file(file)); }

// A copy of the small prepared BBBC039 file with its own sidecar (damage done to the copy then shows).
fs::path copy_with_sidecar(const fs::path& copy) {
  const fs::path source = testing::small_bbbc039_three_class().path;
  fs::copy_file(source, copy);
  fs::copy_file(support::checksum_sidecar_of(source), support::checksum_sidecar_of(copy));
  return copy;
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

TEST(PreparedDataset, FileWithoutSidecarIsRefused) {
  ScratchFolder dir;
  fs::copy_file(testing::small_bbbc039_three_class().path, dir / "older.h5");
  expect_refused(dir / "older.h5", "no checksum " + (dir / "older.h5.crc32c").string());
  expect_refused(dir / "older.h5", "prepare it again");
}

TEST(PreparedDataset, SizeDifferentFromSidecarIsDamage) {
  ScratchFolder dir;
  const fs::path source = testing::small_bbbc039_three_class().path;
  const auto full = fs::file_size(source);
  const fs::path cut = copy_with_sidecar(dir / "cut.h5");
  fs::resize_file(cut, full - 1);
  EXPECT_EQ(open_and_load_error(cut), cut.string() + ": damaged (" + std::to_string(full - 1) + " bytes, " +
                                          cut.string() + ".crc32c records " + std::to_string(full) +
                                          "; delete both and prepare again)");
  const fs::path longer = copy_with_sidecar(dir / "longer.h5");
  std::ofstream(longer, std::ios::binary | std::ios::app) << '\0';
  expect_refused(longer, "damaged (" + std::to_string(full + 1) + " bytes");
}

TEST(PreparedDataset, MalformedSidecarIsRefused) {
  ScratchFolder dir;
  const fs::path copy = copy_with_sidecar(dir / "copy.h5");
  std::ofstream(support::checksum_sidecar_of(copy)) << "not a checksum\n";
  const std::string message = open_and_load_error(copy);
  EXPECT_EQ(message.find(copy.string() + ".crc32c: not a checksum line"), 0u) << message;
}

TEST(PreparedDataset, TruncatedCopyIsRefused) {
  ScratchFolder dir;
  const fs::path source = testing::small_bbbc039_three_class().path;
  const auto full = fs::file_size(source);
  for (const double keep : {0.97, 0.5, 0.001}) {
    const fs::path cut = dir / ("cut_" + std::to_string(keep) + ".h5");
    fs::copy_file(source, cut);
    fs::resize_file(cut, static_cast<uintmax_t>(full * keep));
    seal(cut);
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
  seal(copy);
  expect_refused(copy, "sample");
}

TEST(PreparedDataset, NonHdf5FileIsRefused) {
  ScratchFolder dir;
  std::ofstream(dir / "notes.h5") << "this is plain text, not HDF5\n";
  seal(dir / "notes.h5");
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
  seal(copy);
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
  seal(copy);
  expect_refused(copy, "other-2");
}

// A copy of the small prepared BBBC039 file, changed by `edit` (given the open file, under lock_hdf5()), then
// sealed.
template <class Edit>
fs::path edited_copy(const ScratchFolder& dir, const std::string& name, Edit&& edit) {
  const fs::path copy = dir / name;
  fs::copy_file(testing::small_bbbc039_three_class().path, copy);
  {
    auto lock = lock_hdf5();
    H5::H5File file(copy.string(), H5F_ACC_RDWR);
    edit(file);
  }
  seal(copy);
  return copy;
}

// Replaces the string attribute `name` of `object` with one of `type` and `space`, written from `data`
// (nothing is written when `data` is null).
void replace_attribute(H5::H5Object& object, const std::string& name, const H5::DataType& type,
                       const H5::DataSpace& space, const void* data) {
  object.removeAttr(name);
  H5::Attribute attribute = object.createAttribute(name, type, space);
  if (data) attribute.write(type, data);
}

TEST(PreparedDataset, MalformedStringAttributesAreRefused) {
  ScratchFolder dir;
  const H5::StrType variable(H5::PredType::C_S1, H5T_VARIABLE);
  const char* null_string = nullptr;
  const char* two_strings[2] = {"hypera-prepared-1", "three_class"};
  const int32_t number = 7;
  const hsize_t two = 2;
  for (const char* attribute : {"format", "target"}) {
    const std::string prefix = std::string(attribute) + "_";
    const fs::path null_value = edited_copy(dir, prefix + "null_value.h5", [&](H5::H5File& file) {
      replace_attribute(file, attribute, variable, H5::DataSpace(H5S_SCALAR), &null_string);
    });
    expect_refused(null_value, std::string("attribute '") + attribute + "' holds a null string");
    const fs::path null_space = edited_copy(dir, prefix + "null_space.h5", [&](H5::H5File& file) {
      replace_attribute(file, attribute, variable, H5::DataSpace(H5S_NULL), nullptr);
    });
    expect_refused(null_space, std::string("attribute '") + attribute + "' must hold 1 value");
    const fs::path pair = edited_copy(dir, prefix + "pair.h5", [&](H5::H5File& file) {
      replace_attribute(file, attribute, variable, H5::DataSpace(1, &two), two_strings);
    });
    expect_refused(pair, std::string("attribute '") + attribute + "' must hold 1 value");
    const fs::path integer = edited_copy(dir, prefix + "integer.h5", [&](H5::H5File& file) {
      replace_attribute(file, attribute, H5::PredType::NATIVE_INT32, H5::DataSpace(H5S_SCALAR), &number);
    });
    expect_refused(integer, std::string("attribute '") + attribute + "' is not a string");
  }
}

// The first sample of the small BBBC039 file (alphabetical order).
std::string first_sample() {
  return PreparedDataset::open(testing::small_bbbc039_three_class().path).sample_names().front();
}

// Replaces dataset `name` of group `group` with an unwritten chunked dataset of `dims` (no storage is
// allocated in the file for it, so any size is cheap to declare).
void replace_dataset(H5::H5File& file, const std::string& group, const std::string& name, const H5::PredType& type,
                     const std::vector<hsize_t>& dims) {
  file.unlink(group + "/" + name);
  H5::DSetCreatPropList properties;
  const std::vector<hsize_t> chunk(dims.size(), 1);
  properties.setChunk(int(chunk.size()), chunk.data());
  file.createDataSet(group + "/" + name, type, H5::DataSpace(int(dims.size()), dims.data()), properties);
}

TEST(PreparedDataset, DeclaredSampleSizesAreCheckedBeforeReading) {
  ScratchFolder dir;
  const std::string sample = std::string("samples/") + first_sample();
  // Image, label and instances of one size.
  const auto resize_all = [&](H5::H5File& file, const std::vector<hsize_t>& dims) {
    replace_dataset(file, sample, "image", H5::PredType::NATIVE_FLOAT, dims);
    replace_dataset(file, sample, "label", H5::PredType::NATIVE_UINT8, dims);
    replace_dataset(file, sample, "instances", H5::PredType::NATIVE_INT32, dims);
  };
  // 2^40 voxels (allocating them would need terabytes).
  const fs::path huge = edited_copy(dir, "huge.h5", [&](H5::H5File& file) {
    resize_all(file, {1, hsize_t(1) << 20, hsize_t(1) << 20});
  });
  expect_refused(huge, "HYPERA_MAX_VOXELS");
  const fs::path mismatch = edited_copy(dir, "mismatch.h5", [&](H5::H5File& file) {
    replace_dataset(file, sample, "label", H5::PredType::NATIVE_UINT8, {1, 1, hsize_t(1) << 40});
  });
  expect_refused(mismatch, "have different shapes");
  const fs::path empty = edited_copy(dir, "empty.h5", [&](H5::H5File& file) { resize_all(file, {1, 0, 5}); });
  expect_refused(empty, "not positive");
  // A split that declares 2^40 names.
  const fs::path long_split = edited_copy(dir, "long_split.h5", [&](H5::H5File& file) {
    file.unlink("splits/test");
    H5::DSetCreatPropList properties;
    const hsize_t chunk = 1, count = hsize_t(1) << 40;
    properties.setChunk(1, &chunk);
    file.createDataSet("splits/test", H5::StrType(H5::PredType::C_S1, H5T_VARIABLE), H5::DataSpace(1, &count),
                       properties);
  });
  expect_refused(long_split, "dataset 'test' holds 1099511627776 strings");
  const fs::path nan_spacing = edited_copy(dir, "nan_spacing.h5", [&](H5::H5File& file) {
    H5::Group group = file.openGroup(sample);
    const double spacing[3] = {1, std::nan(""), 1};
    const hsize_t three = 3;
    replace_attribute(group, "spacing", H5::PredType::NATIVE_DOUBLE, H5::DataSpace(1, &three), spacing);
  });
  expect_refused(nan_spacing, "spacing is not positive");
}

// Single bytes of the first 4 KB inverted (superblock, root group B-tree and heap, attribute messages,
// sample links, the global heap of the attribute strings; e.g. 910: source_kind becomes a null string), also
// 2079, 2114 and 2142, the high bytes of the global heap's object sizes, which crash HDF5 1.10.8 itself
// (H5HG_read copies the corrupt size): damage, so each copy is refused by its checksum before HDF5 opens it.
TEST(PreparedDataset, FlippedBytesAreRefusedBeforeHdf5) {
  ScratchFolder dir;
  const std::vector<uint8_t> original = test::read_bytes(testing::small_bbbc039_three_class().path);
  const std::vector<size_t> offsets = {0, 910, 2079, 2114, 2142, original.size() - 1};
  for (const size_t offset : offsets) {
    const fs::path copy = copy_with_sidecar(dir / ("flipped_" + std::to_string(offset) + ".h5"));
    std::vector<uint8_t> bytes = original;
    bytes[offset] ^= 0xFF;
    test::write_bytes(copy, bytes);
    const std::string message = open_and_load_error(copy);
    EXPECT_EQ(message.find(copy.string() + ": damaged (CRC-32C "), 0u) << offset << ": " << message;
    EXPECT_NE(message.find(" in " + copy.string() + ".crc32c; delete both and prepare again)"), std::string::npos)
        << message;
  }
}

// The same bytes inverted in sealed copies (a crafted file with a matching sidecar), so that HDF5 and the
// checks after H5Fopen see them: each copy either loads or is refused with one InputError line, and HDF5 prints
// nothing of its own. The offsets were picked from a scan of every 7th byte to reach each kind of failure once.
// Left out: 2079, 2114 and 2142, which still crash HDF5 1.10.8 in a sealed copy (nothing before H5Aread can
// see the corrupt size), and 910 and 1127, whose attribute messages HDF5 reads past its buffer in H5Aexists (16
// and 4 bytes; AddressSanitizer: bench/sanitize/run.sh, 1127 found on 2026-12-06 where spatial_dims_of_samples is
// looked up); the checksum keeps damaged files away from HDF5, not crafted ones.
// The null string that 910 makes is refused in MalformedStringAttributesAreRefused.
TEST(PreparedDataset, FlippedHeaderBytesInSealedCopiesLoadOrAreRefused) {
  ScratchFolder dir;
  const std::vector<uint8_t> original = test::read_bytes(testing::small_bbbc039_three_class().path);
  const size_t offsets[] = {0,   14,   21,   28,   105,  112,  140,  161,  700,  728, 854,
                            889, 952, 1001, 1106, 1218, 1253, 1820, 1960, 2065, 2086, 2170};
  int refused = 0;
  for (const size_t offset : offsets) {
    std::vector<uint8_t> bytes = original;
    bytes[offset] ^= 0xFF;
    const fs::path copy = dir / ("flipped_" + std::to_string(offset) + ".h5");
    test::write_bytes(copy, bytes);
    seal(copy);
    ::testing::internal::CaptureStderr();
    const std::string message = open_and_load_error(copy);
    EXPECT_EQ(::testing::internal::GetCapturedStderr(), "") << offset;
    if (message.empty()) continue;
    ++refused;
    EXPECT_EQ(message.find(copy.string()), 0u) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  }
  EXPECT_GE(refused, 20);  // most of these bytes matter
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
    EXPECT_EQ(parallel[i].channels[0].voxels, serial[i].channels[0].voxels) << names[i];
    EXPECT_EQ(parallel[i].label.voxels, serial[i].label.voxels) << names[i];
    EXPECT_EQ(parallel[i].instances.voxels, serial[i].instances.voxels) << names[i];
  }
}

}  // namespace
}  // namespace hypera::data
