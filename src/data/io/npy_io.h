#pragma once
// NumPy .npy arrays (format versions 1.0, 2.0, 3.0) and .npz archives of them, as float values: how
// probability maps saved by Python frameworks (nnU-Net's --save_probabilities, plain np.save) are read,
// and how `infer --save-probabilities` writes them for those frameworks (float32 .npz).
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "data/io/volume.h"

namespace hypera::data {

// An n-dimensional array. Whatever the file's order, `values` is in C order (last axis fastest).
struct NpyArray {
  std::vector<int64_t> shape;  // NumPy's axis order; empty for a 0-d array (one value)
  std::vector<float> values;   // product(shape) values
};

// Parses the bytes of one .npy file; `source` names it in errors ("a.npz:probabilities.npy").
// dtypes: float16/32/64, int8/16/32/64, uint8/16/32/64 and bool, little ('<', '|', '=') or big ('>')
// endian, C or Fortran order. Values are converted to float (float64 and 64-bit integers round to the
// nearest float). A bad magic string or header, an unsupported dtype (structured, complex, strings,
// objects), a shape of more values than HYPERA_MAX_VOXELS (size_limits.h) or fewer data bytes than the
// shape needs throw InputError "<source>: <problem>", before any memory is reserved for the values.
// Cost: one pass over the data (plus one reordering pass for Fortran order). Thread-safe.
NpyArray parse_npy(const std::vector<uint8_t>& bytes, const std::string& source);

// parse_npy of a whole file; a missing file throws InputError naming it.
NpyArray read_npy(const std::filesystem::path& path);

// The arrays of a .npz archive (stored or deflated members, as np.savez / np.savez_compressed write),
// by key: the member name without ".npy". A member not named *.npy, a member larger than an array of
// HYPERA_MAX_VOXELS 8-byte values can be, or any read_zip/parse_npy error, throws InputError naming the
// archive (and the member). Cost: the whole archive in memory.
std::map<std::string, NpyArray> read_npz(const std::filesystem::path& path);

// Writes `arrays` as an uncompressed .npz archive at `path`, as np.savez does: one stored member
// "<key>.npy" per array, in key order, each a .npy of format version 1.0 holding little-endian float32
// ('<f4', C order) with its header padded so that the data starts at a multiple of 64 bytes in the
// member. read_npz and NumPy's np.load read it back unchanged. Contract: every array's values.size() is
// the product of its shape and the shape has at most 32 axes (NumPy's limit); std::invalid_argument
// otherwise. The file is replaced atomically; every write_zip error (an archive of 4 GiB or more, a
// failed write) is InputError "<path>: <problem>". Cost: one copy of the values and one write.
void write_npz(const std::filesystem::path& path, const std::map<std::string, NpyArray>& arrays);

// Per-class volumes of a probability array of shape (C, Y, X) (2D) or (C, Z, Y, X) (3D; Z == 1 gives 2D
// volumes), the layout of nnU-Net's saved probabilities: class c becomes volume c with size
// (X, Y, Z), spacing 1 and the identity affine. Any other rank, or an axis of length 0, throws InputError
// "<source>: expected probabilities of shape (C, [Z,] Y, X) with no empty axis, got (...)"; a NaN or infinite value throws
// InputError "<source>: ..." naming it. Cost: one copy.
std::vector<ImageVolume> class_volumes(const NpyArray& array, const std::string& source);

// The inverse of class_volumes, the layout nnU-Net saves: per-class volumes (class c is volume c) as one
// array of shape (C, Y, X) on a 2D grid (nz == 1) or (C, Z, Y, X) on a 3D one, values in C order (x
// fastest, as in the volumes). Contract: at least one volume, all on one grid; std::invalid_argument
// otherwise. Cost: one copy.
NpyArray probability_array(const std::vector<ImageVolume>& classes);

}  // namespace hypera::data
