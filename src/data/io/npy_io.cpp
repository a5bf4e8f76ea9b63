#include "data/io/npy_io.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>
#include <stdexcept>

#include "data/io/file_bytes.h"
#include "data/io/size_limits.h"
#include "support/input_error.h"
#include "data/io/zip_archive.h"

namespace hypera::data {
namespace {

const uint8_t kMagic[6] = {0x93, 'N', 'U', 'M', 'P', 'Y'};
const std::string kNpyExtension = ".npy";  // of an array's member in an .npz archive

[[noreturn]] void fail(const std::string& source, const std::string& problem) {
  throw InputError(source + ": " + problem);
}

struct Header {
  char byte_order = '<';
  char kind = 'f';  // f (float), i (signed), u (unsigned), b (bool)
  int item_size = 4;
  bool fortran_order = false;
  std::vector<int64_t> shape;
};

// The header is a Python dict literal: {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }.
class HeaderParser {
 public:
  HeaderParser(const std::string& text, const std::string& source) : text_(text), source_(source) {}

  Header parse() {
    Header header;
    bool have_descr = false, have_order = false, have_shape = false;
    expect('{');
    while (!peek('}')) {
      const std::string key = string_literal();
      expect(':');
      if (key == "descr") {
        if (peek('[')) fail(source_, "structured NumPy dtypes are not supported");
        descr(string_literal(), header);
        have_descr = true;
      } else if (key == "fortran_order") {
        header.fortran_order = boolean();
        have_order = true;
      } else if (key == "shape") {
        header.shape = tuple();
        have_shape = true;
      } else {
        fail(source_, "bad .npy header (unknown key '" + key + "')");
      }
      if (!peek('}')) expect(',');
    }
    if (!have_descr || !have_order || !have_shape) {
      fail(source_, "bad .npy header (needs descr, fortran_order and shape)");
    }
    return header;
  }

 private:
  void skip_space() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }
  bool peek(char c) {
    skip_space();
    return pos_ < text_.size() && text_[pos_] == c;
  }
  void expect(char c) {
    if (!peek(c)) fail(source_, std::string("bad .npy header (expected '") + c + "' at character " +
                                    std::to_string(pos_) + ")");
    ++pos_;
  }
  std::string string_literal() {
    skip_space();
    if (pos_ >= text_.size() || (text_[pos_] != '\'' && text_[pos_] != '"')) expect('\'');
    const char quote = text_[pos_++];
    const size_t end = text_.find(quote, pos_);
    if (end == std::string::npos) fail(source_, "bad .npy header (unterminated string)");
    std::string value = text_.substr(pos_, end - pos_);
    pos_ = end + 1;
    return value;
  }
  bool boolean() {
    skip_space();
    for (const auto& [word, value] : {std::pair<const char*, bool>{"True", true}, {"False", false}}) {
      if (text_.compare(pos_, std::strlen(word), word) == 0) {
        pos_ += std::strlen(word);
        return value;
      }
    }
    fail(source_, "bad .npy header (fortran_order is not True or False)");
  }
  std::vector<int64_t> tuple() {
    std::vector<int64_t> values;
    expect('(');
    while (!peek(')')) {
      size_t digits = pos_;
      int64_t value = 0;
      while (digits < text_.size() && std::isdigit(static_cast<unsigned char>(text_[digits]))) {
        if (value > (int64_t(1) << 50)) fail(source_, "bad .npy header (dimension too large)");
        value = value * 10 + (text_[digits++] - '0');
      }
      if (digits == pos_) fail(source_, "bad .npy header (shape is not a tuple of sizes)");
      pos_ = digits;
      values.push_back(value);
      if (!peek(')')) expect(',');
    }
    ++pos_;
    return values;
  }
  // "<f4": byte order, kind, item size. Accepted: f2 f4 f8, i1..i8, u1..u8, b1.
  void descr(const std::string& text, Header& header) const {
    const std::string sizes = text.size() == 3 ? std::string(1, text[2]) : "";
    const bool order = !text.empty() && std::string("<>|=").find(text[0]) != std::string::npos;
    const bool valid = order && text.size() == 3 &&
                       ((text[1] == 'f' && (sizes == "2" || sizes == "4" || sizes == "8")) ||
                        ((text[1] == 'i' || text[1] == 'u') && std::string("1248").find(text[2]) != std::string::npos) ||
                        (text[1] == 'b' && sizes == "1"));
    if (!valid) fail(source_, "unsupported NumPy dtype '" + text + "' (only float, integer and bool arrays)");
    header.byte_order = text[0];
    header.kind = text[1];
    header.item_size = text[2] - '0';
  }

