#pragma once
// Internal to src/data/io: the fields of a NIfTI-1, NIfTI-2 or ANALYZE 7.5 header that decide how many voxel
// bytes are read and from where, parsed from the raw header and validated BEFORE nifticlib sees the file
// (nifticlib replaces a dimension below 1 by 1 and an invalid vox_offset by the header size, and would
// let a hostile size reach an allocation).
#include <array>
#include <cstdint>
#include <filesystem>

namespace hypera::data {

struct NiftiLayout {
  std::array<int64_t, 3> size{1, 1, 1};  // nx, ny, nz: dim[1..3], 1 for the dimensions dim[0] leaves out
  int64_t voxel_count = 1;               // nx * ny * nz: the voxels of ONE volume
  int64_t volumes = 1;                   // dim[4] (1 when dim[0] < 4); voxel_count * volumes <= max_voxels_per_image()
  int datatype = 0;                      // NIfTI DT_* code
  int bytes_per_voxel = 0;               // of `datatype`, >= 1 and == bitpix / 8
  uint64_t data_offset = 0;              // where the voxel data starts in the (decompressed) data file
  uint64_t data_bytes = 0;               // voxel_count * volumes * bytes_per_voxel, no overflow: every volume,
                                         // one after the other
  bool single_file = false;              // magic "n+1"/"n+2": the voxel data follows the header (.nii, .nii.gz)
};

// How many volumes a caller accepts: kOne refuses dim[4..7] > 1 ("NIfTI holds more than one volume (dim[i] =
// N)..."); kAll accepts any dim[4] (the volumes of a 4D file: time points, or the modalities of a Medical
// Segmentation Decathlon image) and refuses dim[5..7] > 1.
enum class NiftiVolumes { kOne, kAll };

// Reads the header at the start of `path` (.nii, .nii.gz or .hdr; gzip-compressed or not, either byte order)
// and checks: a known header size (348 or 540 bytes) and magic; dim[0] in 1..7 and each dimension it uses
// >= 1; the volumes `accept` allows; the voxel count, and the voxel count times the volumes, within
// max_voxels_per_image(); a known datatype whose size matches bitpix; a finite, whole vox_offset that is >= 0,
// and for a single file at least 352 (NIfTI-1) or 544 (NIfTI-2). Whether the voxel data fits in the file is
// left to the reader, which knows the data file. Any failure -> InputError naming `path`. Cost: reads at most
// 540 bytes. Thread-safe.
NiftiLayout read_nifti_layout(const std::filesystem::path& path, NiftiVolumes accept = NiftiVolumes::kOne);

}  // namespace hypera::data
