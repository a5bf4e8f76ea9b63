// The hyperparameter agents' folder manifest (agents::read_agent_manifest): any bytes as its manifest.txt.
#include "agents/hyperparameter/agent_folder.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto folder = hypera::fuzz::empty_folder("agents");
  hypera::fuzz::write_file(folder / "manifest.txt",
                           std::string_view(reinterpret_cast<const char*>(data), size));
  hypera::fuzz::allow_input_error([&] { hypera::agents::read_agent_manifest(folder); });
  return 0;
}
