#include "core/train/trainer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <functional>
#include <memory>
#include <sstream>

#include "core/train/checkpoint_store.h"
#include "core/train/lr_schedule.h"
#include "core/train/model_factory.h"
#include "core/train/tunables.h"
#include "support/cpu_features.h"
#include "support/input_error.h"
#include "common/file_bytes.h"
#include "common/scratch_folder.h"
#include "train_fixtures.h"

namespace hypera::core {
namespace {
namespace fs = std::filesystem;

using testing::prepared_mri;

RunConfig tiny_config(int epochs) { return testing::tiny_mri_config(epochs); }

RunSummary train(const RunConfig& config, const fs::path& run, bool resume, TrainingListener* listener = nullptr,
                 std::ostream* console = nullptr) {
  TrainerOptions options;
  options.config = config;
  options.console = console;
  options.resolved_ini = "[train]\n";
  options.run_folder = run;
  options.resume = resume;
  Trainer trainer(options, data::PreparedDataset::open(config.data.prepared));
  if (listener) trainer.add_listener(listener);
  return trainer.run();
}

std::vector<torch::Tensor> checkpoint_parameters(const RunConfig& config, const fs::path& run, const std::string& tag) {
  UNet model(unet_options(config, 1, 2));
  CheckpointStore(run / "checkpoints").load(tag, *model, nullptr);
  return model->parameters();
}

int count_lines(const fs::path& path) {
  std::ifstream in(path);
  int lines = 0;
  for (std::string line; std::getline(in, line);) ++lines;
  return lines;
}

// Stops the run like a crash would, after the checkpoint of epoch `epoch` was written.
class CrashAfterEpoch : public TrainingListener {
 public:
  explicit CrashAfterEpoch(int64_t epoch) : epoch_(epoch) {}
  void on_hook(Hook hook, const TrainingState& state, HyperparameterRegistry&) override {
    if (hook == Hook::EpochEnd && state.epoch == epoch_) throw std::runtime_error("simulated crash");
  }

