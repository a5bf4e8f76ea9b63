#include "agents/segmentation/segmentation_refiner.h"

#include <string>

#include "agents/segmentation/segmentation_agent_coordinator.h"
#include "agents/segmentation/state_features.h"
#include "support/input_error.h"

namespace hypera::agents {

core::PostprocessParams RefinerTrainingOptions::default_base_setting() {
  core::PostprocessParams p;  // the validation grid search's best on BBBC039 (bench/postprocess, setting (c))
  p.seeds = core::SeedMode::DistanceMaxima;
  p.threshold = 0.6;
  p.min_size = 24;
  p.min_seed_distance = 2;
  return p;
}

SegmentationRefiner::SegmentationRefiner(const std::filesystem::path& folder)
    : coordinator_(SegmentationAgentCoordinator::load(folder)) {}

SegmentationRefiner::~SegmentationRefiner() = default;
SegmentationRefiner::SegmentationRefiner(SegmentationRefiner&&) noexcept = default;
SegmentationRefiner& SegmentationRefiner::operator=(SegmentationRefiner&&) noexcept = default;

int64_t SegmentationRefiner::classes() const { return coordinator_->config().classes; }

RefinedSegmentation SegmentationRefiner::refine(const std::vector<data::ImageVolume>& probabilities,
                                                const data::ImageVolume& image) {
  const int64_t classes = coordinator_->config().classes;
  if (static_cast<int64_t>(probabilities.size()) != classes) {
    throw InputError("refine: the agents were trained on " + std::to_string(classes) +
                     " class probability maps, got " + std::to_string(probabilities.size()));
  }
  const SharedState shared = compute_shared_state(probabilities, image, coordinator_->config().base.threshold);
  const AgentDecision decision = coordinator_->decide(shared, false);
  RefinedSegmentation out;
  out.result = core::postprocess(probabilities, decision.params);
  out.params = decision.params;
  return out;
}

}  // namespace hypera::agents
