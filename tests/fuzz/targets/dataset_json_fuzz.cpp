// dataset.json of an nnU-Net or MSD data set folder (data::read_nnunet_dataset, data::read_msd_dataset), with
// splits_final.json beside it when the input holds a second part. The folder has no case files, so a description
// that parses still ends in an InputError for a missing case; the parsers and their checks run first.
#include "data/io/labelled_dataset.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto parts = hypera::fuzz::input_parts(data, size);
  const auto folder = hypera::fuzz::empty_folder("dataset");
  hypera::fuzz::write_file(folder / "dataset.json", parts[0]);
  if (parts.size() > 1) hypera::fuzz::write_file(folder / "splits_final.json", parts[1]);
  hypera::fuzz::allow_input_error([&] { hypera::data::read_nnunet_dataset(folder); });
  hypera::fuzz::allow_input_error([&] { hypera::data::read_msd_dataset(folder); });
  return 0;
}
