#pragma once
// The manifest of saved segmentation agents (manifest.txt beside the agents' SAC files): which agents, the
// base setting, the coordinator's settings and the feature normalisation. One "key values..." line each
// (support/manifest.h):
//   format hypera-segmentation-agents-1
//   classes 3 | strategy weighted_average | tolerance 8 | hidden 64 64 | batch 64 | warmup 100 | seed 0
//   seeds distance | base <name> <value> (one line per numeric parameter)
//   feature_mean <21 values> | feature_scale <21 values> | agents fg_balance boundary ...
// Values are written with 17 significant digits, so a reload is exact.
#include <filesystem>
#include <string>
#include <vector>

#include "agents/segmentation/segmentation_agent_coordinator.h"

namespace hypera::agents {

struct AgentsManifest {
  CoordinatorConfig config;
  FeatureNormalizer normalizer;
  std::vector<std::string> agents;
};

void write_manifest(const std::filesystem::path& file, const AgentsManifest& manifest);
// InputError naming the file for a missing file, an unknown key, a missing key or a bad value.
AgentsManifest read_manifest(const std::filesystem::path& file);

}  // namespace hypera::agents
