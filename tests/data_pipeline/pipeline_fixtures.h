#pragma once
// Real data shared by the data-pipeline tests: paths, a scratch folder, and two prepared files built
// once per test process (a 3+3+3-image copy of BBBC039 and the ch2 brain MRI in 5 slabs).
#include <filesystem>
#include <string>
#include <vector>

#include "data/pipeline/prepare.h"

namespace hypera::data::testing {

std::filesystem::path bbbc039_root();
std::filesystem::path ch2_image();
std::filesystem::path ch2_mask();

// A fresh, unique folder under the system temp directory, removed (recursively) on destruction.
class ScratchDir {
 public:
  ScratchDir();
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

// The first `per_split` names of a real split file.
std::vector<std::string> split_names(const std::string& split, size_t per_split);

// Copies the first `per_split` images and masks of each real split into `root` and writes split files.
void make_small_bbbc039(const std::filesystem::path& root, size_t per_split);

struct PreparedFile {
  std::filesystem::path path;
  PrepareSummary summary;
};

// Built on first use, removed at process exit.
const PreparedFile& small_bbbc039_three_class();  // 3 images per split, target three_class
const PreparedFile& ch2_slabs();                  // ch2 / ch2bet, foreground, split along z, 5 slabs

}  // namespace hypera::data::testing