 private:
  int64_t epoch_;
};

// Records the hooks in order and changes the learning rate at every batch_begin, as an agent would.
class RecordingListener : public TrainingListener {
 public:
  void on_hook(Hook hook, const TrainingState&, HyperparameterRegistry& registry) override {
    hooks.push_back(hook_name(hook));
    if (hook == Hook::BatchBegin) registry.set("lr", 0.001, "test_agent");
  }
  std::vector<std::string> hooks;
};

TEST(Trainer, WritesTheRunFolder) {
  torch::set_num_threads(1);
  test::ScratchFolder scratch;
  const RunSummary summary = train(tiny_config(2), scratch.path(), false);
  for (const char* file : {"config.ini", "metrics.csv", "hparams.csv", "summary.json", "loss_curve.png",
                           "validation_curve.png", "checkpoints/last/MANIFEST", "checkpoints/best/MANIFEST"}) {
    EXPECT_TRUE(fs::exists(scratch.path() / file)) << file;
  }
  bool events = false;
  for (const auto& entry : fs::directory_iterator(scratch.path())) {
    events |= entry.path().filename().string().rfind("events.out.tfevents.", 0) == 0;
  }
  EXPECT_TRUE(events);
  EXPECT_EQ(count_lines(scratch.path() / "metrics.csv"), 3);  // header + 2 epochs
  EXPECT_GE(count_lines(scratch.path() / "hparams.csv"), 2);  // the poly schedule wrote epoch 2's lr
  EXPECT_EQ(summary.at("training").at("steps"), 6);
  const double dice = summary.at("final_validation").at("dice");
  EXPECT_GE(dice, 0.0);
  EXPECT_LE(dice, 1.0);
  EXPECT_GE(summary.at("timing").at("data_wait_seconds"), 0.0);
  // train.precision = auto (the fixture's default): bf16 exactly where this CPU computes it.
  EXPECT_EQ(summary.at("compute").at("bf16_autocast"), support::this_cpu().computes_bf16() ? 1.0 : 0.0);
}

TEST(Trainer, ResumeAfterACrashMatchesAnUninterruptedRun) {
  torch::set_num_threads(1);
  test::ScratchFolder scratch;
  const RunConfig config = tiny_config(2);
  train(config, scratch.path() / "straight", false);

  CrashAfterEpoch crash(0);
  EXPECT_THROW(train(config, scratch.path() / "resumed", false, &crash), std::runtime_error);
  train(config, scratch.path() / "resumed", true);

  const auto straight = checkpoint_parameters(config, scratch.path() / "straight", "last");
  const auto resumed = checkpoint_parameters(config, scratch.path() / "resumed", "last");
  ASSERT_EQ(straight.size(), resumed.size());
  for (size_t i = 0; i < straight.size(); ++i) EXPECT_TRUE(torch::equal(straight[i], resumed[i])) << i;
  EXPECT_EQ(count_lines(scratch.path() / "resumed" / "metrics.csv"), 3);
}

// A stop request (a signal, in hypera_dist) that is true from its `call`-th question on.
std::function<bool()> stop_from_call(int call) {
  auto calls = std::make_shared<int>(0);
  return [calls, call] { return ++*calls >= call; };
}

std::vector<std::string> metrics_column(const fs::path& run, size_t column) {
  std::ifstream in(run / "metrics.csv");
  std::vector<std::string> values;
  for (std::string line; std::getline(in, line);) {
    std::stringstream fields(line);
    std::string field;
    for (size_t i = 0; i <= column; ++i) std::getline(fields, field, ',');
    values.push_back(field);
  }
  return values;
}

TEST(Trainer, AStopInsideAnEpochResumesToTheModelOfAnUninterruptedRun) {
  torch::set_num_threads(1);
  test::ScratchFolder scratch;
  RunConfig config = tiny_config(2);  // 2 epochs of 3 steps
  config.tunables[tunable::kDropout.name] = 0.3;  // dropout draws from LibTorch's generator: it must continue too
  train(config, scratch.path() / "straight", false);

  TrainerOptions options;
  options.config = config;
  options.resolved_ini = "[train]\n";
  options.run_folder = scratch.path() / "stopped";
  options.stop_requested = stop_from_call(2);  // asked after steps 1 and 2 of epoch 1: stops after step 2
  try {
    Trainer(options, data::PreparedDataset::open(config.data.prepared)).run();
    ADD_FAILURE() << "the run did not stop";
  } catch (const RunStopped& stopped) {
    EXPECT_EQ(stopped.epoch, 0);
    EXPECT_EQ(stopped.batches_done, 2);
  }
  const TrainingProgress saved = CheckpointStore::read_progress(scratch.path() / "stopped" / "checkpoints" / "stopped");
  EXPECT_EQ(saved.next_epoch, 0);
  EXPECT_EQ(saved.step, 2);
  EXPECT_EQ(saved.partial.batches_done, 2);
  EXPECT_EQ(saved.partial.random_states.size(), 1u);
  EXPECT_FALSE(fs::exists(scratch.path() / "stopped" / "summary.json"));
  EXPECT_FALSE(fs::exists(scratch.path() / "stopped" / "checkpoints" / "last")) << "no epoch ended";

  train(config, scratch.path() / "stopped", true);
  const auto straight = checkpoint_parameters(config, scratch.path() / "straight", "last");
  const auto resumed = checkpoint_parameters(config, scratch.path() / "stopped", "last");
  ASSERT_EQ(straight.size(), resumed.size());
  for (size_t i = 0; i < straight.size(); ++i) EXPECT_TRUE(torch::equal(straight[i], resumed[i])) << i;
  EXPECT_FALSE(fs::exists(scratch.path() / "stopped" / "checkpoints" / "stopped")) << "the epoch end replaced it";
  // The stopped epoch's metrics.csv row sums the steps before and after the stop: train_loss, grad_norm.
  for (size_t column : {4, 9}) {
    EXPECT_EQ(metrics_column(scratch.path() / "straight", column), metrics_column(scratch.path() / "stopped", column));
  }
}

TEST(Trainer, AStopAtAnEpochEndWritesThatEpochsCheckpoint) {
  torch::set_num_threads(1);
  test::ScratchFolder scratch;
  const RunConfig config = tiny_config(2);
  TrainerOptions options;
  options.config = config;
  options.resolved_ini = "[train]\n";
  options.run_folder = scratch.path();
  options.stop_requested = stop_from_call(3);  // after steps 1 and 2, then at the end of epoch 1
  EXPECT_THROW(Trainer(options, data::PreparedDataset::open(config.data.prepared)).run(), RunStopped);
  const TrainingProgress saved = CheckpointStore::read_progress(scratch.path() / "checkpoints" / "last");
  EXPECT_EQ(saved.next_epoch, 1);
  EXPECT_EQ(saved.partial.batches_done, 0);
  EXPECT_EQ(count_lines(scratch.path() / "metrics.csv"), 2);  // epoch 1 was completed and logged
}

TEST(Trainer, ATimeLimitEndsTheRunAfterTheStepInProgressWithValidationAndTest) {
  torch::set_num_threads(1);
  test::ScratchFolder scratch;
  RunConfig config = tiny_config(3);
  config.train.time_limit = 1e-6;  // minutes: reached by the end of the first step
  config.train.evaluate_test = true;
  const RunSummary summary = train(config, scratch.path(), false);
  EXPECT_EQ(summary.at("training").at("steps"), 1);
  EXPECT_EQ(summary.at("training").at("time_limit_reached"), 1);
  EXPECT_GT(summary.at("training").at("seconds"), 0);
  EXPECT_GE(summary.at("training").at("time_limit_share"), 1);
  EXPECT_TRUE(summary.count("final_validation")) << "the shortened epoch was validated";
  EXPECT_TRUE(summary.count("test")) << "the test split was evaluated";
  EXPECT_EQ(count_lines(scratch.path() / "metrics.csv"), 2);  // header + the one shortened epoch
  const TrainingProgress saved = CheckpointStore::read_progress(scratch.path() / "checkpoints" / "last");
  EXPECT_EQ(saved.step, 1);
  EXPECT_GT(saved.seconds, 0);

  config.train.time_limit = 0;  // no limit: all 9 steps
  const RunSummary unlimited = train(config, scratch.path() / "unlimited", false);
  EXPECT_EQ(unlimited.at("training").at("time_limit_reached"), 0);
  EXPECT_EQ(unlimited.at("training").count("time_limit_share"), 0) << "no limit, no share of it";
}

// metrics.csv without its last three columns, the timings (run_logger.h), which differ between runs.
std::vector<std::string> rows_without_timings(const fs::path& run) {
  std::vector<std::string> rows;
  std::ifstream in(run / "metrics.csv");
  for (std::string line; std::getline(in, line);) {
    for (int column = 0; column < 3; ++column) line.erase(line.rfind(','));
    rows.push_back(line);
  }
  return rows;
}

TEST(Trainer, ValidationInTheBackgroundGivesTheNumbersOfValidationInLine) {
  torch::set_num_threads(1);
  test::ScratchFolder scratch;
  RunConfig config = tiny_config(3);
  config.train.validate_every = 1;
  config.train.overlap_validation = "off";
  const RunSummary in_line = train(config, scratch.path() / "in_line", false);
  config.train.overlap_validation = "on";
  const RunSummary overlapped = train(config, scratch.path() / "overlapped", false);
  EXPECT_EQ(rows_without_timings(scratch.path() / "in_line"), rows_without_timings(scratch.path() / "overlapped"));
  EXPECT_EQ(count_lines(scratch.path() / "overlapped" / "metrics.csv"), 4) << "every epoch's row, once";
  EXPECT_EQ(overlapped.at("timing").at("background_validations"), 2) << "epochs 1 and 2; the last is in line";
  EXPECT_EQ(in_line.at("timing").at("background_validations"), 0);
  EXPECT_EQ(in_line.at("best"), overlapped.at("best"));
  EXPECT_EQ(in_line.at("final_validation"), overlapped.at("final_validation"));
  const auto best_in_line = checkpoint_parameters(config, scratch.path() / "in_line", "best");
  const auto best_overlapped = checkpoint_parameters(config, scratch.path() / "overlapped", "best");
  for (size_t i = 0; i < best_in_line.size(); ++i) EXPECT_TRUE(torch::equal(best_in_line[i], best_overlapped[i])) << i;
}

TEST(Trainer, ValidationInTheBackgroundIsRefusedWhereTheResultIsNeededFirst) {
  torch::set_num_threads(1);
  test::ScratchFolder scratch;
  RunConfig config = tiny_config(2);
  config.train.overlap_validation = "on";
  config.train.schedule = "plateau";
  try {
    train(config, scratch.path() / "plateau", false);
    ADD_FAILURE() << "the plateau schedule reads each validation first";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("train.overlap_validation"), std::string::npos) << e.what();
  }
  config.train.schedule = "poly";
  RecordingListener agent_like;  // declares nothing: it may read each validation
  EXPECT_THROW(train(config, scratch.path() / "listener", false, &agent_like), InputError);
  config.train.overlap_validation = "auto";  // the same run with auto validates in line
  EXPECT_NO_THROW(train(config, scratch.path() / "auto", false, &agent_like));
}

// Poly over time: with a budget of a million minutes, the few seconds spent leave the lr at its base rate, where
// poly over epochs has lowered it to (1 - 1/2)^0.9 of it in the second of two epochs. The epochs end that run long
// before its budget: the console says so (only when the schedule runs over time) and the summary records the share.
TEST(Trainer, AScheduleOverTimeFollowsTheShareOfTheTimeLimitSpent) {
  torch::set_num_threads(1);
  test::ScratchFolder scratch;
  RunConfig config = tiny_config(2);
  config.train.schedule = "poly";
  config.train.time_limit = 1e6;
  const std::string ended_early = "train.epochs (2) ended the run after ";
  std::ostringstream console_over_epochs;
  train(config, scratch.path() / "epochs", false, nullptr, &console_over_epochs);
  EXPECT_EQ(console_over_epochs.str().find(ended_early), std::string::npos) << console_over_epochs.str();
  config.train.schedule_over = "time";
  std::ostringstream console_over_time;
  const RunSummary over_time = train(config, scratch.path() / "time", false, nullptr, &console_over_time);
  EXPECT_NE(console_over_time.str().find(ended_early), std::string::npos) << console_over_time.str();
  EXPECT_LT(over_time.at("training").at("time_limit_share"), 1e-3);
  EXPECT_EQ(over_time.at("training").at("time_limit_reached"), 0);
  const double base = std::stod(metrics_column(scratch.path() / "epochs", 2)[1]);  // column lr: epoch 1 is at the base
  EXPECT_NEAR(std::stod(metrics_column(scratch.path() / "epochs", 2)[2]), base * std::pow(0.5, 0.9), 1e-9 * base);
  EXPECT_EQ(std::stod(metrics_column(scratch.path() / "time", 2)[2]), base) << "poly steps per (time) epoch";

  config.train.time_limit = 0;
  EXPECT_THROW(train(config, scratch.path() / "no_limit", false), InputError);
}

TEST(Trainer, Trains3DNetworksOnVolumePatches) {
  torch::set_num_threads(1);
  test::ScratchFolder scratch;
  RunConfig config = tiny_config(1);
  config.model.spatial_dims = 3;
  config.train.patch = "16,16,16";
  config.train.steps_per_epoch = 2;
  const RunSummary summary = train(config, scratch.path(), false);
  EXPECT_EQ(summary.at("training").at("steps"), 2);
  const double dice = summary.at("final_validation").at("dice");
  EXPECT_GE(dice, 0.0);
  EXPECT_LE(dice, 1.0);
  UNet model(unet_options(config, 1, 2));
  CheckpointStore(scratch.path() / "checkpoints").load("last", *model, nullptr);
  EXPECT_EQ(model->options().spatial_dims, 3);
}

TEST(Trainer, EmitsHookPointsAndAppliesRegistryWrites) {
  torch::set_num_threads(1);
  test::ScratchFolder scratch;
  RecordingListener listener;
  RunConfig config = tiny_config(1);
  config.train.schedule = "constant";
  train(config, scratch.path(), false, &listener);
  const std::vector<std::string> expected_start = {"train_begin", "epoch_begin", "batch_begin", "loss", "batch_end"};
  ASSERT_GE(listener.hooks.size(), expected_start.size());
  EXPECT_TRUE(std::equal(expected_start.begin(), expected_start.end(), listener.hooks.begin()));
  EXPECT_EQ(listener.hooks.back(), "train_end");
  EXPECT_NE(std::find(listener.hooks.begin(), listener.hooks.end(), "validation_end"), listener.hooks.end());
  const std::string hparams = test::read_text(scratch.path() / "hparams.csv");
  EXPECT_NE(hparams.find("test_agent,lr,0.01,0.001"), std::string::npos) << hparams;
}

// Records the loss terms of every batch; optionally sets loss.boundary at the loss hook, as an agent would.
class LossTermListener : public TrainingListener {
 public:
  explicit LossTermListener(double boundary_weight = -1) : boundary_weight_(boundary_weight) {}
  void on_hook(Hook hook, const TrainingState& state, HyperparameterRegistry& registry) override {
    if (hook == Hook::Loss && boundary_weight_ >= 0) registry.set("loss.boundary", boundary_weight_, "test_agent");
    if (hook == Hook::BatchEnd) terms.push_back(state.loss_terms);
  }
  // A listener that raises loss.boundary must say so, or the samples have no distance maps.
  ListenerNeeds needs() const override {
    ListenerNeeds needs;
    needs.distance_maps = boundary_weight_ >= 0;
    return needs;
  }
  std::vector<std::map<std::string, double>> terms;