  const std::string& text_;
  const std::string& source_;
  size_t pos_ = 0;
};

float half_to_float(uint16_t h) {
  const int exponent = (h >> 10) & 0x1F;
  const int mantissa = h & 0x3FF;
  const float sign = (h & 0x8000) ? -1.0f : 1.0f;
  if (exponent == 0) return sign * std::ldexp(float(mantissa), -24);
  if (exponent == 31) return mantissa ? std::nanf("") : sign * INFINITY;
  return sign * std::ldexp(float(mantissa | 0x400), exponent - 25);
}

template <class Unsigned>
Unsigned load(const uint8_t* p, bool big_endian) {
  Unsigned value = 0;
  for (size_t i = 0; i < sizeof(Unsigned); ++i) {
    const size_t byte = big_endian ? sizeof(Unsigned) - 1 - i : i;
    value |= Unsigned(p[byte]) << (8 * i);
  }
  return value;
}

template <class T, class Unsigned>
float element(const uint8_t* p, bool big_endian) {
  const Unsigned bits = load<Unsigned>(p, big_endian);
  T value;
  std::memcpy(&value, &bits, sizeof(T));
  return float(value);
}

using Converter = float (*)(const uint8_t*, bool);

Converter converter_for(const Header& header) {
  switch (header.kind) {
    case 'f':
      if (header.item_size == 2) return [](const uint8_t* p, bool big) { return half_to_float(load<uint16_t>(p, big)); };
      return header.item_size == 4 ? element<float, uint32_t> : element<double, uint64_t>;
    case 'i':
      return header.item_size == 1   ? element<int8_t, uint8_t>
             : header.item_size == 2 ? element<int16_t, uint16_t>
             : header.item_size == 4 ? element<int32_t, uint32_t>
                                     : element<int64_t, uint64_t>;
    case 'u':
      return header.item_size == 1   ? element<uint8_t, uint8_t>
             : header.item_size == 2 ? element<uint16_t, uint16_t>
             : header.item_size == 4 ? element<uint32_t, uint32_t>
                                     : element<uint64_t, uint64_t>;
    default:
      return [](const uint8_t* p, bool) { return *p ? 1.0f : 0.0f; };
  }
}

// Fortran order (first axis fastest) -> C order (last axis fastest). An array without values (an extent of 0)
// stays empty: its strides are not computed, since the other extents' product need not fit in 64 bits.
std::vector<float> fortran_to_c(const std::vector<float>& fortran, const std::vector<int64_t>& shape) {
  if (fortran.empty()) return {};
  const size_t rank = shape.size();
  std::vector<int64_t> stride(rank, 1), index(rank, 0);
  for (size_t k = 1; k < rank; ++k) stride[k] = stride[k - 1] * shape[k - 1];
  std::vector<float> c(fortran.size());
  int64_t offset = 0;
  for (size_t i = 0; i < c.size(); ++i) {
    c[i] = fortran[size_t(offset)];
    for (size_t k = rank; k-- > 0;) {  // advance the C-order multi-index, last axis first
      offset += stride[k];
      if (++index[k] < shape[k]) break;
      offset -= stride[k] * shape[k];
      index[k] = 0;
    }
  }
  return c;
}

// Python's tuple literal of the shape: "(2, 3)", "(5,)" (a 1-tuple keeps its comma) or "()".
std::string shape_text(const std::vector<int64_t>& shape) {
  std::string text = "(";
  for (size_t k = 0; k < shape.size(); ++k) text += (k ? ", " : "") + std::to_string(shape[k]);
  return text + (shape.size() == 1 ? ",)" : ")");
}

// The number of values of `shape` (0 when an extent is 0), checked for overflow and against
// HYPERA_MAX_VOXELS one axis at a time, so no intermediate product can overflow.
uint64_t value_count(const std::vector<int64_t>& shape, const std::string& source) {
  if (std::find(shape.begin(), shape.end(), 0) != shape.end()) return 0;
  int64_t count = 1;
  for (const int64_t extent : shape) count = checked_voxel_count(source, {count, extent});
  return uint64_t(count);
}

// Above this, an .npz member is larger than any array parse_npy accepts (HYPERA_MAX_VOXELS values of at
// most 8 bytes, after a header): read_zip refuses it before inflating.
uint64_t max_npy_bytes() {
  constexpr int64_t kHeaderAllowance = 1 << 20;
  return uint64_t(std::min(max_voxels_per_image(), int64_t{1} << 32)) * 8 + kHeaderAllowance;
}

// A .npy file of format version 1.0 holding `array` as little-endian float32 in C order (write_npz).
std::vector<uint8_t> npy_bytes(const NpyArray& array) {
  constexpr size_t kMaxAxes = 32;
  constexpr size_t kHeaderAlignment = 64;  // the data starts at a multiple of this, as in NumPy's files
  uint64_t count = 1;
  for (const int64_t extent : array.shape) count *= uint64_t(extent);
  if (array.shape.size() > kMaxAxes || count != array.values.size()) {
    throw std::invalid_argument("npy_bytes: " + std::to_string(array.values.size()) + " values for shape " +
                                shape_text(array.shape));
  }
  std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': " + shape_text(array.shape) + ", }";
  const size_t prefix = sizeof(kMagic) + 2 + 2;  // magic, version 1.0, 2-byte header length
  header.append(kHeaderAlignment - 1 - (prefix + header.size()) % kHeaderAlignment, ' ');  // then the '\n'
  header += '\n';
  std::vector<uint8_t> bytes(prefix + header.size() + 4 * array.values.size());
  std::memcpy(bytes.data(), kMagic, sizeof(kMagic));
  bytes[6] = 1;  // version 1.0
  bytes[7] = 0;
  bytes[8] = uint8_t(header.size());
  bytes[9] = uint8_t(header.size() >> 8);
  std::memcpy(bytes.data() + prefix, header.data(), header.size());
  uint8_t* out = bytes.data() + prefix + header.size();
  for (const float value : array.values) {
    uint32_t bits;
    std::memcpy(&bits, &value, sizeof(bits));
    for (int i = 0; i < 4; ++i) *out++ = uint8_t(bits >> (8 * i));
  }
  return bytes;
}

}  // namespace

