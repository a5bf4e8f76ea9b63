// TIFF reader (read_tiff): any bytes as a .tif file.
#include "data/io/tiff_io.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto file = hypera::fuzz::input_file(data, size, "input.tif");
  hypera::fuzz::allow_input_error([&] { hypera::data::read_tiff(file); });
  return 0;
}
