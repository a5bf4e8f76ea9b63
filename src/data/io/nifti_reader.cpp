#include <nifti2_io.h>
#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "data/io/file_error.h"
#include "data/io/nifti_io.h"
#include "data/io/nifti_library.h"

namespace hypera::data {
namespace {

using NiftiHandle = std::unique_ptr<nifti_image, decltype(&nifti_image_free)>;

// Reads `wanted` bytes starting at `offset` of a (possibly gzip-compressed) file; returns how many
// bytes were actually available.
size_t read_voxel_bytes(const std::filesystem::path& path, const char* data_file, int64_t offset,
                        std::vector<uint8_t>& bytes) {
  gzFile file = gzopen(data_file, "rb");
  if (!file) throw_file_error(path, std::string("cannot open NIfTI voxel data file ") + data_file);
  size_t got = 0;
  if (gzseek(file, z_off_t(offset), SEEK_SET) == z_off_t(offset)) {
    while (got < bytes.size()) {
      const unsigned chunk = unsigned(std::min<size_t>(bytes.size() - got, size_t(1) << 30));
      const int n = gzread(file, bytes.data() + got, chunk);
      if (n <= 0) break;
      got += size_t(n);
    }
  }
  gzclose(file);
  return got;
}

template <class T>
void convert(const std::vector<uint8_t>& bytes, double slope, double intercept, std::vector<float>& out) {
  const size_t n = out.size();
  for (size_t i = 0; i < n; ++i) {
    T value;
    std::memcpy(&value, bytes.data() + i * sizeof(T), sizeof(T));
    out[i] = float(double(value) * slope + intercept);
  }
}

using Converter = void (*)(const std::vector<uint8_t>&, double, double, std::vector<float>&);

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

}  // namespace

ImageVolume read_nifti(const std::filesystem::path& path) {
  require_regular_file(path);
  silence_nifticlib();
  NiftiHandle nim(nifti_image_read(path.c_str(), 0), &nifti_image_free);
  if (!nim) throw_file_error(path, "not a readable NIfTI file (bad, truncated or unsupported header)");
  if (nim->nt > 1 || nim->nu > 1 || nim->nv > 1 || nim->nw > 1) {
    throw_file_error(path, "NIfTI holds " + std::to_string(nim->nvox / (nim->nx * nim->ny * nim->nz)) +
                               " volumes (nt=" + std::to_string(nim->nt) + "); only one 2D/3D volume is supported");
  }
  if (nim->nx < 1 || nim->ny < 1 || nim->nz < 1 || nim->nbyper < 1) {
    throw_file_error(path, "corrupt NIfTI header (bad dimensions or datatype)");
  }

  const Converter convert_voxels = converter_for(path, nim->datatype);

  ImageVolume volume;
  Geometry& g = volume.geometry;
  g.size = {nim->nx, nim->ny, nim->nz};
  g.spacing = {positive_spacing(nim->dx), positive_spacing(nim->dy), positive_spacing(nim->dz)};
  const nifti_dmat44& m = nim->sform_code > 0 ? nim->sto_xyz : nim->qto_xyz;
  for (int r = 0; r < 4; ++r) {
    for (int c = 0; c < 4; ++c) g.affine[size_t(4 * r + c)] = m.m[r][c];
  }

  std::vector<uint8_t> bytes(size_t(g.voxel_count()) * size_t(nim->nbyper));
  const size_t got = read_voxel_bytes(path, nim->iname, nim->iname_offset, bytes);
  if (got != bytes.size()) {
    throw_file_error(path, "truncated NIfTI (expected " + std::to_string(bytes.size()) +
                               " bytes of voxel data, got " + std::to_string(got) + ")");
  }
  if (nim->byteorder != nifti_short_order() && nim->swapsize > 1) {
    nifti_swap_Nbytes(int64_t(bytes.size()) / nim->swapsize, nim->swapsize, bytes.data());
  }
  const bool scaled = nim->scl_slope != 0.0 && std::isfinite(nim->scl_slope);
  volume.voxels.resize(bytes.size() / size_t(nim->nbyper));
  const double intercept = scaled && std::isfinite(nim->scl_inter) ? nim->scl_inter : 0.0;
  convert_voxels(bytes, scaled ? nim->scl_slope : 1.0, intercept, volume.voxels);
  return volume;
}

}  // namespace hypera::data
