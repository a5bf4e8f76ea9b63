#pragma once
// The training loop of DESIGN.md for one rank: epochs of prefetched, augmented batches, validation every
// N epochs, best and last checkpoints, exact resume, the run folder's logs, and the hook points that a
// coordinator listens to. The trainer reads every tunable value from the registry at its hook points and
// never knows who writes it; with no listener it is the fixed-schedule baseline.
#include <filesystem>
#include <map>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "core/train/hyperparameter_registry.h"
#include "core/train/run_config.h"
#include "core/train/training_hooks.h"
#include "data/pipeline/prepared_dataset.h"

namespace hypera::core {

struct TrainerOptions {
  RunConfig config;
  std::string resolved_ini;  // written to <run>/config.ini
  std::filesystem::path run_folder;
  bool resume = false;              // continue from <run>/checkpoints/last when it exists
  std::ostream* console = nullptr;  // progress and messages; nullptr = silent
  bool console_is_terminal = false;
};

// summary.json's content: section -> key -> value.
using RunSummary = std::map<std::string, std::map<std::string, double>>;

class Trainer {
 public:
  Trainer(TrainerOptions options, data::PreparedDataset dataset);
  ~Trainer();

  // Listeners are called in the order added, at every hook point. Not owned; must outlive run().
  void add_listener(TrainingListener* listener);
  HyperparameterRegistry& registry();

  // Trains to train.epochs, then (train.evaluate_test) evaluates the best checkpoint on the test split.
  // Writes everything into the run folder and returns what summary.json holds.
  RunSummary run();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace hypera::core