 private:
  double boundary_weight_;
};

bool events_mention(const fs::path& run, const std::string& text) {
  for (const auto& entry : fs::directory_iterator(run)) {
    if (entry.path().filename().string().rfind("events.out.tfevents.", 0) == 0 &&
        test::read_text(entry.path()).find(text) != std::string::npos) {
      return true;
    }
  }
  return false;
}

TEST(Trainer, BoundaryTermIsTrainedLoggedAndReported) {
  torch::set_num_threads(1);
  test::ScratchFolder scratch;
  RunConfig config = tiny_config(1);
  config.tunables["loss.boundary"] = 0.5;
  LossTermListener listener;
  const RunSummary summary = train(config, scratch.path() / "weighted", false, &listener);
  EXPECT_EQ(summary.at("training").at("steps"), 3);
  ASSERT_EQ(listener.terms.size(), 3u);
  for (const auto& terms : listener.terms) {
    ASSERT_EQ(terms.count("boundary"), 1u);
    EXPECT_TRUE(std::isfinite(terms.at("boundary")));
    EXPECT_NE(terms.at("boundary"), 0.0);
  }
  EXPECT_TRUE(events_mention(scratch.path() / "weighted", "loss/boundary"));

  // Weight 0 and no listener: no maps are made and the term is not reported.
  config.tunables["loss.boundary"] = 0.0;
  train(config, scratch.path() / "baseline", false);
  EXPECT_FALSE(events_mention(scratch.path() / "baseline", "loss/boundary"));
}

TEST(Trainer, ListenerCanSwitchTheBoundaryTermOnMidRun) {
  torch::set_num_threads(1);
  test::ScratchFolder scratch;
  LossTermListener listener(2.0);  // the configured weight is 0; the "agent" raises it before every loss
  train(tiny_config(1), scratch.path(), false, &listener);
  ASSERT_EQ(listener.terms.size(), 3u);
  for (const auto& terms : listener.terms) EXPECT_EQ(terms.count("boundary"), 1u);
  const std::string hparams = test::read_text(scratch.path() / "hparams.csv");
  EXPECT_NE(hparams.find("test_agent,loss.boundary,0,2"), std::string::npos) << hparams;
}

// Declares what it needs and otherwise only listens.
class NeedyListener : public TrainingListener {
 public:
  explicit NeedyListener(ListenerNeeds needs) : needs_(needs) {}
  void on_hook(Hook hook, const TrainingState& state, HyperparameterRegistry&) override {
    if (hook == Hook::BatchEnd) terms.push_back(state.loss_terms);
  }
  ListenerNeeds needs() const override { return needs_; }
  std::vector<std::map<std::string, double>> terms;

