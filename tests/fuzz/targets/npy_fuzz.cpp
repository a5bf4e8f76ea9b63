// NumPy .npy parser (parse_npy, from memory) and the probability-map view of its array (class_volumes).
#include "data/io/npy_io.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  hypera::fuzz::allow_input_error([&] {
    const auto array = hypera::data::parse_npy(std::vector<uint8_t>(data, data + size), "input.npy");
    hypera::data::class_volumes(array, "input.npy");
  });
  return 0;
}
