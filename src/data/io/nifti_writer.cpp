#include <nifti2_io.h>
#include <zlib.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "data/io/file_error.h"
#include "data/io/nifti_io.h"
#include "data/io/nifti_library.h"
#include "support/durable_file.h"

namespace hypera::data {
namespace {

constexpr int kVoxOffset = 352;  // 348-byte header + 4-byte extender (no extensions)

bool is_gzip_name(const std::filesystem::path& path) {
  const std::string name = path.filename().string();
  return name.size() > 3 && name.compare(name.size() - 3, 3, ".gz") == 0;
}

// The header of `volumes` volumes on grid `g`: 2D/3D for one, 4D (dim[4] = volumes) for several.
nifti_1_header make_header(const std::filesystem::path& path, const Geometry& g, int datatype, int64_t volumes) {
  const int64_t dims[8] = {volumes > 1 ? 4 : 3, g.nx(), g.ny(), g.nz(), volumes, 1, 1, 1};
  for (int i = 1; i <= 4; ++i) {
    if (dims[i] < 1 || dims[i] > 32767) {
      throw_file_error(path, "NIfTI-1 dimensions must be 1..32767, got " + std::to_string(dims[i]));
    }
  }
  std::unique_ptr<nifti_1_header, decltype(&std::free)> made(nifti_make_new_n1_header(dims, datatype), &std::free);
  if (!made) throw_file_error(path, "cannot build a NIfTI-1 header");
  nifti_1_header h = *made;
  if (g.nz() == 1 && volumes == 1) h.dim[0] = 2;
  h.vox_offset = kVoxOffset;
  std::memcpy(h.magic, "n+1", 4);
  h.scl_slope = 0.0f;
  h.scl_inter = 0.0f;
  h.xyzt_units = NIFTI_UNITS_MM;
  for (int i = 0; i < 3; ++i) h.pixdim[i + 1] = float(g.spacing[size_t(i)]);

  h.sform_code = NIFTI_XFORM_SCANNER_ANAT;
  for (int c = 0; c < 4; ++c) {
    h.srow_x[c] = float(g.affine[size_t(c)]);
    h.srow_y[c] = float(g.affine[size_t(4 + c)]);
    h.srow_z[c] = float(g.affine[size_t(8 + c)]);
  }
  nifti_dmat44 m{};
  for (int r = 0; r < 4; ++r) {
    for (int c = 0; c < 4; ++c) m.m[r][c] = g.affine[size_t(4 * r + c)];
  }
  double qb, qc, qd, qx, qy, qz, dx, dy, dz, qfac;
  nifti_dmat44_to_quatern(m, &qb, &qc, &qd, &qx, &qy, &qz, &dx, &dy, &dz, &qfac);
  h.qform_code = NIFTI_XFORM_SCANNER_ANAT;
  h.quatern_b = float(qb);
  h.quatern_c = float(qc);
  h.quatern_d = float(qd);
  h.qoffset_x = float(qx);
  h.qoffset_y = float(qy);
  h.qoffset_z = float(qz);
  h.pixdim[0] = qfac < 0 ? -1.0f : 1.0f;
  return h;
}

// Writes the `left` bytes at `bytes` in chunks that gzwrite takes; false when a write fails.
bool write_bytes(gzFile file, const void* bytes, size_t left) {
  const auto* next = static_cast<const uint8_t*>(bytes);
  while (left > 0) {
    const unsigned chunk = unsigned(std::min<size_t>(left, size_t(1) << 30));
    if (gzwrite(file, next, chunk) != int(chunk)) return false;
    next += chunk;
    left -= chunk;
  }
  return true;
}

// The one writing path: `volumes` (at least one, all on the grid of the first) one after the other in one file.
template <class T>
void write_volumes(const std::filesystem::path& path, const std::vector<const Volume<T>*>& volumes, int datatype) {
  silence_nifticlib();
  const Geometry& grid = volumes.front()->geometry;
  for (const Volume<T>* volume : volumes) {
    if (int64_t(volume->voxels.size()) != grid.voxel_count()) {
      throw_file_error(path, "volume holds " + std::to_string(volume->voxels.size()) + " values for " +
                                 std::to_string(grid.voxel_count()) + " voxels");
    }
  }
  const nifti_1_header header = make_header(path, grid, datatype, int64_t(volumes.size()));
  support::write_file_atomically(path, [&](const std::filesystem::path& tmp) {
    // "T" writes plain bytes through the same zlib interface; level 6 is zlib's default trade-off.
    gzFile file = gzopen(tmp.c_str(), is_gzip_name(path) ? "wb6" : "wbT");
    if (!file) throw_file_error(path, "cannot open for writing");
    const char extender[4] = {0, 0, 0, 0};
    bool ok = write_bytes(file, &header, sizeof header) && write_bytes(file, extender, sizeof extender);
    for (const Volume<T>* volume : volumes) {
      ok = ok && write_bytes(file, volume->voxels.data(), volume->voxels.size() * sizeof(T));
    }
    const bool closed = gzclose(file) == Z_OK;
    if (!ok || !closed) throw_file_error(path, "NIfTI write failed (disk full or I/O error)");
  });
}

bool same_grid(const Geometry& a, const Geometry& b) {
  return a.size == b.size && a.spacing == b.spacing && a.affine == b.affine;
}

}  // namespace

void write_nifti(const std::filesystem::path& path, const ImageVolume& image) {
  write_volumes<float>(path, {&image}, DT_FLOAT32);
}

void write_nifti(const std::filesystem::path& path, const LabelVolume& labels) {
  write_volumes<uint8_t>(path, {&labels}, DT_UINT8);
}

void write_nifti_volumes(const std::filesystem::path& path, const std::vector<ImageVolume>& volumes) {
  if (volumes.empty()) throw std::invalid_argument("write_nifti_volumes(" + path.string() + "): no volume");
  std::vector<const ImageVolume*> each;
  for (const ImageVolume& volume : volumes) {
    if (!same_grid(volume.geometry, volumes.front().geometry)) {
      throw std::invalid_argument("write_nifti_volumes(" + path.string() + "): volume " +
                                  std::to_string(each.size()) + " lies on another grid than volume 0");
    }
    each.push_back(&volume);
  }
  write_volumes(path, each, DT_FLOAT32);
}

}  // namespace hypera::data
