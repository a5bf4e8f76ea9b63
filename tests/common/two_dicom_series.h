#pragma once
// A folder holding two real DICOM series: the CT slices of pydicom's DICOMDIR test set (Debian's
// python3-pydicom, test_files/dicomdirtests), 16x16 pixels each, RescaleIntercept -1024, axial.
//   kFiveSliceSeries:  98892001/CT5N, 5 slices 2.5 mm apart (z = -1.2375 .. 8.7625; 3353 is the lowest)
//   kThreeSliceSeries: 77654033/CT2's files 17136, 17166, 17196, 3 slices 1.25 mm apart (17136 is the lowest;
//                      the series' fourth file, 17106, lies 202 mm away and is left out)
// tests/app/cli/dicom_series_test.sh builds the same folder in shell.
#include <filesystem>
#include <string>

namespace hypera::test {

inline constexpr const char* kFiveSliceSeries = "1.3.6.1.4.1.5962.1.1.0.0.0.1194734704.16302.0.6";
inline constexpr const char* kThreeSliceSeries = "1.3.6.1.4.1.5962.1.1.0.0.0.1196530851.28319.0.2";

// pydicom's DICOMDIR test files: `name` is "98892001/CT5N/3353" and the like.
inline std::filesystem::path pydicom_dicomdir_file(const std::string& name) {
  return std::filesystem::path("/usr/lib/python3/dist-packages/pydicom/data/test_files/dicomdirtests") / name;
}

// Copies both series' files (their own names, no extension) into `folder`, which must exist.
inline void copy_two_dicom_series(const std::filesystem::path& folder) {
  for (const char* name : {"98892001/CT5N/2062", "98892001/CT5N/2392", "98892001/CT5N/2693", "98892001/CT5N/3023",
                           "98892001/CT5N/3353", "77654033/CT2/17136", "77654033/CT2/17166", "77654033/CT2/17196"}) {
    const std::filesystem::path source = pydicom_dicomdir_file(name);
    std::filesystem::copy_file(source, folder / source.filename());
  }
}

}  // namespace hypera::test
