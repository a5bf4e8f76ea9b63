#include "app/config_sections.h"

namespace hypera::app {

std::vector<core::ConfigSection> ConfigSections::bound() { return {agents::agent_options_section(agents), population::population_options_section(population)}; }

}  // namespace hypera::app
