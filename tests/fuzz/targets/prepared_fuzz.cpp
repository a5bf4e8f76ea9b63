// The prepared HDF5 data set (PreparedDataset): open the file, list its splits, load every sample.
#include "data/pipeline/prepared_dataset.h"
#include "data/pipeline/prepared_format.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto file = hypera::fuzz::input_file(data, size, "input.h5");
  hypera::fuzz::allow_input_error([&] {
    const auto dataset = hypera::data::PreparedDataset::open(file);
    for (const char* split : hypera::data::prepared::kSplitNames) dataset.split(split);
    for (const auto& name : dataset.sample_names()) {
      hypera::fuzz::allow_input_error([&] { dataset.load(name); });
    }
  });
  return 0;
}
