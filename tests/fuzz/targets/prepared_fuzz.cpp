// The prepared HDF5 data set (PreparedDataset): open the file, list its splits, load every sample. The input is
// given a matching checksum sidecar ("input.h5.crc32c", computed from its bytes), so that fuzzing gets past the
// checksum and reaches HDF5 and HYPERA's checks after H5Fopen: every input plays a crafted file, not a damaged one
// (damage is refused by the checksum; tests/data/pipeline/prepared_dataset_test.cpp).
#include "data/pipeline/prepared_dataset.h"
#include "data/pipeline/prepared_format.h"
#include "fuzz_input.h"
#include "support/checksum_sidecar.h"
#include "support/crc32c.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto file = hypera::fuzz::input_file(data, size, "input.h5");
  hypera::fuzz::write_file(hypera::support::checksum_sidecar_of(file),
                           hypera::support::checksum_sidecar_line({size, hypera::support::crc32c(data, size)}));
  hypera::fuzz::allow_input_error([&] {
    const auto dataset = hypera::data::PreparedDataset::open(file);
    for (const char* split : hypera::data::prepared::kSplitNames) dataset.split(split);
    for (const auto& name : dataset.sample_names()) {
      hypera::fuzz::allow_input_error([&] { dataset.load(name); });
    }
  });
  return 0;
}
