// DICOM series reader (read_dicom_series): each part of the input is one file of the series folder.
#include <string>

#include "data/io/dicom_io.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto folder = hypera::fuzz::empty_folder("series");
  const auto parts = hypera::fuzz::input_parts(data, size);
  for (size_t i = 0; i < parts.size(); ++i) {
    hypera::fuzz::write_file(folder / ("slice" + std::to_string(i) + ".dcm"), parts[i]);
  }
  hypera::fuzz::allow_input_error([&] { hypera::data::read_dicom_series(folder); });
  return 0;
}
