#include "data/io/nifti_header.h"

#include <nifti2_io.h>
#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <sstream>
#include <string>
#include <vector>

#include "data/io/file_error.h"
#include "data/io/size_limits.h"

namespace hypera::data {
namespace {

constexpr size_t kNifti1HeaderBytes = 348;
constexpr size_t kNifti2HeaderBytes = 540;
constexpr size_t kExtenderBytes = 4;  // after the header of a single file, before any extension or data

// The first `max_bytes` (or fewer) bytes of a possibly gzip-compressed file.
std::vector<uint8_t> read_leading_bytes(const std::filesystem::path& path, size_t max_bytes) {
  gzFile file = gzopen(path.c_str(), "rb");
  if (!file) throw_file_error(path, "cannot open for reading");
  std::vector<uint8_t> bytes(max_bytes);
  const int got = gzread(file, bytes.data(), unsigned(max_bytes));
  gzclose(file);
  bytes.resize(got > 0 ? size_t(got) : 0);
  return bytes;
}

// Reads header fields in the file's byte order.
class RawHeader {
 public:
  RawHeader(const std::vector<uint8_t>& bytes, bool swapped) : bytes_(bytes), swapped_(swapped) {}

  template <class T>
  T at(size_t offset) const {
    uint8_t raw[sizeof(T)];
    std::memcpy(raw, bytes_.data() + offset, sizeof(T));
    if (swapped_) std::reverse(raw, raw + sizeof(T));
    T value;
    std::memcpy(&value, raw, sizeof(T));
    return value;
  }
  bool has_magic(size_t offset, const char* magic) const { return std::memcmp(bytes_.data() + offset, magic, 4) == 0; }

