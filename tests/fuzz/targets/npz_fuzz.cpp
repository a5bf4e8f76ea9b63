// NumPy .npz reader (read_npz: the ZIP reader of zip_archive.h, then parse_npy per member) and class_volumes of
// every array.
#include "data/io/npy_io.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto file = hypera::fuzz::input_file(data, size, "input.npz");
  hypera::fuzz::allow_input_error([&] {
    for (const auto& member : hypera::data::read_npz(file)) {
      hypera::fuzz::allow_input_error([&] { hypera::data::class_volumes(member.second, member.first); });
    }
  });
  return 0;
}
