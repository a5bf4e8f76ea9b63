// Command-line options of `hypera_dist train`: the input's lines are the arguments; they are split into the
// command's own options and configuration overrides (app::split_arguments), and the overrides are parsed
// (core::load_run_config with hypera_dist's sections), as run_train does.
#include <string>
#include <vector>

#include "app/argument_list.h"
#include "app/config_sections.h"
#include "core/train/run_config.h"
#include "fuzz_input.h"

namespace {

std::vector<std::string> lines_of(const uint8_t* data, size_t size) {
  std::vector<std::string> lines(1);
  for (size_t i = 0; i < size; ++i) {
    if (data[i] == '\n') {
      lines.emplace_back();
    } else {
      lines.back().push_back(static_cast<char>(data[i]));
    }
  }
  return lines;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  hypera::fuzz::allow_input_error([&] {
    const auto split = hypera::app::split_arguments(
        lines_of(data, size), {"config", "out", "resume", "agents-from", "agents-state", "replay-schedule"},
        {"help", "verify-replicas"});
    hypera::app::ConfigSections sections;
    const auto loaded = hypera::core::load_run_config(std::nullopt, split.rest, sections.bound());
    loaded.config.patch_size();
    loaded.config.class_weight_values();
  });
  return 0;
}
