#pragma once
// Class probability maps written by other frameworks, as `hypera_dist refine` reads them from a folder.
#include <filesystem>
#include <string>
#include <vector>

#include "data/io/volume.h"

namespace hypera::app {

struct ProbabilityCase {
  std::string name;                            // the case: file name without extension and class suffix
  std::vector<std::filesystem::path> files;    // one file, or one per class in class order
  std::vector<data::ImageVolume> probabilities;  // one volume per class, same grid; filled by read()
};

// The cases of `folder` (files directly in it), sorted by name. Recognized, per case:
//   <case>.npz            nnU-Net's --save_probabilities: the one array "probabilities", shape (C, [Z,] Y, X)
//   <case>.npy            an array of shape (C, [Z,] Y, X)
//   <case>.c<k>.nii[.gz]  one NIfTI per class k = 0..C-1 (bench/postprocess writes these)
//   <case>.nii[.gz]       when the case has none of the above (a segmentation beside nnU-Net's .npz is
//                         ignored); read_nifti rejects 4D files with a one-line error.
// Other files (nnU-Net's .pkl and .json) are ignored. No case, or a class file set with a gap, throws
// InputError naming the folder or file. Cost: one directory listing.
std::vector<ProbabilityCase> find_probability_cases(const std::filesystem::path& folder);

// Reads the case's class volumes into `probabilities`. Throws InputError naming the file: an .npz key other
// than "probabilities" or no such key, a shape other than (C, [Z,] Y, X), class files on different grids,
// a single class, or a value outside [0, 1] (logits rather than probabilities) or not a number (NaN, inf).
// Cost: the files' size.
void read_probabilities(ProbabilityCase& probability_case);

}  // namespace hypera::app
