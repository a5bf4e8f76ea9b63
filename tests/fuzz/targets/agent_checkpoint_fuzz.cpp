// The hyperparameter agents' HDF5 checkpoint (agents::read_agent_checkpoint), read as ranks 0 and 1 would.
#include "agents/hyperparameter/agent_checkpoint.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto file = hypera::fuzz::input_file(data, size, "agents.h5");
  for (int rank : {0, 1}) {
    hypera::fuzz::allow_input_error([&] { hypera::agents::read_agent_checkpoint(file, rank); });
  }
  return 0;
}
