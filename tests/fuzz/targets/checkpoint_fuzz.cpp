// A training checkpoint folder as resuming reads it (core::CheckpointStore): part 1 of the input is its
// MANIFEST, part 2 its state.ini; the completeness check, then the progress.
#include "core/train/checkpoint_store.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto folder = hypera::fuzz::empty_folder("checkpoint");
  const auto parts = hypera::fuzz::input_parts(data, size);
  hypera::fuzz::write_file(folder / "MANIFEST", parts[0]);
  if (parts.size() > 1) hypera::fuzz::write_file(folder / "state.ini", parts[1]);
  hypera::fuzz::allow_input_error([&] {
    hypera::core::checkpoint_is_complete(folder);
    hypera::core::CheckpointStore::read_progress(folder);
  });
  return 0;
}
