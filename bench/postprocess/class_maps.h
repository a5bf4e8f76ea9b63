#pragma once
// Reading the class probability maps that bench_write_probabilities wrote: PROB_DIR/<split>/<name>.c<k>.nii.gz
// for k = 0, 1, ... (header-only; bench_postprocess and bench_seg_agents both read them).
#include <filesystem>
#include <string>
#include <vector>

#include "support/input_error.h"
#include "data/io/nifti_io.h"

namespace hypera::bench {

// The maps of one image in class order; InputError naming the image when fewer than two exist.
inline std::vector<data::ImageVolume> read_class_maps(const std::filesystem::path& prob_dir, const std::string& split,
                                                      const std::string& name) {
  std::vector<data::ImageVolume> maps;
  for (int k = 0;; ++k) {
    const std::filesystem::path file = prob_dir / split / (name + ".c" + std::to_string(k) + ".nii.gz");
    if (!std::filesystem::exists(file)) break;
    maps.push_back(data::read_nifti(file));
  }
  if (maps.size() < 2) throw InputError((prob_dir / split / name).string() + ": no probability maps");
  return maps;
}

}  // namespace hypera::bench