NpyArray parse_npy(const std::vector<uint8_t>& bytes, const std::string& source) {
  if (bytes.size() < 10 || std::memcmp(bytes.data(), kMagic, 6) != 0) fail(source, "not a NumPy .npy file");
  const int major = bytes[6];
  if (major < 1 || major > 3) fail(source, "unsupported .npy format version " + std::to_string(major));
  const size_t length_bytes = major == 1 ? 2 : 4;
  if (bytes.size() < 8 + length_bytes) fail(source, "truncated .npy header");
  const uint64_t header_length = major == 1 ? load<uint16_t>(&bytes[8], false) : load<uint32_t>(&bytes[8], false);
  const uint64_t data_start = 8 + length_bytes + header_length;
  if (data_start > bytes.size()) fail(source, "truncated .npy header");
  const std::string text(reinterpret_cast<const char*>(&bytes[8 + length_bytes]), size_t(header_length));
  const Header header = HeaderParser(text, source).parse();

  const uint64_t count = value_count(header.shape, source);
  const uint64_t expected = count * uint64_t(header.item_size);
  const uint64_t available = bytes.size() - data_start;
  if (available < expected) {
    fail(source, "truncated .npy (expected " + std::to_string(expected) + " bytes of data for shape " +
                     shape_text(header.shape) + ", got " + std::to_string(available) + ")");
  }
  const Converter convert = converter_for(header);
  const bool big_endian = header.byte_order == '>';
  NpyArray array;
  array.shape = header.shape;
  array.values.resize(size_t(count));
  const uint8_t* data = bytes.data() + data_start;
  for (size_t i = 0; i < array.values.size(); ++i) array.values[i] = convert(data + i * size_t(header.item_size), big_endian);
  if (header.fortran_order && header.shape.size() > 1) array.values = fortran_to_c(array.values, array.shape);
  return array;
}

