#pragma once
// Where the real test data lies: the BBBC039 fixtures in the repository (tests/fixtures/bbbc039), the mricron
// brain MRI templates and pydicom's DICOM test files (Debian packages). Only paths; nothing is read here.
#include <filesystem>
#include <string>

namespace hypera::test {

// Five whole BBBC039 fields with images/*.tif, masks/*.png and training.txt (3) / validation.txt (1) /
// test.txt (1), and the mask of a field without nuclei (tests/fixtures/bbbc039/README.md).
inline std::filesystem::path bbbc039_root() {
  return std::filesystem::path(HYPERA_SOURCE_DIR) / "tests" / "fixtures" / "bbbc039";
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