 private:
  ListenerNeeds needs_;
};

// The trainer does for listeners only what they declare: a listener that needs nothing costs no distance maps
// and no roll-back copies (timing.listener_support_seconds 0, no boundary term); one that needs both gets both.
TEST(Trainer, ListenersGetOnlyWhatTheyDeclare) {
  torch::set_num_threads(1);
  test::ScratchFolder scratch;
  RunConfig config = tiny_config(1);
  config.train.rollback_factor = 10;
  config.tunables["loss.boundary"] = 0.0;
  NeedyListener modest(ListenerNeeds{});
  const RunSummary plain = train(config, scratch.path() / "modest", false, &modest);
  EXPECT_EQ(plain.at("timing").at("listener_support_seconds"), 0.0);
  for (const auto& terms : modest.terms) EXPECT_EQ(terms.count("boundary"), 0u);

  ListenerNeeds both;
  both.distance_maps = true;
  both.rollback = true;
  NeedyListener needy(both);
  const RunSummary served = train(config, scratch.path() / "needy", false, &needy);
  EXPECT_GT(served.at("timing").at("listener_support_seconds"), 0.0);
  ASSERT_FALSE(needy.terms.empty());
  for (const auto& terms : needy.terms) EXPECT_EQ(terms.count("boundary"), 1u);
}

// Sets the batch size at every epoch start, as a batch-size agent would.
class BatchSizeListener : public TrainingListener {
 public:
  explicit BatchSizeListener(double batch_size) : batch_size_(batch_size) {}
  void on_hook(Hook hook, const TrainingState&, HyperparameterRegistry& registry) override {
    if (hook == Hook::EpochBegin) registry.set("batch_size", batch_size_, "test_agent");
  }

