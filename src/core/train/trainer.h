#pragma once
// The training loop of docs/ARCHITECTURE.md for one rank: epochs of prefetched, augmented batches, validation every
// N epochs, best and last checkpoints, exact resume, the run folder's logs, and the hook points that a
// coordinator listens to. The trainer reads every tunable value from the registry at its hook points and
// never knows who writes it; with no listener it is the fixed-schedule baseline.
//
// Data parallel (TrainerOptions::collective, comm/collective.h; a world of one rank when null, same code):
// every rank constructs a Trainer with the same options and data set and calls run() together (run() is
// collective). Rank r trains on shard r of every epoch (data::shard_items, disjoint, equal sizes) with
// train.batch_size samples per rank and step, so the global batch is size * batch_size; gradients are
// averaged over the ranks before every optimizer step. Validation and test: each rank predicts a disjoint
// part of the split and the metric sums are combined, so every rank holds the same metrics. Dropout and
// augmentation are seeded per epoch and rank. Checkpoint "last" also holds the participants' files
// (RunParticipant::write_checkpoint; the agents' agents.h5), restored on resume. Resume: every
// rank loads the same checkpoint files, then rank 0's model is broadcast. Only rank 0 writes the run
// folder (config.ini, logs, CSV, TensorBoard, plots, checkpoints, summary.json) and prints to `console`;
// the other ranks write and print nothing. Listeners run on every rank.
//
// The parts of a run and who writes what: training_run.h.
//
// Safety (rollback_guard.h): when a listener needs it (ListenerNeeds::rollback) and train.rollback_factor > 0,
// the model, optimizer and registry of every epoch start are kept in memory; a step whose loss is not finite
// or explodes (on any rank) restores them, counts TrainingState::rollbacks (seen by listeners at that BatchEnd)
// and training continues.
#include <filesystem>
#include <map>
#include <memory>
#include <ostream>
#include <string>
#include <functional>
#include <vector>

#include "comm/collective.h"
#include "core/train/hyperparameter_registry.h"
#include "core/train/run_config.h"
#include "core/train/state_exchange.h"
#include "core/train/training_hooks.h"
#include "data/pipeline/prepared_dataset.h"

namespace hypera::core {

struct TrainingRun;  // training_run.h

struct TrainerOptions {
  RunConfig config;
  std::string resolved_ini;  // written to <run>/config.ini
  std::filesystem::path run_folder;
  bool resume = false;              // continue from <run>/checkpoints/last when it exists
  std::ostream* console = nullptr;  // progress and messages (rank 0 only); nullptr = silent
  bool console_is_terminal = false;
  // The ranks that train this model together; not owned, must outlive run(). Gradients are averaged over it
  // by a parallel::GradientReducer. nullptr: a world of one rank whose gradients are left as they are.
  comm::Collective* collective = nullptr;
  // The same ranks over the training device's transport when `collective`'s device is another (NCCL for CUDA
  // gradients, dist/nccl_collective.h); gradients are then averaged over this one. Not owned. nullptr: `collective`.
  comm::Collective* gradient_collective = nullptr;
  // This rank's index among the ranks of its node: train.device = auto or cuda takes CUDA device
  // local_rank mod count (device_choice.h).
  int local_rank = 0;
  // The ranks that must resume from one common position and stop at one common step (a population: every
  // member's ranks, which take the same steps); nullptr: `collective`.
  comm::Collective* resume_group = nullptr;
  // Asked once on every rank after training, with the run's best validation value, when train.evaluate_test
  // is on (collective allowed: a population elects its winner here); false skips the test evaluation. Empty:
  // the test split is evaluated.
  std::function<bool(double best_metric)> test_wanted;
  // Asked after every step and every epoch end; when it returns true on any rank of resume_group, every rank
  // finishes that step and run() throws RunStopped, after the epoch's "last" checkpoint or, inside an epoch,
  // after a "stopped" one (run_checkpoints.h; checkpoint_store.h's PartialEpoch). Empty: never (no collective).
  std::function<bool()> stop_requested;
  // At the end of training, compare every rank's parameters and buffers with rank 0's and record
  // summary.json's "verify_replicas" {identical 1/0, max_abs_difference}; run() then throws
  // std::runtime_error (after summary.json is written) when they differ.
  bool verify_replicas = false;
};

// Thrown by Trainer::run() on every rank after a stop request was agreed and the checkpoint written. Not a
// std::exception, so that handlers of failures do not take it for one.
struct RunStopped {
  int64_t epoch = 0;         // 0-based epoch it stopped in or after
  int64_t batches_done = 0;  // of that epoch; 0: at its end
};

// summary.json's content: section -> key -> value.
using RunSummary = std::map<std::string, std::map<std::string, double>>;

class Trainer {
 public:
  Trainer(TrainerOptions options, data::PreparedDataset dataset);
  ~Trainer();

  // Listeners are called in the order added, at every hook point. Not owned; must outlive run().
  void add_listener(TrainingListener* listener);
  // Participants join the checkpoints, the summary and the replica check, in the order added (a coordinator
  // is usually both a listener and a participant). Not owned; must outlive run().
  void add_participant(RunParticipant* participant);
  // The population's exchange (state_exchange.h), called after every validation. Not owned; must outlive run().
  void set_state_exchange(StateExchange* exchange);
  HyperparameterRegistry& registry();

  // Trains to train.epochs, then (train.evaluate_test) evaluates the best checkpoint on the test split.
  // Writes everything into the run folder and returns what summary.json holds.
  RunSummary run();

 private:
  std::unique_ptr<TrainingRun> run_;
};

}  // namespace hypera::core
