// The hyperparameter coordinator: conflicts, real training runs whose actions reach the trainer, roll-back
// after a reckless action, and saving / warm-starting the agents.
#include "agents/hyperparameter/hyperparameter_coordinator.h"

#include <gtest/gtest.h>

#include <fstream>

#include "agents/hyperparameter/agent_factory.h"
#include "agents/hyperparameter/batch_size_agent.h"
#include "agents/hyperparameter/optimization_agent.h"
#include "core/train/text_fields.h"
#include "core/train/trainer.h"
#include "core/train/tunables.h"
#include "support/expect_input_error.h"
#include "support/file_bytes.h"
#include "support/scratch_folder.h"
#include "train/train_fixtures.h"

namespace hypera::agents {
namespace {
namespace fs = std::filesystem;

// The training tests' tiny MRI run with 6 batches per epoch, a constant schedule and every agent, acting
// often enough to learn a little within it.
core::RunConfig tiny_config(int epochs) {
  core::RunConfig config = core::testing::tiny_mri_config(epochs);
  config.train.steps_per_epoch = 6;
  config.train.schedule = "constant";
  config.agents.enabled = "all";
  config.agents.lr_every = 2;
  config.agents.loss_every = 3;
  config.agents.warmup = 2;
  config.agents.sac_batch = 4;
  return config;
}

core::RunSummary train(const core::RunConfig& config, const fs::path& run,
                       const std::vector<core::TrainingListener*>& listeners) {
  core::TrainerOptions options;
  options.config = config;
  options.resolved_ini = "[train]\n";
  options.run_folder = run;
  core::Trainer trainer(options, data::PreparedDataset::open(config.data.prepared));
  for (auto* listener : listeners) trainer.add_listener(listener);
  return trainer.run();
}

// hparams.csv rows as (writer, name, new value).
struct Write {
  std::string writer, name;
  double value;
  int64_t epoch;
};
std::vector<Write> registry_writes(const fs::path& run) {
  std::ifstream in(run / "hparams.csv");
  std::vector<Write> writes;
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::stringstream fields(line);
    for (std::string field; std::getline(fields, field, ',');) f.push_back(field);
    writes.push_back({f[3], f[4], std::stod(f[6]), std::stoll(f[1])});
  }
  return writes;
}

// Checks at every BatchEnd that the loss the trainer computed is the registry-weighted sum of its terms, so
// that the loss weights the agents write are the ones the loss used.
class LossWeightCheck : public core::TrainingListener {
 public:
  void on_hook(core::Hook hook, const core::TrainingState& state, core::HyperparameterRegistry& r) override {
    if (hook != core::Hook::BatchEnd) return;
    double expected = 0;
    for (const auto& [term, value] : state.loss_terms) {
      const double weight = r.get("loss." + term);
      if (weight > 0) expected += weight * value;
    }
    ++batches;
    if (std::abs(expected - state.train_loss) > 1e-4 * std::max(1.0, std::abs(expected))) ++mismatches;
  }
  int batches = 0, mismatches = 0;
};

TEST(HyperparameterCoordinator, EveryAgentActsInARealRunAndItsWritesReachTheTrainer) {
  torch::set_num_threads(1);
  test::ScratchFolder scratch;
  const core::RunConfig config = tiny_config(2);
  auto coordinator = make_coordinator({config, 8e9}, nullptr);
  LossWeightCheck check;
  const auto summary = train(config, scratch.path(), {coordinator.get(), &check});

  const auto writes = registry_writes(scratch.path());
  for (const auto& name : known_agent_names()) {
    const bool wrote = std::any_of(writes.begin(), writes.end(), [&](const Write& w) { return w.writer.find(name) != std::string::npos; });
    EXPECT_TRUE(wrote) << name << " never wrote the registry";
  }
  const int64_t steps = static_cast<int64_t>(summary.at("training").at("steps"));
  EXPECT_EQ(check.batches, steps);
  EXPECT_EQ(check.mismatches, 0) << "the loss did not use the registry's weights";
  // The loader used the batch size the agent chose at each epoch start (metrics.csv's batch_size column), and
  // every epoch kept its 12 samples (6 steps of the configured 2): a larger batch means fewer steps.
  std::ifstream metrics(scratch.path() / "metrics.csv");
  std::string header, row;
  std::getline(metrics, header);
  const auto columns = core::split_fields(header);
  const size_t batch_column = std::find(columns.begin(), columns.end(), "batch_size") - columns.begin();
  ASSERT_LT(batch_column, columns.size());
  const size_t step_column = std::find(columns.begin(), columns.end(), "step") - columns.begin();
  int64_t previous_step = 0;
  for (int64_t epoch = 0; std::getline(metrics, row); ++epoch) {
    double chosen = 2;
    for (const auto& w : writes) {
      if (w.name == "batch_size" && w.epoch <= epoch) chosen = w.value;
    }
    const auto fields = core::split_fields(row);
    EXPECT_EQ(std::stod(fields[batch_column]), chosen) << "epoch " << epoch;
    const int64_t step = std::stoll(fields[step_column]);
    EXPECT_EQ(step - previous_step, int64_t(12 / chosen)) << "epoch " << epoch;
    previous_step = step;
  }
  // Learning-rate agent at every second batch; the epoch agents twice; regularization at 2 validations.
  EXPECT_EQ(coordinator->decisions(0), (steps + 1) / 2);
  const auto& agents = summary.at("agents");
  EXPECT_EQ(agents.at("decisions.batch_size"), 2);
  EXPECT_EQ(agents.at("decisions.regularization"), 2);
  EXPECT_GT(agents.at("seconds"), 0);
  EXPECT_LT(agents.at("fraction_of_run"), 1);
}

// After a third of training, sets the largest learning rate.
class RecklessAgent final : public HyperparameterAgent {
 public:
  std::string name() const override { return "reckless"; }
  AgentCadence cadence() const override { return {core::Hook::BatchBegin, 4}; }
  std::vector<std::string> observed_hyperparameters() const override { return {"lr"}; }
  ActionSpace action_space() const override { return {{-1.f}, {1.f}, 0}; }
  std::vector<HyperparameterProposal> propose(const std::vector<float>&, const core::HyperparameterRegistry& r,
                                              double progress) const override {
    return {{"lr", progress > 0.3 ? r.spec("lr").upper : r.get("lr")}};
  }
  int priority() const override { return 0; }
};

// Records the registry at every epoch start (listed before the coordinator, so before the agents act: the
// state the trainer keeps for a roll-back) and checks after every roll-back that the registry is that state.
class RollbackWitness : public core::TrainingListener {
 public:
  void on_hook(core::Hook hook, const core::TrainingState& state, core::HyperparameterRegistry& r) override {
    if (hook == core::Hook::EpochBegin) epoch_start = r.snapshot();
    if (hook == core::Hook::BatchEnd && state.rollbacks > seen) {
      seen = state.rollbacks;
      ++checked;
      if (r.snapshot() != epoch_start) ++mismatches;
    }
  }
  std::map<std::string, double> epoch_start;
  int64_t seen = 0;
  int checked = 0, mismatches = 0;
};

// The roll-back path end to end (what counts as an explosion is rollback_guard_test's): this tiny
// instance-normalized U-Net degrades under lr 1 rather than blowing up, so a factor just above 1 makes ordinary
// fluctuations roll back too. After every roll-back the registry must be the epoch start's, the coordinator
// must penalize the agent that acted last, and the run must finish with a finite model.
TEST(HyperparameterCoordinator, ARollBackRestoresTheEpochStartAndPenalizesTheLastActor) {
  torch::set_num_threads(1);
  test::ScratchFolder scratch;
  core::RunConfig config = tiny_config(2);
  config.train.steps_per_epoch = 10;
  config.train.rollback_factor = 1.01;
  std::vector<std::unique_ptr<HyperparameterAgent>> agents;
  agents.push_back(std::make_unique<RecklessAgent>());
  HyperparameterCoordinator coordinator({}, std::move(agents), nullptr);
  RollbackWitness witness;
  const auto summary = train(config, scratch.path(), {&witness, &coordinator});
  const double rollbacks = summary.at("training").at("rollbacks");
  EXPECT_GE(rollbacks, 1);
  EXPECT_EQ(witness.checked, rollbacks);
  EXPECT_EQ(witness.mismatches, 0);
  EXPECT_EQ(summary.at("agents").at("rollback_penalties.reckless"), rollbacks);
  EXPECT_TRUE(std::isfinite(summary.at("final_validation").at("dice")));
}

TEST(HyperparameterCoordinator, ConflictingLearningRateProposalsAreResolvedByTheStrategy) {
  for (const auto strategy : {ConflictStrategy::WeightedAverage, ConflictStrategy::PriorityBased, ConflictStrategy::Consensus}) {
    std::vector<std::unique_ptr<HyperparameterAgent>> agents;
    agents.push_back(std::make_unique<BatchSizeAgent>(64));
    agents.push_back(std::make_unique<OptimizationAgent>(true));
    HyperparameterCoordinatorConfig config;
    config.strategy = strategy;
    config.consensus_tolerance = 0;
    config.seed = 3;
    HyperparameterCoordinator coordinator(config, std::move(agents), nullptr);
    core::HyperparameterRegistry registry;
    core::declare_tunables({{"batch_size", 8}}, registry);
    std::vector<core::HyperparameterWrite> writes;
    registry.add_observer([&](const core::HyperparameterWrite& w) { writes.push_back(w); });
    core::TrainingState state;
    state.epochs = 10;
    for (int epoch = 0; epoch < 3; ++epoch) {
      state.epoch = epoch;
      writes.clear();
      const double lr = registry.get("lr"), batch = registry.get("batch_size"), momentum = registry.get("momentum");
      coordinator.on_hook(core::Hook::EpochBegin, state, registry);
      // Both agents' lr proposals, reconstructed from their other writes.
      const double from_batch = lr * registry.get("batch_size") / batch;
      const double from_optimization = lr * (1 - registry.get("momentum")) / (1 - momentum);
      double expected = from_optimization;  // priority: optimization (4) over batch_size (3)
      if (strategy == ConflictStrategy::WeightedAverage) expected = 0.5 * (from_batch + from_optimization);
      if (strategy == ConflictStrategy::Consensus) expected = from_batch == from_optimization ? from_batch : lr;
      EXPECT_NEAR(registry.get("lr"), expected, 1e-12 * lr) << to_string(strategy) << " epoch " << epoch;
      for (const auto& w : writes) {
        if (w.name == "lr") EXPECT_EQ(w.writer, "batch_size+optimization");
      }
    }
  }
}

TEST(HyperparameterCoordinator, SavedAgentsWarmStartANewCoordinator) {
  torch::set_num_threads(1);
  test::ScratchFolder scratch;
  const core::RunConfig config = tiny_config(1);
  auto trained = make_coordinator({config, 8e9}, nullptr);
  trained->set_save_folder(scratch.path() / "agents");
  train(config, scratch.path() / "run", {trained.get()});
  ASSERT_TRUE(fs::exists(scratch.path() / "agents" / "manifest.txt"));

  core::RunConfig other = config;
  other.train.seed = 5;  // different SAC seeds: only loading can make them act alike
  auto fresh = make_coordinator({other, 8e9}, nullptr);
  const auto loaded = fresh->load(scratch.path() / "agents");
  EXPECT_EQ(loaded, known_agent_names());

  // Same state, same deterministic action: compare through one EpochBegin decision late in training.
  core::HyperparameterRegistry a, b;
  core::declare_tunables({}, a);
  core::declare_tunables({}, b);
  core::TrainingState late;
  late.epoch = 9;
  late.epochs = 10;
  auto again = make_coordinator({other, 8e9}, nullptr);
  again->load(scratch.path() / "agents");
  fresh->on_hook(core::Hook::EpochBegin, late, a);
  again->on_hook(core::Hook::EpochBegin, late, b);
  EXPECT_EQ(a.snapshot(), b.snapshot());

  core::RunConfig adam = config;
  adam.train.optimizer = "adam";  // the optimization agent has two actions then: its file does not fit
  auto mismatched = make_coordinator({adam, 8e9}, nullptr);
  test::expect_input_error([&] { mismatched->load(scratch.path() / "agents"); }, scratch.path() / "agents" / "agent_optimization.pt");
  test::expect_input_error([&] { fresh->load(scratch.path() / "nothing"); }, scratch.path() / "nothing" / "manifest.txt");
}

}  // namespace
}  // namespace hypera::agents
