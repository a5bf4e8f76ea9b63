// write_npz and write_zip: .npz archives read back by read_npz and read_zip, their .npy headers laid out as
// NumPy's format description (numpy.lib.format, version 1.0) says, the ZIP fields as the PKWARE application
// note says, and probability_array as the inverse of class_volumes. NumPy itself is not needed.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <stdexcept>

#include "common/expect_input_error.h"
#include "common/file_bytes.h"
#include "common/scratch_folder.h"
#include "data/io/npy_io.h"
#include "data/io/zip_archive.h"

namespace hypera::data {
namespace {

uint64_t field(const std::vector<uint8_t>& bytes, size_t offset, int width) {
  uint64_t value = 0;
  for (int i = width - 1; i >= 0; --i) value = (value << 8) | bytes.at(offset + size_t(i));
  return value;
}

NpyArray ramp(std::vector<int64_t> shape) {
  NpyArray array{std::move(shape), {}};
  int64_t count = 1;
  for (const int64_t extent : array.shape) count *= extent;
  for (int64_t i = 0; i < count; ++i) array.values.push_back(float(i) * 0.1f - 1.0f);
  return array;
}

TEST(NpzWriter, ReadNpzReadsBackNamesShapesAndValues) {
  test::ScratchFolder scratch;
  NpyArray special = ramp({6});
  special.values = {0.0f, -0.0f, 1e-45f, std::numeric_limits<float>::max(), -1.5f, 0.3333333f};
  const std::map<std::string, NpyArray> written = {
      {"probabilities", ramp({2, 3, 4, 5})}, {"plane", ramp({3, 7, 2})}, {"special", special}, {"scalar", ramp({})}};
  write_npz(scratch / "case.npz", written);
  const auto read = read_npz(scratch / "case.npz");
  ASSERT_EQ(read.size(), written.size());
  for (const auto& [name, array] : written) {
    ASSERT_EQ(read.count(name), 1u) << name;
    EXPECT_EQ(read.at(name).shape, array.shape) << name;
    ASSERT_EQ(read.at(name).values.size(), array.values.size()) << name;
    // Bitwise: the sign of -0 and the subnormal survive.
    EXPECT_EQ(std::memcmp(read.at(name).values.data(), array.values.data(), array.values.size() * sizeof(float)), 0)
        << name;
  }
}

TEST(NpzWriter, NpyHeadersStartTheDataAtAMultipleOf64Bytes) {
  test::ScratchFolder scratch;
  write_npz(scratch / "a.npz", {{"probabilities", ramp({2, 17, 19, 23})}, {"one_axis", ramp({5})}});
  const auto members = read_zip(scratch / "a.npz", std::numeric_limits<uint64_t>::max());
  ASSERT_EQ(members.size(), 2u);
  EXPECT_EQ(members[0].name, "one_axis.npy");  // in key order
  EXPECT_EQ(members[1].name, "probabilities.npy");
  const std::vector<std::string> dicts = {"{'descr': '<f4', 'fortran_order': False, 'shape': (5,), }",
                                          "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 17, 19, 23), }"};
  for (size_t m = 0; m < members.size(); ++m) {
    const std::vector<uint8_t>& npy = members[m].bytes;
    ASSERT_GE(npy.size(), 10u);
    EXPECT_EQ(std::string(npy.begin(), npy.begin() + 6), "\x93NUMPY");
    EXPECT_EQ(npy[6], 1);  // format version 1.0
    EXPECT_EQ(npy[7], 0);
    const size_t data_start = 10 + size_t(field(npy, 8, 2));
    EXPECT_EQ(data_start % 64, 0u) << members[m].name;
    const std::string header(npy.begin() + 10, npy.begin() + std::ptrdiff_t(data_start));
    EXPECT_EQ(header.substr(0, dicts[m].size()), dicts[m]);
    EXPECT_EQ(header.find_first_not_of(' ', dicts[m].size()), header.size() - 1) << "padding is spaces, then '\\n'";
    EXPECT_EQ(header.back(), '\n');
    EXPECT_EQ(npy.size() - data_start, 4 * (m == 0 ? 5u : 2u * 17 * 19 * 23));
  }
}

TEST(NpzWriter, ZipMembersAreStoredWithTheirSizesAndAnEndRecord) {
  test::ScratchFolder scratch;
  const std::vector<ZipMember> members = {{"x.npy", {1, 2, 3}}, {"empty.npy", {}}, {"y.npy", {9}}};
  write_zip(scratch / "z.zip", members);
  const std::vector<uint8_t> bytes = test::read_bytes(scratch / "z.zip");
  // Local headers back to back from offset 0, then the central directory, then the 22-byte end record.
  size_t offset = 0;
  for (const ZipMember& member : members) {
    EXPECT_EQ(field(bytes, offset, 4), 0x04034b50u);
    EXPECT_EQ(field(bytes, offset + 8, 2), 0u) << "stored";
    EXPECT_EQ(field(bytes, offset + 18, 4), member.bytes.size());
    EXPECT_EQ(field(bytes, offset + 22, 4), member.bytes.size());
    offset += 30 + member.name.size() + member.bytes.size();
  }
  const size_t end = bytes.size() - 22;
  EXPECT_EQ(field(bytes, end, 4), 0x06054b50u);
  EXPECT_EQ(field(bytes, end + 10, 2), members.size());
  EXPECT_EQ(field(bytes, end + 16, 4), offset) << "the central directory follows the last member";
  EXPECT_EQ(field(bytes, end + 12, 4), end - offset);
  const auto read = read_zip(scratch / "z.zip", 16);  // read_zip also checks every CRC-32
  ASSERT_EQ(read.size(), members.size());
  for (size_t i = 0; i < read.size(); ++i) {
    EXPECT_EQ(read[i].name, members[i].name);
    EXPECT_EQ(read[i].bytes, members[i].bytes);
  }
}

TEST(NpzWriter, ReplacesAnOldFileAndFailsWithOneLineNamingIt) {
  test::ScratchFolder scratch;
  const auto file = scratch / "p.npz";
  write_npz(file, {{"probabilities", ramp({2, 2})}});
  write_npz(file, {{"probabilities", ramp({3})}});
  EXPECT_EQ(read_npz(file).at("probabilities").shape, (std::vector<int64_t>{3}));
  EXPECT_FALSE(std::filesystem::exists(scratch / "p.npz.tmp"));

  const auto unwritable = scratch / "no_such_folder" / "p.npz";
  test::expect_input_error([&] { write_npz(unwritable, {{"probabilities", ramp({2})}}); }, unwritable);
  EXPECT_FALSE(std::filesystem::exists(unwritable.parent_path()));

  // Refused before anything is written: more members than a ZIP archive without ZIP64 counts.
  const std::vector<ZipMember> many(70000, ZipMember{"m", {}});
  test::expect_input_error([&] { write_zip(file, many); }, file);
  EXPECT_EQ(read_npz(file).at("probabilities").shape, (std::vector<int64_t>{3})) << "the old file stays";

  EXPECT_THROW(write_npz(file, {{"probabilities", NpyArray{{2, 3}, {1, 2}}}}), std::invalid_argument);
}

TEST(NpzWriter, ProbabilityArrayIsTheInverseOfClassVolumes) {
  for (const int64_t nz : {1, 3}) {
    Geometry grid;
    grid.size = {4, 5, nz};
    std::vector<ImageVolume> classes;
    for (int c = 0; c < 2; ++c) {
      ImageVolume volume(grid);
      for (size_t i = 0; i < volume.voxels.size(); ++i) volume.voxels[i] = float(c) + float(i) / 100.0f;
      classes.push_back(volume);
    }
    const NpyArray array = probability_array(classes);
    EXPECT_EQ(array.shape, nz == 1 ? std::vector<int64_t>({2, 5, 4}) : std::vector<int64_t>({2, nz, 5, 4}));
    EXPECT_EQ(array.values[size_t(classes[0].index(3, 2, nz - 1))], classes[0].at(3, 2, nz - 1));  // x fastest
    const std::vector<ImageVolume> back = class_volumes(array, "a.npz");
    ASSERT_EQ(back.size(), classes.size());
    for (size_t c = 0; c < back.size(); ++c) {
      EXPECT_EQ(back[c].geometry.size, grid.size);
      EXPECT_EQ(back[c].voxels, classes[c].voxels);
    }
  }
  Geometry other;
  other.size = {4, 4, 1};
  EXPECT_THROW(probability_array({ImageVolume(Geometry{}), ImageVolume(other)}), std::invalid_argument);
  EXPECT_THROW(probability_array({}), std::invalid_argument);
}

}  // namespace
}  // namespace hypera::data