 private:
  const std::vector<uint8_t>& bytes_;
  bool swapped_;
};

struct RawFields {
  std::array<int64_t, 8> dim{};
  int datatype = 0;
  int bitpix = 0;
  double vox_offset = 0;
  size_t header_bytes = 0;
  bool single_file = false;
};

RawFields parse_fields(const std::filesystem::path& path, const std::vector<uint8_t>& bytes) {
  if (bytes.size() < kNifti1HeaderBytes) throw_file_error(path, "not a readable NIfTI file (truncated header)");
  int32_t sizeof_hdr;
  std::memcpy(&sizeof_hdr, bytes.data(), sizeof sizeof_hdr);
  const int32_t swapped_sizeof_hdr = int32_t(__builtin_bswap32(uint32_t(sizeof_hdr)));
  const bool swapped = sizeof_hdr != int32_t(kNifti1HeaderBytes) && sizeof_hdr != int32_t(kNifti2HeaderBytes);
  const size_t header_bytes = size_t(swapped ? swapped_sizeof_hdr : sizeof_hdr);
  if (header_bytes != kNifti1HeaderBytes && header_bytes != kNifti2HeaderBytes) {
    throw_file_error(path,
                     "not a readable NIfTI file (header size " + std::to_string(sizeof_hdr) + ", expected 348 or 540)");
  }
  if (bytes.size() < header_bytes) throw_file_error(path, "not a readable NIfTI file (truncated header)");
  const RawHeader header(bytes, swapped);
  RawFields fields;
  fields.header_bytes = header_bytes;
  if (header_bytes == kNifti1HeaderBytes) {
    for (size_t i = 0; i < 8; ++i) fields.dim[i] = header.at<int16_t>(40 + 2 * i);
    fields.datatype = header.at<int16_t>(70);
    fields.bitpix = header.at<int16_t>(72);
    fields.vox_offset = header.at<float>(108);
    fields.single_file = header.has_magic(344, "n+1");  // "ni1" or ANALYZE 7.5 (no magic): a .hdr/.img pair
  } else {
    if (!header.has_magic(4, "n+2") && !header.has_magic(4, "ni2")) {
      throw_file_error(path, "not a readable NIfTI file (540-byte header without the NIfTI-2 magic)");
    }
    for (size_t i = 0; i < 8; ++i) fields.dim[i] = header.at<int64_t>(16 + 8 * i);
    fields.datatype = header.at<int16_t>(12);
    fields.bitpix = header.at<int16_t>(14);
    fields.vox_offset = double(header.at<int64_t>(168));
    fields.single_file = header.has_magic(4, "n+2");
  }
  return fields;
}

std::string number(double value) {
  std::ostringstream text;
  text << value;
  return text.str();
}

void check_dimensions(const std::filesystem::path& path, const RawFields& fields, NiftiVolumes accept,
                      NiftiLayout& layout) {
  const int64_t used = fields.dim[0];
  if (used < 1 || used > 7) {
    throw_file_error(path, "corrupt NIfTI header (dim[0] = " + std::to_string(used) + ", expected 1..7)");
  }
  for (int64_t i = 1; i <= used; ++i) {
    if (fields.dim[size_t(i)] < 1) {
      throw_file_error(path, "corrupt NIfTI header (dimension dim[" + std::to_string(i) +
                                 "] = " + std::to_string(fields.dim[size_t(i)]) + " is not positive)");
    }
  }
  const bool all_volumes = accept == NiftiVolumes::kAll;
  for (int64_t i = all_volumes ? 5 : 4; i <= used; ++i) {
    if (fields.dim[size_t(i)] > 1) {
      const std::string dim = "dim[" + std::to_string(i) + "] = " + std::to_string(fields.dim[size_t(i)]);
      throw_file_error(
          path, all_volumes
                    ? "NIfTI has more than 4 dimensions (" + dim + "); only 2D/3D volumes along dim[4] are supported"
                    : "NIfTI holds more than one volume (" + dim + "); only one 2D/3D volume is supported");
    }
  }
  for (int64_t i = 1; i <= std::min<int64_t>(used, 3); ++i) layout.size[size_t(i - 1)] = fields.dim[size_t(i)];
  layout.voxel_count = checked_voxel_count(path, {layout.size[0], layout.size[1], layout.size[2]});
  layout.volumes = used >= 4 ? fields.dim[4] : 1;
  if (layout.volumes > 1) checked_voxel_count(path, {layout.size[0], layout.size[1], layout.size[2], layout.volumes});
}

void check_datatype(const std::filesystem::path& path, const RawFields& fields, NiftiLayout& layout) {
  int swap_size = 0;
  nifti_datatype_sizes(fields.datatype, &layout.bytes_per_voxel, &swap_size);
  if (layout.bytes_per_voxel < 1) {
    throw_file_error(path, "corrupt NIfTI header (unknown datatype " + std::to_string(fields.datatype) + ")");
  }
  if (fields.bitpix != 8 * layout.bytes_per_voxel) {
    throw_file_error(path, "corrupt NIfTI header (bitpix " + std::to_string(fields.bitpix) +
                               " disagrees with datatype " + nifti_datatype_string(fields.datatype) + " of " +
                               std::to_string(8 * layout.bytes_per_voxel) + " bits)");
  }
  layout.datatype = fields.datatype;
  layout.data_bytes =
      checked_byte_count(path, uint64_t(layout.voxel_count) * uint64_t(layout.volumes),  // within the voxel limit
                         uint64_t(layout.bytes_per_voxel), "NIfTI voxel data");
}

void check_data_offset(const std::filesystem::path& path, const RawFields& fields, NiftiLayout& layout) {
  const double least = fields.single_file ? double(fields.header_bytes + kExtenderBytes) : 0.0;
  const double offset = fields.vox_offset;
  if (!std::isfinite(offset) || offset < least || offset != std::floor(offset) || offset > 9.0e18) {
    throw_file_error(path, "invalid NIfTI data offset (vox_offset " + number(offset) +
                               "; expected a whole number >= " + number(least) + ")");
  }
  layout.data_offset = uint64_t(offset);
  layout.single_file = fields.single_file;
}

}  // namespace

NiftiLayout read_nifti_layout(const std::filesystem::path& path, NiftiVolumes accept) {
  const RawFields fields = parse_fields(path, read_leading_bytes(path, kNifti2HeaderBytes));
  NiftiLayout layout;
  check_dimensions(path, fields, accept, layout);
  check_datatype(path, fields, layout);
  check_data_offset(path, fields, layout);
  return layout;
}

}  // namespace hypera::data
