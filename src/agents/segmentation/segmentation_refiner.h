#pragma once
// The user-facing entry points of the segmentation agents: training on a validation split (with ground
// truth, rewards only) and inference (deterministic actions, no ground truth).
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/postprocess/pipeline.h"
#include "core/postprocess/postprocess_params.h"
#include "data/io/volume.h"

namespace hypera::agents {

class SegmentationAgentCoordinator;

struct RefinedSegmentation {
  core::PostprocessResult result;  // the objects and mask of the refined setting
  core::PostprocessParams params;  // the setting the agents chose for this image
};

// Inference mode: deterministic actions of trained segmentation agents, no ground truth.
class SegmentationRefiner {
 public:
  // Loads agents saved by train_segmentation_agents into `folder`; InputError naming the folder when missing
  // or damaged.
  explicit SegmentationRefiner(const std::filesystem::path& folder);
  ~SegmentationRefiner();
  SegmentationRefiner(SegmentationRefiner&&) noexcept;
  SegmentationRefiner& operator=(SegmentationRefiner&&) noexcept;

  // probabilities: softmax volumes, one per class, as trained (2 or 3 classes); image: the network's input
  // image on the same grid (normalized to [0, 1]). InputError when the class count differs from training's
  // or the grids disagree. Cost: the state features, one actor forward per agent and one postprocess() run:
  // about 35 ms of one thread per 520x696 BBBC039 image (median; bench_seg_agents --time).
  // Not thread-safe (the agents' networks are shared): use one refiner per thread.
  RefinedSegmentation refine(const std::vector<data::ImageVolume>& probabilities, const data::ImageVolume& image);

  // The number of class maps the agents were trained on (2 or 3), which refine() expects.
  int64_t classes() const;

 private:
  std::unique_ptr<SegmentationAgentCoordinator> coordinator_;
};

// One validation image with its ground truth (truth enters rewards only, never a state).
struct RefinementExample {
  std::string name;
  std::vector<data::ImageVolume> probabilities;
  data::ImageVolume image;
  data::InstanceVolume truth_instances;
  data::LabelVolume truth_mask;
};

// What one training epoch achieved (exploring actions, so noisier than the deterministic ones).
struct EpochSummary {
  int64_t epoch = 0;
  double mean_object_f1_gain = 0;  // mean over the epoch's images of the reward component object_f1, refined - base
};

// One check of the agents on held-out images (RefinerTrainingOptions::held_out).
struct HeldOutCheck {
  int64_t epochs = 0;     // passes done when checked
  double mean_score = 0;  // mean over the held-out images of foreground Dice + object F1 (mean_selection_score),
                          // each refined with the agents' deterministic actions
  bool best = false;      // higher than every earlier check (the first check is best): these agents are saved
};

struct RefinerTrainingOptions {
  int64_t epochs = 100;  // passes over the examples; one episode (one SAC step per agent) per image
                         // (BBBC039: 30 passes left the agents at the base setting, 100 beat it; RESULTS.md)
  uint64_t seed = 0;     // agents' seeds (agent i: seed + i) and the example order
  // The base setting the actions are offsets around (zero action reproduces it): the grid-search best (c).
  core::PostprocessParams base = default_base_setting();
  std::string conflict_strategy = "weighted_average";  // weighted_average | priority_based | consensus (min_size)
  double consensus_tolerance = 8;                      // voxels: min_size proposals further apart keep the base
  int64_t warmup_steps = 100;  // per agent: uniform random actions before the policy acts and learns
  int64_t batch_size = 64;     // SAC batch; networks are 64-64
  int threads = 1;             // torch intra-op threads while training (restored afterwards)
  std::function<void(const EpochSummary&)> on_epoch;  // called after every epoch when set
  // Images never trained on that choose how many passes to keep: after every `check_every` epochs and after
  // the last, the agents are scored on them (HeldOutCheck) and the agents of the best check are the ones
  // saved, so more epochs cannot make the saved agents worse on them. Checking changes nothing in training
  // (deterministic actions draw no random numbers). Empty: no checks; the agents after the last epoch are saved.
  std::vector<RefinementExample> held_out;
  int64_t check_every = 4;                            // >= 1; used only with held_out
  std::function<void(const HeldOutCheck&)> on_check;  // called after every check when set (after on_epoch)

  static core::PostprocessParams default_base_setting();
};

// Training mode: agents explore on `examples` (the validation split; ground truth enters rewards only) and the
// trained agents (those of the best held-out check when options.held_out is set) are saved into `folder`
// (created; written whole: support::write_folder_atomically). InputError for no examples, examples (held-out
// ones included) with different class counts or grids, bad options, or a folder that cannot be written.
// Cost: per example and epoch one postprocess(), one scoring and one SAC update per agent (about 0.1 s on
// a 520x696 image); per check, one deterministic refinement and scoring per held-out image, and one save
// when it is the best so far.
void train_segmentation_agents(const std::vector<RefinementExample>& examples, const RefinerTrainingOptions& options,
                               const std::filesystem::path& folder);

}  // namespace hypera::agents
