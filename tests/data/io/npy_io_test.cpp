// The .npy/.npz readers on bytes written here by hand, following NumPy's format description
// (numpy.lib.format) and the ZIP application note, so the test needs no Python.
#include "data/io/npy_io.h"
#include "data/io/zip_archive.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <cstring>

#include "common/expect_input_error.h"
#include "common/file_bytes.h"
#include "common/scratch_folder.h"

namespace hypera::data {
namespace {

using Bytes = std::vector<uint8_t>;

void put(Bytes& out, uint64_t value, int width) {
  for (int i = 0; i < width; ++i) out.push_back(uint8_t(value >> (8 * i)));
}

// A .npy file: the header dict padded with spaces and a newline so that the data starts at a multiple of 64.
Bytes npy(const std::string& descr, bool fortran, const std::string& shape, const Bytes& data, int version = 1) {
  std::string header = "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") +
                       ", 'shape': " + shape + ", }";
  const size_t prefix = version == 1 ? 10 : 12;
  while ((prefix + header.size() + 1) % 64 != 0) header += ' ';
  header += '\n';
  Bytes out = {0x93, 'N', 'U', 'M', 'P', 'Y', uint8_t(version), 0};
  put(out, header.size(), version == 1 ? 2 : 4);
  out.insert(out.end(), header.begin(), header.end());
  out.insert(out.end(), data.begin(), data.end());
  return out;
}

template <class T>
Bytes raw(const std::vector<T>& values, bool big_endian = false) {
  Bytes out;
  for (const T& v : values) {
    uint8_t b[sizeof(T)];
    std::memcpy(b, &v, sizeof(T));
    for (size_t i = 0; i < sizeof(T); ++i) out.push_back(b[big_endian ? sizeof(T) - 1 - i : i]);
  }
  return out;
}

struct Member {
  std::string name;
  Bytes content;
  bool deflate = false;
};

Bytes deflated(const Bytes& content) {
  z_stream stream{};
  EXPECT_EQ(deflateInit2(&stream, 6, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
  Bytes out(deflateBound(&stream, uLong(content.size())));
  stream.next_in = const_cast<Bytef*>(content.data());
  stream.avail_in = uInt(content.size());
  stream.next_out = out.data();
  stream.avail_out = uInt(out.size());
  EXPECT_EQ(deflate(&stream, Z_FINISH), Z_STREAM_END);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

// A ZIP archive. zip64: sizes and offsets saturated in the central directory and given in ZIP64 extra
// fields, as Python's zipfile does for large members.
Bytes zip(const std::vector<Member>& members, bool zip64 = false) {
  Bytes out, directory;
  for (const Member& m : members) {
    const Bytes data = m.deflate ? deflated(m.content) : m.content;
    const uint32_t crc = uint32_t(crc32(0L, m.content.data(), uInt(m.content.size())));
    const uint64_t offset = out.size();
    put(out, 0x04034b50, 4), put(out, 20, 2), put(out, 0, 2), put(out, m.deflate ? 8 : 0, 2), put(out, 0, 4);
    put(out, crc, 4), put(out, data.size(), 4), put(out, m.content.size(), 4), put(out, m.name.size(), 2);
    put(out, 0, 2);
    out.insert(out.end(), m.name.begin(), m.name.end());
    out.insert(out.end(), data.begin(), data.end());
    put(directory, 0x02014b50, 4), put(directory, 45, 2), put(directory, 45, 2), put(directory, 0, 2);
    put(directory, m.deflate ? 8 : 0, 2), put(directory, 0, 4), put(directory, crc, 4);
    put(directory, zip64 ? 0xFFFFFFFF : data.size(), 4), put(directory, zip64 ? 0xFFFFFFFF : m.content.size(), 4);
    put(directory, m.name.size(), 2), put(directory, zip64 ? 28 : 0, 2), put(directory, 0, 2);
    put(directory, 0, 2), put(directory, 0, 2), put(directory, 0, 4), put(directory, zip64 ? 0xFFFFFFFF : offset, 4);
    directory.insert(directory.end(), m.name.begin(), m.name.end());
    if (zip64) {
      put(directory, 1, 2), put(directory, 24, 2);
      put(directory, m.content.size(), 8), put(directory, data.size(), 8), put(directory, offset, 8);
    }
  }
  const uint64_t directory_offset = out.size();
  out.insert(out.end(), directory.begin(), directory.end());
  put(out, 0x06054b50, 4), put(out, 0, 2), put(out, 0, 2), put(out, members.size(), 2);
  put(out, members.size(), 2), put(out, directory.size(), 4), put(out, directory_offset, 4), put(out, 0, 2);
  return out;
}

TEST(NpyIo, Float32LittleEndianCOrder) {
  const NpyArray a = parse_npy(npy("<f4", false, "(2, 3)", raw<float>({1, 2, 3, 4, 5, 6.5f})), "a.npy");
  EXPECT_EQ(a.shape, (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(a.values, (std::vector<float>{1, 2, 3, 4, 5, 6.5f}));
}

TEST(NpyIo, EveryDtypeAndByteOrder) {
  struct Case {
    std::string descr;
    Bytes data;
    std::vector<float> expected;
  };
  const std::vector<Case> cases = {
      {">f4", raw<float>({0.25f, -3}, true), {0.25f, -3}},
      {"<f8", raw<double>({0.125, -1e10}), {0.125f, -1e10f}},
      {">f8", raw<double>({2.5, 7}, true), {2.5f, 7}},
      {"<f2", raw<uint16_t>({0x3C00, 0xC000}), {1, -2}},            // float16 1.0, -2.0
      {">f2", raw<uint16_t>({0x3800, 0x0001}, true), {0.5f, 5.9604645e-8f}},  // 0.5, the smallest subnormal
      {"|u1", raw<uint8_t>({0, 255}), {0, 255}},
      {"|i1", raw<int8_t>({-128, 5}), {-128, 5}},
      {"<i2", raw<int16_t>({-300, 300}), {-300, 300}},
      {">u2", raw<uint16_t>({65535, 1}, true), {65535, 1}},
      {">i4", raw<int32_t>({-70000, 3}, true), {-70000, 3}},
      {"<u4", raw<uint32_t>({4000000000u, 0}), {4e9f, 0}},
      {"<i8", raw<int64_t>({-5, 1LL << 40}), {-5, float(1LL << 40)}},
      {">u8", raw<uint64_t>({9, 10}, true), {9, 10}},
      {"|b1", raw<uint8_t>({1, 0}), {1, 0}},
  };
  for (const Case& c : cases) {
    const NpyArray a = parse_npy(npy(c.descr, false, "(2,)", c.data), "b.npy");
    EXPECT_EQ(a.shape, (std::vector<int64_t>{2})) << c.descr;
    EXPECT_EQ(a.values, c.expected) << c.descr;
  }
}

TEST(NpyIo, FortranOrderIsReturnedInCOrder) {
  // C-order values v[i][j][k] = 100 i + 10 j + k for shape (2, 3, 4); Fortran stores i fastest.
  Bytes fortran;
  for (int k = 0; k < 4; ++k)
    for (int j = 0; j < 3; ++j)
      for (int i = 0; i < 2; ++i) {
        const Bytes v = raw<float>({float(100 * i + 10 * j + k)});
        fortran.insert(fortran.end(), v.begin(), v.end());
      }
  const NpyArray a = parse_npy(npy("<f4", true, "(2, 3, 4)", fortran), "f.npy");
  ASSERT_EQ(a.values.size(), 24u);
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 3; ++j)
      for (int k = 0; k < 4; ++k) EXPECT_EQ(a.values[size_t(12 * i + 4 * j + k)], float(100 * i + 10 * j + k));
}

TEST(NpyIo, FortranOrderWithAnEmptyAxisBesideHugeExtentsIsEmpty) {
  // Found by fuzz_npy: the strides of (835461, 44444444424442, 0, 4) overflow int64 if they are computed.
  const NpyArray a = parse_npy(npy("<f2", true, "(835461, 44444444424442, 0, 4)", {}), "e.npy");
  EXPECT_EQ(a.shape, (std::vector<int64_t>{835461, 44444444424442, 0, 4}));
  EXPECT_TRUE(a.values.empty());
}

TEST(NpyIo, FormatVersionsTwoAndThreeAndZeroDimensional) {
  for (int version : {2, 3}) {
    const NpyArray a = parse_npy(npy("<f4", false, "(1, 2)", raw<float>({7, 8}), version), "v.npy");
    EXPECT_EQ(a.values, (std::vector<float>{7, 8})) << version;
  }
  const NpyArray scalar = parse_npy(npy("<i4", false, "()", raw<int32_t>({42})), "s.npy");
  EXPECT_TRUE(scalar.shape.empty());
  EXPECT_EQ(scalar.values, (std::vector<float>{42}));
}

TEST(NpyIo, BadHeadersAndDtypesAreInputErrors) {
  const Bytes good = npy("<f4", false, "(2,)", raw<float>({1, 2}));
  Bytes bad_magic = good;
  bad_magic[1] = 'X';
  for (const Bytes& bytes : {bad_magic, npy("<c8", false, "(1,)", Bytes(8)), npy("<U3", false, "(1,)", Bytes(12)),
                             npy("<f4", false, "[2]", raw<float>({1, 2})), npy("<f4", false, "(2,)", raw<float>({1}))}) {
    test::expect_input_error([&] { parse_npy(bytes, "named.npy"); }, "named.npy");
  }
  Bytes structured = good;  // replace the descr string with a list
  const std::string text(structured.begin(), structured.end());
  const size_t at = text.find("'<f4'");
  std::memcpy(&structured[at], "[('a'", 5);
  test::expect_input_error([&] { parse_npy(structured, "named.npy"); }, "named.npy");
}

TEST(NpyIo, ReadsFilesAndTruncatedFilesNameThemselves) {
  test::ScratchFolder folder;
  const Bytes bytes = npy("<f4", false, "(2, 2)", raw<float>({1, 2, 3, 4}));
  test::write_bytes(folder / "p.npy", bytes);
  EXPECT_EQ(read_npy(folder / "p.npy").values, (std::vector<float>{1, 2, 3, 4}));
  for (const double fraction : {0.99, 0.5, 0.05}) {
    test::copy_truncated(folder / "p.npy", folder / "cut.npy", fraction);
    test::expect_input_error([&] { read_npy(folder / "cut.npy"); }, folder / "cut.npy");
  }
  test::expect_input_error([&] { read_npy(folder / "missing.npy"); }, folder / "missing.npy");
}

TEST(NpzIo, StoredAndDeflatedMembersWithAndWithoutZip64) {
  test::ScratchFolder folder;
  std::vector<float> big(3000);
  for (size_t i = 0; i < big.size(); ++i) big[i] = float(i % 17) / 16.0f;
  const std::vector<Member> members = {{"probabilities.npy", npy("<f4", false, "(2, 30, 50)", raw(big)), true},
                                       {"extra.npy", npy("|u1", false, "(3,)", raw<uint8_t>({1, 2, 3})), false}};
  for (const bool zip64 : {false, true}) {
    test::write_bytes(folder / "a.npz", zip(members, zip64));
    const auto arrays = read_npz(folder / "a.npz");
    ASSERT_EQ(arrays.size(), 2u);
    EXPECT_EQ(arrays.at("probabilities").shape, (std::vector<int64_t>{2, 30, 50}));
    EXPECT_EQ(arrays.at("probabilities").values, big);
    EXPECT_EQ(arrays.at("extra").values, (std::vector<float>{1, 2, 3}));
  }
}

TEST(NpzIo, DamagedArchivesNameTheFile) {
  test::ScratchFolder folder;
  std::vector<float> values(500, 0.5f);
  const Bytes archive = zip({{"probabilities.npy", npy("<f4", false, "(500,)", raw(values)), true}});
  test::write_bytes(folder / "good.npz", archive);
  for (const double fraction : {0.98, 0.6, 0.1}) {
    test::copy_truncated(folder / "good.npz", folder / "cut.npz", fraction);
    test::expect_input_error([&] { read_npz(folder / "cut.npz"); }, folder / "cut.npz");
  }
  Bytes flipped = archive;  // a byte of the deflated data: inflate or the CRC check fails
  flipped[60] ^= 0x5A;
  test::write_bytes(folder / "flipped.npz", flipped);
  test::expect_input_error([&] { read_npz(folder / "flipped.npz"); }, folder / "flipped.npz");
  test::write_bytes(folder / "text.npz", zip({{"notes.txt", Bytes{'h', 'i'}, false}}));
  test::expect_input_error([&] { read_npz(folder / "text.npz"); }, folder / "text.npz");
}

const std::filesystem::path kFixtures = HYPERA_SOURCE_DIR "/tests/data/io/fixtures";

// Files written by NumPy itself (tests/data/io/fixtures/make_npy_fixtures.py): v[c, y, x] = (100 c + 10 y + x) / 1024.
TEST(NpyIo, FilesWrittenByNumpy) {
  const auto npz = read_npz(kFixtures / "numpy_probabilities.npz");  // float16, Fortran order, deflated
  const NpyArray big_endian = read_npy(kFixtures / "numpy_big_endian.npy");  // >f8, C order
  for (const NpyArray* a : {&npz.at("probabilities"), &big_endian}) {
    ASSERT_EQ(a->shape, (std::vector<int64_t>{2, 3, 4}));
    for (int c = 0; c < 2; ++c)
      for (int y = 0; y < 3; ++y)
        for (int x = 0; x < 4; ++x) {
          EXPECT_EQ(a->values[size_t(12 * c + 4 * y + x)], float(100 * c + 10 * y + x) / 1024.0f) << c << y << x;
        }
  }
}

// The bytes of `file` with the first occurrence of `from` replaced by `to`; when `to` is longer, as many of
// the header's padding spaces that follow `from` are dropped, so the data keeps its offset.
Bytes with_replaced(const std::filesystem::path& file, const std::string& from, const std::string& to) {
  Bytes bytes = test::read_bytes(file);
  const std::string text(bytes.begin(), bytes.end());
  const size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  const size_t removed = from.size() + (to.size() > from.size() ? to.size() - from.size() : 0);
  EXPECT_EQ(text.substr(at + from.size(), removed - from.size()), std::string(removed - from.size(), ' '));
  bytes.erase(bytes.begin() + std::ptrdiff_t(at), bytes.begin() + std::ptrdiff_t(at + removed));
  bytes.insert(bytes.begin() + std::ptrdiff_t(at), to.begin(), to.end());
  return bytes;
}

TEST(NpyIo, ShapeBeyondTheVoxelLimitIsRefusedBeforeReading) {
  test::ScratchFolder folder;
  // 2^34 values (over the default limit of 2^30), and a shape whose product overflows 64 bits.
  for (const std::string shape : {"(65536, 65536, 4)", "(1125899906842624, 1125899906842624, 4)"}) {
    test::write_bytes(folder / "big.npy", with_replaced(kFixtures / "numpy_big_endian.npy", "(2, 3, 4), }", shape + ", }"));
    const std::string message = test::input_error_message([&] { read_npy(folder / "big.npy"); });
    EXPECT_EQ(message.find((folder / "big.npy").string()), 0u) << message;
    EXPECT_NE(message.find("HYPERA_MAX_VOXELS"), std::string::npos) << message;
  }
}

TEST(NpyIo, NonFiniteProbabilitiesAreRefused) {
  test::ScratchFolder folder;
  const Bytes original = test::read_bytes(kFixtures / "numpy_big_endian.npy");  // >f8 values from byte 128
  const std::filesystem::path path = folder / "p.npy";
  for (const uint8_t high_bytes : {0xF8, 0xF0}) {  // 7FF8...: NaN; 7FF0...: +inf
    Bytes bytes = original;
    bytes[128 + 8 * 5] = 0x7F, bytes[128 + 8 * 5 + 1] = high_bytes;
    test::write_bytes(path, bytes);
    const NpyArray array = read_npy(path);
    ASSERT_FALSE(std::isfinite(array.values[5]));
    const std::string message = test::input_error_message([&] { class_volumes(array, path.string()); });
    EXPECT_EQ(message.find(path.string() + ": value"), 0u) << message;
    EXPECT_NE(message.find("index 5"), std::string::npos) << message;
  }
  EXPECT_EQ(class_volumes(read_npy(kFixtures / "numpy_big_endian.npy"), "intact").size(), 2u);
}

// numpy_probabilities.npz holds one deflated member of 176 bytes in 121 compressed bytes. The central
// directory's uncompressed size (4 bytes at offset 24 of its entry) is what read_zip believes.
Bytes with_declared_size(uint32_t size) {
  Bytes bytes = test::read_bytes(kFixtures / "numpy_probabilities.npz");
  const uint8_t signature[4] = {'P', 'K', 1, 2};
  const auto entry = std::search(bytes.begin(), bytes.end(), std::begin(signature), std::end(signature));
  EXPECT_NE(entry, bytes.end());
  for (int i = 0; i < 4; ++i) entry[24 + i] = uint8_t(size >> (8 * i));
  return bytes;
}

TEST(NpzIo, DeclaredSizesAreCheckedBeforeInflating) {
  test::ScratchFolder folder;
  const std::filesystem::path path = folder / "p.npz";
  for (const uint32_t size : {uint32_t(121 * 1032 + 1024 + 1), uint32_t(4000000000u)}) {
    test::write_bytes(path, with_declared_size(size));
    const std::string message = test::input_error_message([&] { read_npz(path); });
    EXPECT_EQ(message.find(path.string() + ": member 'probabilities.npy': declares"), 0u) << message;
    EXPECT_NE(message.find("more than deflate can expand"), std::string::npos) << message;
  }
  for (const uint32_t size : {175u, 177u}) {  // plausible, but not what the data inflates to
    test::write_bytes(path, with_declared_size(size));
    test::expect_input_error([&] { read_npz(path); }, path);
  }
  test::write_bytes(path, with_declared_size(176));
  EXPECT_EQ(read_zip(path, 176).size(), 1u);
  const std::string message = test::input_error_message([&] { read_zip(path, 175); });
  EXPECT_NE(message.find("declares 176 bytes, more than the 175"), std::string::npos) << message;
}

TEST(NpyIo, ClassVolumesOf2DAnd3DProbabilities) {
  NpyArray planar{{2, 3, 4}, std::vector<float>(24)};
  for (size_t i = 0; i < 24; ++i) planar.values[i] = float(i);
  const auto two_d = class_volumes(planar, "p");
  ASSERT_EQ(two_d.size(), 2u);
  EXPECT_EQ(two_d[1].geometry.size, (std::array<int64_t, 3>{4, 3, 1}));
  EXPECT_EQ(two_d[1].at(3, 2), 23.0f);  // class 1, y 2, x 3
  EXPECT_EQ(two_d[0].at(1, 2), 9.0f);

  NpyArray volume{{3, 2, 3, 4}, std::vector<float>(72)};
  for (size_t i = 0; i < 72; ++i) volume.values[i] = float(i);
  const auto three_d = class_volumes(volume, "v");
  ASSERT_EQ(three_d.size(), 3u);
  EXPECT_EQ(three_d[2].geometry.size, (std::array<int64_t, 3>{4, 3, 2}));
  EXPECT_EQ(three_d[2].at(1, 2, 1), float(48 + 12 + 8 + 1));

  const NpyArray flat{{6}, std::vector<float>(6)};
  test::expect_input_error([&] { class_volumes(flat, "flat.npy"); }, "flat.npy");
}

}  // namespace
}  // namespace hypera::data
