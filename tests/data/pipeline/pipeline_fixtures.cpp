#include "pipeline_fixtures.h"

#include <fstream>

#include "common/real_data.h"
#include "common/scratch_folder.h"

namespace hypera::data::testing {

namespace fs = std::filesystem;

std::vector<std::string> split_names(const std::string& split, size_t per_split) {
  std::ifstream in(test::bbbc039_root() / (split + ".txt"));
  std::vector<std::string> names;
  std::string line;
  while (names.size() < per_split && std::getline(in, line)) {
    if (!line.empty()) names.push_back(line);
  }
  return names;
}

void make_small_bbbc039(const fs::path& root, size_t per_split) {
  fs::create_directories(root / "images");
  fs::create_directories(root / "masks");
  for (const char* split : {"training", "validation", "test"}) {
    std::ofstream list(root / (std::string(split) + ".txt"));
    for (const std::string& name : split_names(split, per_split)) {
      const std::string tif = fs::path(name).stem().string() + ".tif";
      fs::copy_file(test::bbbc039_root() / "masks" / name, root / "masks" / name);
      fs::copy_file(test::bbbc039_root() / "images" / tif, root / "images" / tif);
      list << name << "\n";
    }
  }
}

namespace {

struct Built {
  test::ScratchFolder dir;
  PreparedFile file;
};

}  // namespace

const PreparedFile& small_bbbc039_three_class() {
  static Built built;
  static const bool ready = [] {
    make_small_bbbc039(built.dir / "bbbc039", 3);
    built.file.path = built.dir / "bbbc039_three_class.h5";
    built.file.summary = prepare_bbbc039(built.dir / "bbbc039", TargetKind::ThreeClass, built.file.path);
    return true;
  }();
  (void)ready;
  return built.file;
}

const PreparedFile& ch2_slabs() {
  static Built built;
  static const bool ready = [] {
    built.file.path = built.dir / "ch2.h5";
    built.file.summary =
        prepare_volume_pair(test::mricron_template("ch2.nii.gz"), test::mricron_template("ch2bet.nii.gz"), 0.0,
                            TargetKind::Foreground, 2, 5, built.file.path);
    return true;
  }();
  (void)ready;
  return built.file;
}

}  // namespace hypera::data::testing
