#include <nifti2_io.h>
#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "data/io/file_error.h"
#include "data/io/nifti_io.h"
#include "data/io/nifti_header.h"
#include "data/io/nifti_library.h"
#include "data/io/size_limits.h"

namespace hypera::data {
namespace {

using NiftiHandle = std::unique_ptr<nifti_image, decltype(&nifti_image_free)>;

// The message of a zlib stream error without gzerror's "<file>: " prefix: "incorrect data check" (a damaged
// compressed stream, caught by the gzip checksum) becomes "checksum", "incorrect length check" "length".
std::string gzip_problem(gzFile file) {
  int code = Z_OK;
  std::string message = gzerror(file, &code);
  const size_t colon = message.rfind(": ");
  if (colon != std::string::npos) message = message.substr(colon + 2);
  if (message == "incorrect data check") return "checksum";
  if (message == "incorrect length check") return "length";
  return message;
}

// Whether the last gzread stopped on damaged compressed data (as opposed to the end of the file).
bool stream_is_corrupt(gzFile file) {
  int code = Z_OK;
  gzerror(file, &code);
  return code == Z_DATA_ERROR || code == Z_STREAM_ERROR;
}

// The file that holds the voxel data: `path` itself for a single file, else the .img (or .img.gz) beside
// the .hdr. None -> InputError.
std::filesystem::path voxel_data_file(const std::filesystem::path& path, const NiftiLayout& layout) {
  if (layout.single_file) return path;
  const std::unique_ptr<char, decltype(&std::free)> name(nifti_findimgname(path.c_str(), NIFTI_FTYPE_NIFTI1_2), &std::free);
  if (!name) throw_file_error(path, "NIfTI header without its voxel data file (.img)");
  return name.get();
}

// The most bytes `data_file` can hold once decompressed: its size, or deflate's bound of it when gzipped.
uint64_t decompressed_capacity(const std::filesystem::path& path, const std::filesystem::path& data_file) {
  std::error_code error;
  const uint64_t stored = std::filesystem::file_size(data_file, error);
  if (error) throw_file_error(path, "cannot read the NIfTI voxel data file " + data_file.string());
  std::ifstream in(data_file, std::ios::binary);
  unsigned char magic[2] = {};
  in.read(reinterpret_cast<char*>(magic), 2);
  const bool gzipped = in.gcount() == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
  return gzipped ? deflate_output_bound(stored) : stored;
}

// Throws InputError unless the voxel data the header declares can lie in `data_file`: the offset within
// the file, and offset + bytes within its (decompressed) size. Nothing is allocated before this check.
void require_voxel_data_fits(const std::filesystem::path& path, const std::filesystem::path& data_file,
                             const NiftiLayout& layout) {
  const uint64_t capacity = decompressed_capacity(path, data_file);
  if (layout.data_offset > capacity) {
    throw_file_error(path, "invalid NIfTI data offset (vox_offset " + std::to_string(layout.data_offset) +
                               " lies beyond the end of " + data_file.filename().string() + ")");
  }
  if (layout.data_bytes > capacity - layout.data_offset) {
    throw_file_error(path, "truncated NIfTI (expected " + std::to_string(layout.data_bytes) +
                               " bytes of voxel data, got at most " + std::to_string(capacity - layout.data_offset) + ")");
  }
}

// Reads the voxel bytes at `layout.data_offset` of the (possibly gzip-compressed) `data_file`, then the rest
// of the stream, so that zlib verifies a gzip file's CRC-32 and length. Missing bytes -> InputError
// "truncated NIfTI"; damaged compressed data -> "corrupt gzip data (checksum)" or zlib's own reason.
std::vector<uint8_t> read_voxel_bytes(const std::filesystem::path& path, const std::filesystem::path& data_file,
                                      const NiftiLayout& layout) {
  using GzFile = std::unique_ptr<gzFile_s, decltype(&gzclose)>;
  GzFile file(gzopen(data_file.c_str(), "rb"), &gzclose);
  if (!file) throw_file_error(path, "cannot open NIfTI voxel data file " + data_file.string());
  const auto throw_if_corrupt = [&] {
    if (stream_is_corrupt(file.get())) throw_file_error(path, "corrupt gzip data (" + gzip_problem(file.get()) + ")");
  };
  std::vector<uint8_t> bytes(static_cast<size_t>(layout.data_bytes));
  size_t got = 0;
  if (gzseek(file.get(), z_off_t(layout.data_offset), SEEK_SET) == z_off_t(layout.data_offset)) {
    while (got < bytes.size()) {
      const unsigned chunk = unsigned(std::min<size_t>(bytes.size() - got, size_t(1) << 30));
      const int n = gzread(file.get(), bytes.data() + got, chunk);
      if (n <= 0) break;
      got += size_t(n);
    }
  }
  throw_if_corrupt();
  if (got != bytes.size()) {
    throw_file_error(path, "truncated NIfTI (expected " + std::to_string(bytes.size()) + " bytes of voxel data, got " +
                               std::to_string(got) + ")");
  }
  std::vector<uint8_t> rest(size_t(1) << 16);
  while (gzread(file.get(), rest.data(), unsigned(rest.size())) > 0) {
  }
  throw_if_corrupt();
  int code = Z_OK;
  gzerror(file.get(), &code);
  if (code != Z_OK) throw_file_error(path, "truncated gzip data (" + gzip_problem(file.get()) + ")");
  return bytes;
}

// Converts out.size() voxels of type T starting at `bytes` (in host byte order) to float, scaled.
template <class T>
void convert(const uint8_t* bytes, double slope, double intercept, std::vector<float>& out) {
  const size_t n = out.size();
  for (size_t i = 0; i < n; ++i) {
    T value;
    std::memcpy(&value, bytes + i * sizeof(T), sizeof(T));
    out[i] = float(double(value) * slope + intercept);
  }
}

using Converter = void (*)(const uint8_t*, double, double, std::vector<float>&);

Converter converter_for(const std::filesystem::path& path, int datatype) {
  switch (datatype) {
    case DT_UINT8: return convert<uint8_t>;
    case DT_INT8: return convert<int8_t>;
    case DT_UINT16: return convert<uint16_t>;
    case DT_INT16: return convert<int16_t>;
    case DT_UINT32: return convert<uint32_t>;
    case DT_INT32: return convert<int32_t>;
    case DT_UINT64: return convert<uint64_t>;
    case DT_INT64: return convert<int64_t>;
    case DT_FLOAT32: return convert<float>;
    case DT_FLOAT64: return convert<double>;
    default:
      throw_file_error(path, std::string("unsupported NIfTI datatype ") + nifti_datatype_string(datatype) +
                                 " (only scalar integer and float types)");
  }
}

double positive_spacing(double pixdim) { return pixdim == 0.0 || !std::isfinite(pixdim) ? 1.0 : std::fabs(pixdim); }

// The one reading path of read_nifti and read_nifti_volumes: every volume `accept` allows, in file order, each
// with the file's geometry.
std::vector<ImageVolume> read_volumes_unguarded(const std::filesystem::path& path, NiftiVolumes accept) {
  require_regular_file(path);
  const NiftiLayout layout = read_nifti_layout(path, accept);
  const Converter convert_voxels = converter_for(path, layout.datatype);
  silence_nifticlib();
  const std::filesystem::path data_file = voxel_data_file(path, layout);
  require_voxel_data_fits(path, data_file, layout);
  NiftiHandle nim(nifti_image_read(path.c_str(), 0), &nifti_image_free);
  if (!nim) throw_file_error(path, "not a readable NIfTI file (bad, truncated or unsupported header)");

  Geometry g;
  g.size = layout.size;
  g.spacing = {positive_spacing(nim->dx), positive_spacing(nim->dy), positive_spacing(nim->dz)};
  const nifti_dmat44& m = nim->sform_code > 0 ? nim->sto_xyz : nim->qto_xyz;
  for (int r = 0; r < 4; ++r) {
    for (int c = 0; c < 4; ++c) g.affine[size_t(4 * r + c)] = m.m[r][c];
  }

  std::vector<uint8_t> bytes = read_voxel_bytes(path, data_file, layout);
  if (nim->byteorder != nifti_short_order() && nim->swapsize > 1) {
    nifti_swap_Nbytes(int64_t(bytes.size()) / nim->swapsize, nim->swapsize, bytes.data());
  }
  const bool scaled = nim->scl_slope != 0.0 && std::isfinite(nim->scl_slope);
  const double slope = scaled ? nim->scl_slope : 1.0;
  const double intercept = scaled && std::isfinite(nim->scl_inter) ? nim->scl_inter : 0.0;
  const size_t volume_bytes = size_t(layout.voxel_count) * size_t(layout.bytes_per_voxel);
  std::vector<ImageVolume> volumes;
  volumes.reserve(size_t(layout.volumes));
  for (size_t v = 0; v < size_t(layout.volumes); ++v) {
    volumes.emplace_back(g);
    convert_voxels(bytes.data() + v * volume_bytes, slope, intercept, volumes.back().voxels);
  }
  return volumes;
}

}  // namespace

ImageVolume read_nifti(const std::filesystem::path& path) {
  return with_out_of_memory_as_input_error(
      path, [&] { return std::move(read_volumes_unguarded(path, NiftiVolumes::kOne).front()); });
}

std::vector<ImageVolume> read_nifti_volumes(const std::filesystem::path& path) {
  return with_out_of_memory_as_input_error(path, [&] { return read_volumes_unguarded(path, NiftiVolumes::kAll); });
}

}  // namespace hypera::data
