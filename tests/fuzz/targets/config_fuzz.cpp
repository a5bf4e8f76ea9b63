// The INI run configuration (core::load_run_config with hypera_dist's sections [agents] and [population]),
// then the values parsed from its strings (patch size, class weights).
#include "app/config_sections.h"
#include "core/train/run_config.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto file = hypera::fuzz::input_file(data, size, "config.ini");
  hypera::fuzz::allow_input_error([&] {
    hypera::app::ConfigSections sections;
    const auto loaded = hypera::core::load_run_config(file, {}, sections.bound());
    loaded.config.patch_size();
    loaded.config.class_weight_values();
  });
  return 0;
}
