#pragma once
// Real data shared by the data-pipeline tests: split names of the BBBC039 fixtures, a small copy of them, and
// two prepared files built once per test process (a copy of the 3+1+1 BBBC039 fixtures and the ch2 brain MRI
// in 5 slabs). Paths of the real data and scratch folders come from tests/support.
#include <filesystem>
#include <string>
#include <vector>

#include "data/pipeline/prepare.h"

namespace hypera::data::testing {

// The first `per_split` names of a real split file.
std::vector<std::string> split_names(const std::string& split, size_t per_split);

// Copies the first `per_split` images and masks of each real split into `root` and writes split files.
void make_small_bbbc039(const std::filesystem::path& root, size_t per_split);

struct PreparedFile {
  std::filesystem::path path;
  PrepareSummary summary;
};

// Built on first use, removed at process exit.
const PreparedFile& small_bbbc039_three_class();  // up to 3 images per split (3+1+1), target three_class
const PreparedFile& ch2_slabs();                  // ch2 / ch2bet, foreground, split along z, 5 slabs

}  // namespace hypera::data::testing
