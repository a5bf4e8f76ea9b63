#pragma once
// The trained segmentation agents of a run (RUN/segmentation_agents, written by `refine-train`), as used
// by `infer --refine` and `refine`.
#include <filesystem>

#include "agents/segmentation/segmentation_refiner.h"

namespace hypera::app {

// RUN/segmentation_agents.
std::filesystem::path segmentation_agents_folder(const std::filesystem::path& run);

// The refiner of RUN's agents. A run without them throws InputError "<RUN>/segmentation_agents: no
// trained segmentation agents (train them with: hypera_dist refine-train --run <RUN>)"; damaged agents
// throw the refiner's InputError. Cost: loading the agents' networks.
agents::SegmentationRefiner open_run_refiner(const std::filesystem::path& run);

}  // namespace hypera::app
