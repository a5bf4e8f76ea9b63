// The segmentation agents' manifest.txt (agents::read_manifest): any bytes as the file.
#include "agents/segmentation/agents_manifest.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto file = hypera::fuzz::input_file(data, size, "manifest.txt");
  hypera::fuzz::allow_input_error([&] { hypera::agents::read_manifest(file); });
  return 0;
}