 private:
  double batch_size_;
};

TEST(Trainer, AnEpochKeepsItsSamplesWhenAListenerChangesTheBatchSize) {
  torch::set_num_threads(1);
  test::ScratchFolder scratch;
  BatchSizeListener larger(3);  // 3 steps of the configured 2 = 6 samples: 2 steps of 3
  EXPECT_EQ(train(tiny_config(1), scratch.path() / "larger", false, &larger).at("training").at("steps"), 2);
  BatchSizeListener remainder(4);  // 6 samples: a step of 4 and a step of the remaining 2, none dropped
  EXPECT_EQ(train(tiny_config(1), scratch.path() / "remainder", false, &remainder).at("training").at("steps"), 2);
  BatchSizeListener too_large(100);  // more than the epoch's 6 samples: clamped to one batch of 6
  EXPECT_EQ(train(tiny_config(1), scratch.path() / "clamped", false, &too_large).at("training").at("steps"), 1);
  const std::string hparams = test::read_text(scratch.path() / "clamped" / "hparams.csv");
  EXPECT_NE(hparams.find("trainer,batch_size,100,6"), std::string::npos) << hparams;
}

// Sets lr_scale once, at the first BatchBegin, and records at every Loss hook (after the optimizer read the
// registry) the learning rate in effect and the batch's position.
class LearningRateCorrection : public TrainingListener {
 public:
  void on_hook(Hook hook, const TrainingState& state, HyperparameterRegistry& registry) override {
    if (hook == Hook::BatchBegin && state.step == 0) registry.set("lr_scale", 2.0, "test_agent");
    if (hook == Hook::Loss) applied.push_back({state.epoch, state.batch_in_epoch, state.batches_per_epoch, registry.get("lr")});
  }
  struct Applied {
    int64_t epoch, batch, batches;
    double lr;
  };
  std::vector<Applied> applied;
};

// A listener's correction of the learning rate holds for every batch under every schedule: the schedule's own
// value times lr_scale, not the schedule overwriting the listener's value at its next change.
TEST(Trainer, ALearningRateCorrectionLastsUnderEverySchedule) {
  torch::set_num_threads(1);
  for (const std::string kind : {"constant", "poly", "cosine"}) {
    test::ScratchFolder scratch;
    RunConfig config = tiny_config(2);
    config.train.schedule = kind;
    LearningRateCorrection correction;
    train(config, scratch.path(), false, &correction);
    ScheduleOptions options;
    options.kind = kind;
    options.base_lr = config.tunables.at("lr");
    options.epochs = config.train.epochs;
    const auto schedule = make_schedule(options);
    ASSERT_EQ(correction.applied.size(), 6u);
    for (const auto& a : correction.applied) {
      EXPECT_EQ(a.lr, 2.0 * schedule->lr(a.epoch, a.batch, a.batches)) << kind << " epoch " << a.epoch << " batch " << a.batch;
    }
  }
}

double max_difference(const std::vector<torch::Tensor>& a, const std::vector<torch::Tensor>& b) {
  double largest = 0;
  for (size_t i = 0; i < a.size(); ++i) largest = std::max(largest, (a[i] - b[i]).abs().max().item<double>());
  return largest;
}

// Two micro-batches of 2 per step against one batch of 4: both runs draw the same 8 samples of the epoch and
// the loader hands out the same 4 per step, so the steps must agree up to float rounding. The loss is
// cross-entropy only, a mean over samples: the default batch Dice is computed per micro-batch, so its
// accumulated gradient is not that of the whole batch. In fp32: bf16 (train.precision = auto on a CPU with
// bf16) rounds each batch shape differently.
TEST(Trainer, AccumulatedMicroBatchesTakeTheStepOfOneLargerBatch) {
  torch::set_num_threads(1);
  test::ScratchFolder scratch;
  RunConfig accumulated = tiny_config(1);
  accumulated.train.precision = "fp32";
  accumulated.tunables["loss.dice"] = 0;
  accumulated.train.steps_per_epoch = 4;  // 4 batches of the configured 2 = 8 samples: 2 steps of 2 x 2
  accumulated.train.accumulate = 2;
  RunConfig large = accumulated;
  large.train.accumulate = 1;
  large.train.steps_per_epoch = 2;  // the same 8 samples: 2 steps of 4
  large.tunables["batch_size"] = 4;
  EXPECT_EQ(train(accumulated, scratch.path() / "accumulated", false).at("training").at("steps"), 2);
  EXPECT_EQ(train(large, scratch.path() / "large", false).at("training").at("steps"), 2);

  const auto by_micro_batches = checkpoint_parameters(accumulated, scratch.path() / "accumulated", "last");
  const auto by_one_batch = checkpoint_parameters(large, scratch.path() / "large", "last");
  UNet untrained(unet_options(accumulated, 1, 2));
  EXPECT_GT(max_difference(by_one_batch, untrained->parameters()), 1e-3);  // the steps moved the weights
  EXPECT_LT(max_difference(by_micro_batches, by_one_batch), 1e-5);
}

TEST(Trainer, AStepLargerThanTheEpochIsAnErrorNamingTrainAccumulate) {
  torch::set_num_threads(1);
  test::ScratchFolder scratch;
  RunConfig config = tiny_config(1);  // an epoch of 6 samples
  config.train.accumulate = 4;        // 4 micro-batches of 2 = 8 samples per step
  try {
    train(config, scratch.path(), false);
    FAIL() << "no error";
  } catch (const InputError& error) {
    EXPECT_EQ(std::string(error.what()),
              "option 'train.accumulate': 4 micro-batches of train.batch_size 2 exceed the 6 training items of an epoch");
  }
}

}  // namespace
}  // namespace hypera::core
