// train_segmentation_agents (segmentation_refiner.h): the training mode of the segmentation agents.
#include <algorithm>
#include <memory>
#include <stdexcept>
#include <numeric>
#include <optional>
#include <random>
#include <string>

#include <torch/torch.h>

#include "agents/segmentation/base_setting_choice.h"
#include "agents/segmentation/segmentation_agent_coordinator.h"
#include "agents/segmentation/segmentation_refiner.h"
#include "agents/segmentation/state_features.h"
#include "support/input_error.h"
#include "support/durable_folder.h"

namespace hypera::agents {
namespace {

struct PreparedExample {
  SharedState shared;
  RewardVector base_score;
};

// The training examples and the held-out ones: the class count of the first training example, the truth on
// each image's grid.
void check_examples(const std::vector<RefinementExample>& examples, const std::vector<RefinementExample>& held_out) {
  if (examples.empty()) throw InputError("train_segmentation_agents: no examples");
  const size_t classes = examples.front().probabilities.size();
  const auto check = [classes](const RefinementExample& e) {
    if (e.probabilities.size() != classes) {
      throw InputError(e.name + ": " + std::to_string(e.probabilities.size()) + " class maps, the first example has " +
                       std::to_string(classes));
    }
    if (!e.truth_mask.geometry.same_grid(e.image.geometry) || !e.truth_instances.geometry.same_grid(e.image.geometry)) {
      throw InputError(e.name + ": the ground truth is not on the image's grid");
    }
  };
  for (const RefinementExample& e : examples) check(e);
  for (const RefinementExample& e : held_out) check(e);
}

// Sets torch's intra-op threads for its lifetime.
class ThreadScope {
 public:
  explicit ThreadScope(int threads) : previous_(torch::get_num_threads()) { torch::set_num_threads(threads); }
  ~ThreadScope() { torch::set_num_threads(previous_); }
  ThreadScope(const ThreadScope&) = delete;
  ThreadScope& operator=(const ThreadScope&) = delete;

 private:
  int previous_;
};

// Writes the agents as a whole folder (support::write_folder_atomically), replacing an earlier one.
void save_atomically(const SegmentationAgentCoordinator& coordinator, const std::filesystem::path& folder) {
  try {
    support::write_folder_atomically(folder, [&](const std::filesystem::path& staging) { coordinator.save(staging); });
  } catch (const std::exception& error) {
    throw InputError(folder.string() + ": cannot write the segmentation agents (" + error.what() + ")");
  }
}

}  // namespace

void train_segmentation_agents(const std::vector<RefinementExample>& examples, const RefinerTrainingOptions& options,
                               const std::filesystem::path& folder) {
  check_examples(examples, options.held_out);
  if (options.epochs < 1) throw InputError("train_segmentation_agents: epochs must be >= 1");
  if (options.check_every < 1) throw InputError("train_segmentation_agents: check_every must be >= 1");
  CoordinatorConfig config;
  config.base = options.base;
  config.classes = static_cast<int64_t>(examples.front().probabilities.size());
  config.strategy = parse_conflict_strategy(options.conflict_strategy, "train_segmentation_agents: conflict_strategy");
  config.consensus_tolerance = options.consensus_tolerance;
  config.warmup_steps = options.warmup_steps;
  config.batch_size = options.batch_size;
  config.seed = options.seed;
  ThreadScope threads(std::max(1, options.threads));

  std::vector<PreparedExample> prepared;
  std::vector<std::vector<float>> features;
  for (const RefinementExample& e : examples) {
    PreparedExample p;
    p.shared = compute_shared_state(e.probabilities, e.image, options.base.threshold);
    p.base_score = reward_components(core::postprocess(e.probabilities, options.base), e.truth_instances, e.truth_mask);
    features.push_back(p.shared.features);
    prepared.push_back(std::move(p));
  }

  std::unique_ptr<SegmentationAgentCoordinator> made;
  try {
    made = std::make_unique<SegmentationAgentCoordinator>(config, FeatureNormalizer::fit(features));
  } catch (const std::invalid_argument& error) {
    throw InputError(std::string("train_segmentation_agents: ") + error.what());
  }
  SegmentationAgentCoordinator& coordinator = *made;

  std::vector<SharedState> held_out_states;
  for (const RefinementExample& e : options.held_out) {
    held_out_states.push_back(compute_shared_state(e.probabilities, e.image, options.base.threshold));
  }
  std::optional<double> best_score;
  // Scores the agents on the held-out images and saves them when they are the best so far.
  const auto check = [&](int64_t epochs_done) {
    HeldOutCheck result;
    result.epochs = epochs_done;
    result.mean_score = mean_selection_score(
        options.held_out, [&](size_t i) { return coordinator.decide(held_out_states[i], false).params; });
    result.best = !best_score || result.mean_score > *best_score;
    if (result.best) {
      best_score = result.mean_score;
      save_atomically(coordinator, folder);
    }
    if (options.on_check) options.on_check(result);
  };

  std::mt19937_64 order_rng(options.seed);
  std::vector<size_t> order(examples.size());
  std::iota(order.begin(), order.end(), 0);
  const double total = static_cast<double>(options.epochs) * static_cast<double>(examples.size());
  int64_t step = 0;
  for (int64_t epoch = 0; epoch < options.epochs; ++epoch) {
    std::shuffle(order.begin(), order.end(), order_rng);
    EpochSummary summary;
    summary.epoch = epoch;
    for (const size_t i : order) {
      const double progress = static_cast<double>(step++) / total;
      const PreparedExample& p = prepared[i];
      const AgentDecision decision = coordinator.decide(p.shared, true);
      const RewardVector refined = reward_components(core::postprocess(examples[i].probabilities, decision.params),
                                                     examples[i].truth_instances, examples[i].truth_mask);
      const std::vector<double> rewards = coordinator.distribute_rewards(refined, p.base_score, progress);
      coordinator.learn(coordinator.state(p.shared), decision, rewards);
      summary.mean_object_f1_gain += refined[kObjectF1] - p.base_score[kObjectF1];
    }
    summary.mean_object_f1_gain /= static_cast<double>(examples.size());
    if (options.on_epoch) options.on_epoch(summary);
    const int64_t done = epoch + 1;
    if (!options.held_out.empty() && (done % options.check_every == 0 || done == options.epochs)) check(done);
  }
  if (options.held_out.empty()) save_atomically(coordinator, folder);
}

}  // namespace hypera::agents
