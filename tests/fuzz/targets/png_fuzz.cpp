// PNG reader (read_png_channel) and the BBBC039 mask decoder on top of it: any bytes as a .png file.
#include "data/io/png_io.h"
#include "data/io/targets.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto file = hypera::fuzz::input_file(data, size, "input.png");
  hypera::fuzz::allow_input_error([&] { hypera::data::read_png_channel(file, 1); });
  hypera::fuzz::allow_input_error([&] { hypera::data::read_bbbc039_instances(file); });
  return 0;
}
