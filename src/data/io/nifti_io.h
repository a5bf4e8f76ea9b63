#pragma once
// NIfTI-1/NIfTI-2 reading (nifticlib header parsing, zlib voxel reading) and NIfTI-1 writing.
// Thread-safe: nifticlib's global debug level is set to silent once, on first use.
#include <filesystem>

#include "data/io/volume.h"

namespace hypera::data {

// Reads a .nii, .nii.gz or .hdr/.img image of any scalar datatype as float, with scl_slope/scl_inter
// applied (slope 0 means no scaling). Spacing is |pixdim| (0 becomes 1); the affine is the sform when
// sform_code > 0, else the qform (row-major 4x4, voxel -> world, NIfTI RAS+ millimetres). Images with
// more than one volume (nt > 1 or a 5th dimension) are rejected. The header is validated from its raw
// bytes before anything is allocated (data/io/nifti_header.h: dimensions >= 1, at most HYPERA_MAX_VOXELS
// voxels, bitpix matching the datatype, a valid vox_offset) and the voxel data must fit in the file, so
// a hostile header fails fast. The voxel bytes are counted, so a truncated file throws InputError
// "<file>: truncated NIfTI (expected N bytes of voxel data, got M)" instead of nifticlib's silent zero
// fill, and a gzip stream is read to its end: a damaged one is "<file>: corrupt gzip data (checksum)".
// Cost: one decompression pass plus one conversion pass.
ImageVolume read_nifti(const std::filesystem::path& path);

// Write a NIfTI-1 file (.nii.gz is gzip-compressed, any other name is written uncompressed) holding
// float32 intensities or uint8 labels. Spacing goes to pixdim, the affine to the sform (code 1) and,
// as its closest rigid approximation, to the qform (code 1); units are millimetres. NIfTI-1 stores
// geometry as float32, so spacing and affine round-trip exactly when they are float32-representable;
// voxel values always round-trip exactly. Written to "<path>.tmp", fsynced and renamed; unwritable -> InputError.
void write_nifti(const std::filesystem::path& path, const ImageVolume& image);
void write_nifti(const std::filesystem::path& path, const LabelVolume& labels);

}  // namespace hypera::data
