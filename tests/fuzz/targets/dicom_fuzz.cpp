// DICOM file reader (read_dicom_file, DCMTK): any bytes as a .dcm file.
#include "data/io/dicom_io.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto file = hypera::fuzz::input_file(data, size, "input.dcm");
  hypera::fuzz::allow_input_error([&] { hypera::data::read_dicom_file(file); });
  return 0;
}
