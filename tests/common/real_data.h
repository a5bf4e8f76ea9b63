#pragma once
// Where the real test data lies: the BBBC039 nuclei set next to the checkout, the mricron brain MRI
// templates and pydicom's DICOM test files (Debian packages). Only paths; nothing is read here.
// HYPERA_BBBC039_DIR is defined for every test executable by hypera_add_test_suite (CMake setting of the
// same name; default: shared/data/bbbc039 next to the checkout).
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

namespace hypera::test {

// Folder with images/*.tif, masks/*.png and training.txt / validation.txt / test.txt. When it is missing
// the test executable stops at once with one line that says where it looked (no test passes without it).
inline std::filesystem::path bbbc039_root() {
  const std::filesystem::path root = HYPERA_BBBC039_DIR;
  if (!std::filesystem::exists(root / "training.txt")) {
    std::fprintf(stderr, "no BBBC039 data set at %s (configure with -DHYPERA_BBBC039_DIR=FOLDER)\n",
                 root.string().c_str());
    std::exit(1);
  }
  return root;
}

// name: "ch2.nii.gz" (T1 head) or "ch2bet.nii.gz" (brain only); both 181x217x181 uint8.
inline std::filesystem::path mricron_template(const std::string& name) {
  return std::filesystem::path("/usr/share/mricron/templates") / name;
}

// name: a file of pydicom's test set, e.g. "CT_small.dcm", "MR_small.dcm", "MR_truncated.dcm".
inline std::filesystem::path pydicom_file(const std::string& name) {
  return std::filesystem::path("/usr/lib/python3/dist-packages/pydicom/data/test_files") / name;
}

}  // namespace hypera::test
