#pragma once
// NIfTI-1/NIfTI-2 reading (nifticlib header parsing, zlib voxel reading) and NIfTI-1 writing.
// Thread-safe: nifticlib's global debug level is set to silent once, on first use.
#include <filesystem>
#include <vector>

#include "data/io/volume.h"

namespace hypera::data {

// Reads a .nii, .nii.gz or .hdr/.img image of any scalar datatype as float, with scl_slope/scl_inter
// applied (slope 0 means no scaling). Spacing is |pixdim| (0 becomes 1); the affine is the sform when
// sform_code > 0, else the qform (row-major 4x4, voxel -> world, NIfTI RAS+ millimetres). Images with
// more than one volume (nt = dim[4] > 1 or a 5th dimension) are rejected ("<file>: NIfTI holds more than one
// volume (dim[4] = N); ..."; read_nifti_volumes reads them). The header is validated from its raw
// bytes before anything is allocated (data/io/nifti_header.h: dimensions >= 1, at most HYPERA_MAX_VOXELS
// voxels, bitpix matching the datatype, a valid vox_offset) and the voxel data must fit in the file, so
// a hostile header fails fast. The voxel bytes are counted, so a truncated file throws InputError
// "<file>: truncated NIfTI (expected N bytes of voxel data, got M)" instead of nifticlib's silent zero
// fill, and a gzip stream is read to its end: a damaged one is "<file>: corrupt gzip data (checksum)".
// Cost: one decompression pass plus one conversion pass.
ImageVolume read_nifti(const std::filesystem::path& path);

// Every volume of a NIfTI whose 4th dimension (dim[4]: time points, or in the Medical Segmentation Decathlon the
// modalities of a case) holds C >= 1 volumes: C volumes in file order, each a 2D/3D ImageVolume with the
// file's geometry (as read_nifti gives it). A 2D/3D file gives one volume, equal to read_nifti's. dim[5..7]
// must be 1: else InputError "<file>: NIfTI has more than 4 dimensions (dim[i] = N); ...". The same checks as
// read_nifti, over all the data: nx * ny * nz * C voxels within HYPERA_MAX_VOXELS (data/io/size_limits.h),
// checked from the header before anything is allocated; the bytes of all C volumes must be in the file
// (truncation and gzip checksum as above); scl_slope/scl_inter apply to every volume. Cost: as read_nifti's,
// for C volumes.
std::vector<ImageVolume> read_nifti_volumes(const std::filesystem::path& path);

// Write a NIfTI-1 file (.nii.gz is gzip-compressed, any other name is written uncompressed) holding
// float32 intensities or uint8 labels. Spacing goes to pixdim, the affine to the sform (code 1) and,
// as its closest rigid approximation, to the qform (code 1); units are millimetres. NIfTI-1 stores
// geometry as float32, so spacing and affine round-trip exactly when they are float32-representable;
// voxel values always round-trip exactly. Written to "<path>.tmp", fsynced and renamed; unwritable -> InputError.
void write_nifti(const std::filesystem::path& path, const ImageVolume& image);
void write_nifti(const std::filesystem::path& path, const LabelVolume& labels);

// Writes `volumes` (at least one) as one float32 NIfTI-1 file, as write_nifti does: dim[4] = volumes.size(), in
// their order (dim[0] = 4), when there are several; a plain 2D/3D file when there is one. All must lie on one
// grid (the same size, spacing and affine), else std::invalid_argument (a programming error; nothing is
// written); no volume -> std::invalid_argument too. Read back by read_nifti_volumes. Errors otherwise as
// write_nifti's (InputError naming `path`).
void write_nifti_volumes(const std::filesystem::path& path, const std::vector<ImageVolume>& volumes);

}  // namespace hypera::data