NpyArray read_npy(const std::filesystem::path& path) { return parse_npy(read_file_bytes(path), path.string()); }

std::map<std::string, NpyArray> read_npz(const std::filesystem::path& path) {
  std::map<std::string, NpyArray> arrays;
  for (const ZipMember& member : read_zip(path, max_npy_bytes())) {
    const std::string& suffix = kNpyExtension;
    if (member.name.size() <= suffix.size() ||
        member.name.compare(member.name.size() - suffix.size(), suffix.size(), suffix) != 0) {
      fail(path.string(), "member '" + member.name + "' is not a .npy array");
    }
    arrays[member.name.substr(0, member.name.size() - suffix.size())] =
        parse_npy(member.bytes, path.string() + ":" + member.name);
  }
  return arrays;
}

void write_npz(const std::filesystem::path& path, const std::map<std::string, NpyArray>& arrays) {
  std::vector<ZipMember> members;
  for (const auto& [key, array] : arrays) members.push_back({key + kNpyExtension, npy_bytes(array)});
  write_zip(path, members);
}

std::vector<ImageVolume> class_volumes(const NpyArray& array, const std::string& source) {
  const auto& s = array.shape;
  if ((s.size() != 3 && s.size() != 4) || std::find(s.begin(), s.end(), 0) != s.end()) {
    fail(source, "expected probabilities of shape (C, [Z,] Y, X) with no empty axis, got " + shape_text(s));
  }
  Geometry geometry;
  geometry.size = {s.back(), s[s.size() - 2], s.size() == 4 ? s[1] : 1};
  const auto not_finite = std::find_if(array.values.begin(), array.values.end(), [](float v) { return !std::isfinite(v); });
  if (not_finite != array.values.end()) {
    fail(source, "value " + std::to_string(*not_finite) + " at index " +
                     std::to_string(not_finite - array.values.begin()) + " is not a probability");
  }
  const size_t voxels = size_t(geometry.voxel_count());
  std::vector<ImageVolume> volumes;
  for (int64_t c = 0; c < s[0]; ++c) {
    ImageVolume volume(geometry);
    std::copy_n(array.values.begin() + std::ptrdiff_t(size_t(c) * voxels), voxels, volume.voxels.begin());
    volumes.push_back(std::move(volume));
  }
  return volumes;
}

NpyArray probability_array(const std::vector<ImageVolume>& classes) {
  if (classes.empty()) throw std::invalid_argument("probability_array: no class volume");
  const Geometry& grid = classes.front().geometry;
  NpyArray array;
  array.shape = {int64_t(classes.size())};
  if (!grid.is_2d()) array.shape.push_back(grid.nz());
  array.shape.insert(array.shape.end(), {grid.ny(), grid.nx()});
  array.values.reserve(classes.size() * size_t(grid.voxel_count()));
  for (const ImageVolume& volume : classes) {
    if (!volume.geometry.same_grid(grid)) {
      throw std::invalid_argument("probability_array: class volumes on different grids");
    }
    array.values.insert(array.values.end(), volume.voxels.begin(), volume.voxels.end());
  }
  return array;
}

}  // namespace hypera::data
