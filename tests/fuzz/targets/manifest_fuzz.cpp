// Manifests (support/manifest.h: the agents' manifest.txt, meta-train's request.txt): the line reader, then
// every value read as a number and as a word, as the manifests' owners read them.
#include <cstdint>
#include <string>

#include "fuzz_input.h"
#include "support/manifest.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto file = hypera::fuzz::input_file(data, size, "manifest.txt");
  hypera::fuzz::allow_input_error([&] {
    for (const auto& entry : hypera::support::read_manifest(file, "hypera-segmentation-agents-1")) {
      for (const auto& value : entry.values) {
        hypera::support::parse_manifest_value<double>(value);
        hypera::support::parse_manifest_value<int64_t>(value);
        hypera::support::parse_manifest_value<std::string>(value);
      }
    }
  });
  return 0;
}
