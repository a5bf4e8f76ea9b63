// The hyperparameter coordinator: conflicts, real training runs whose actions reach the trainer, roll-back
// after a reckless action, and saving / warm-starting the agents.
#include "agents/hyperparameter/hyperparameter_coordinator.h"

#include <gtest/gtest.h>

#include <fstream>

#include "agents/hyperparameter/agent_factory.h"
#include "agents/hyperparameter/agent_folder.h"
#include "agents/hyperparameter/learning_rate_agent.h"
#include "core/train/checkpoint_store.h"
#include "core/train/model_factory.h"
#include "core/train/text_fields.h"
#include "core/train/trainer.h"
#include "core/train/tunables.h"
#include "common/expect_input_error.h"
#include "common/file_bytes.h"
#include "common/scratch_folder.h"
#include "core/train/train_fixtures.h"

namespace hypera::agents {
namespace {
namespace fs = std::filesystem;

// The training tests' tiny MRI run with 6 batches per epoch and the poly schedule.
core::RunConfig tiny_config(int epochs) {
  core::RunConfig config = core::testing::tiny_mri_config(epochs);
  config.train.steps_per_epoch = 6;
  config.train.schedule = "poly";
  return config;
}

// Every agent, acting and updating often enough to learn a little within the tiny run (the epoch agents decide
// twice in two epochs: a SAC minibatch of 2 lets them update at the end).
AgentOptions tiny_agents() {
  AgentOptions agents;
  agents.enabled = "all";
  agents.lr_every = 2;
  agents.loss_every = 3;
  agents.warmup = 1;
  agents.sac_batch = 2;
  return agents;
}

core::RunSummary train(const core::RunConfig& config, const fs::path& run,
                       const std::vector<core::TrainingListener*>& listeners, bool resume = false) {
  core::TrainerOptions options;
  options.config = config;
  options.resolved_ini = "[train]\n";
  options.run_folder = run;
  options.resume = resume;
  core::Trainer trainer(options, data::PreparedDataset::open(config.data.prepared));
  for (auto* listener : listeners) {
    trainer.add_listener(listener);
    if (auto* participant = dynamic_cast<core::RunParticipant*>(listener)) trainer.add_participant(participant);
  }
  return trainer.run();
}

std::vector<torch::Tensor> checkpoint_parameters(const core::RunConfig& config, const fs::path& run) {
  core::UNet model(core::unet_options(config, 1, 2));
  core::CheckpointStore(run / "checkpoints").load("last", *model, nullptr);
  return model->parameters();
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
  auto coordinator = make_coordinator({config, tiny_agents(), 8e9}, nullptr);
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
    EXPECT_EQ(step - previous_step, int64_t((12 + chosen - 1) / chosen)) << "epoch " << epoch;
    previous_step = step;
  }
  // Learning-rate agent at every second batch; the epoch agents twice; regularization at 2 validations.
  EXPECT_EQ(coordinator->decisions(0), (steps + 1) / 2);
  const auto& agents = summary.at("agents");
  EXPECT_EQ(agents.at("decisions.batch_size"), 2);
  EXPECT_EQ(agents.at("decisions.regularization"), 2);
  EXPECT_GT(agents.at("seconds"), 0);
  EXPECT_LT(agents.at("fraction_of_run"), 1);
  // Distance maps and roll-back copies exist only for the agents: they count in the agents' cost.
  EXPECT_GT(summary.at("timing").at("listener_support_seconds"), 0);
  EXPECT_GT(agents.at("cost_fraction_of_run"), agents.at("fraction_of_run"));
  // Every agent learned in this run: SAC updates made, finite losses, and a policy that moved.
  for (const auto& name : known_agent_names()) {
    EXPECT_GT(agents.at("updates." + name), 0) << name;
    EXPECT_GT(agents.at("transitions." + name), 0) << name;
    EXPECT_TRUE(std::isfinite(agents.at("critic_loss." + name))) << name;
    EXPECT_TRUE(std::isfinite(agents.at("actor_loss." + name))) << name;
    EXPECT_GT(agents.at("temperature." + name), 0) << name;
    EXPECT_GT(agents.at("policy_change." + name), 0) << name << ": the policy did not move";
  }
  EXPECT_EQ(agents.at("updates"), [&] {
    double sum = 0;
    for (const auto& name : known_agent_names()) sum += agents.at("updates." + name);
    return sum;
  }());
}

// With every agent taking its neutral action, the run is the fixed-schedule run bit for bit: the agents'
// actions are corrections, and nothing else the trainer does for listeners changes the numbers.
TEST(HyperparameterCoordinator, NeutralAgentsReproduceTheFixedScheduleBitForBit) {
  torch::set_num_threads(1);
  test::ScratchFolder scratch;
  core::RunConfig fixed = tiny_config(2);
  train(fixed, scratch.path() / "fixed", {});
  core::RunConfig neutral = tiny_config(2);
  AgentOptions neutral_agents = tiny_agents();
  neutral_agents.policy = "neutral";
  auto coordinator = make_coordinator({neutral, neutral_agents, 8e9}, nullptr);
  const auto summary = train(neutral, scratch.path() / "neutral", {coordinator.get()});
  EXPECT_EQ(summary.at("agents").at("decisions.learning_rate"), 6);
  const auto a = checkpoint_parameters(fixed, scratch.path() / "fixed");
  const auto b = checkpoint_parameters(neutral, scratch.path() / "neutral");
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) EXPECT_TRUE(torch::equal(a[i], b[i])) << "parameter " << i;
}

// A learning run whose agents would end before their first SAC update is refused before training, naming
// the options; deployed agents (--agents-from, learning off) are not refused, untrained frozen ones are.
TEST(HyperparameterCoordinator, ARunWhoseAgentsCannotLearnIsRefused) {
  torch::set_num_threads(1);
  test::ScratchFolder scratch;
  core::RunConfig config = tiny_config(2);
  AgentOptions options = tiny_agents();
  options.sac_batch = 32;
  auto coordinator = make_coordinator({config, options, 8e9}, nullptr);
  for (const std::string named : {"the learning_rate agent makes 6 decisions", "agents.sac_batch", "--agents-from"}) {
    test::expect_input_error([&] { train(config, scratch.path() / "short", {coordinator.get()}); }, named);
  }
  options.learn = false;
  test::expect_input_error([&] { train(config, scratch.path() / "frozen", {make_coordinator({config, options, 8e9}, nullptr).get()}); },
                           "option 'agents.learn'");
  const core::RunConfig trainable = tiny_config(2);
  auto trained = make_coordinator({trainable, tiny_agents(), 8e9}, nullptr);
  trained->set_save_folder(scratch.path() / "agents");
  train(trainable, scratch.path() / "trained", {trained.get()});
  auto deployed = make_coordinator({config, options, 8e9}, nullptr);
  deployed->load(scratch.path() / "agents");
  const auto summary = train(config, scratch.path() / "deployed", {deployed.get()});
  EXPECT_EQ(summary.at("agents").at("updates"), 0) << "frozen agents store and learn nothing";
  EXPECT_EQ(summary.at("agents").at("policy_change.learning_rate"), 0);
}

// Stops the run like a crash would, after the checkpoint of epoch `epoch` was written.
class CrashAfterEpoch : public core::TrainingListener {
 public:
  explicit CrashAfterEpoch(int64_t epoch) : epoch_(epoch) {}
  void on_hook(core::Hook hook, const core::TrainingState& state, core::HyperparameterRegistry&) override {
    if (hook == core::Hook::EpochEnd && state.epoch == epoch_) throw std::runtime_error("simulated crash");
  }

 private:
  int64_t epoch_;
};

// A run with learning agents that crashes and resumes continues exactly: the open decisions, shared signals,
// counters and reward statistics come back with the networks and replay, so no transition is lost or
// spliced and the agents and model end as in the uninterrupted run.
TEST(HyperparameterCoordinator, AResumedAgentRunMatchesTheUninterruptedOne) {
  torch::set_num_threads(1);
  test::ScratchFolder scratch;
  const core::RunConfig config = tiny_config(3);
  auto straight = make_coordinator({config, tiny_agents(), 8e9}, nullptr);
  train(config, scratch.path() / "straight", {straight.get()});
  CrashAfterEpoch crash(1);
  auto first = make_coordinator({config, tiny_agents(), 8e9}, nullptr);
  EXPECT_THROW(train(config, scratch.path() / "resumed", {first.get(), &crash}), std::runtime_error);
  auto resumed = make_coordinator({config, tiny_agents(), 8e9}, nullptr);
  train(config, scratch.path() / "resumed", {resumed.get()}, true);
  for (size_t i = 0; i < straight->agent_count(); ++i) {
    const auto& a = straight->sac_agent(i);
    const auto& b = resumed->sac_agent(i);
    EXPECT_GT(b.updates_done(), 0) << straight->agent(i).name() << ": the resumed agents must have learned";
    EXPECT_EQ(a.steps_observed(), b.steps_observed()) << straight->agent(i).name();
    EXPECT_EQ(a.experience_offered(), b.experience_offered()) << straight->agent(i).name();
    EXPECT_TRUE(torch::equal(a.learner().actor_network().values(), b.learner().actor_network().values()))
        << straight->agent(i).name();
    EXPECT_TRUE(torch::equal(a.learner().critics().online().values(), b.learner().critics().online().values()))
        << straight->agent(i).name();
  }
  const auto x = checkpoint_parameters(config, scratch.path() / "straight");
  const auto y = checkpoint_parameters(config, scratch.path() / "resumed");
  for (size_t i = 0; i < x.size(); ++i) EXPECT_TRUE(torch::equal(x[i], y[i])) << "parameter " << i;
}

// The team reward is the shared objective only; with a paired baseline score the end-of-run term is the final
// validation against it (what meta-train rewards).
TEST(HyperparameterCoordinator, TeamRewardAgainstThePairedBaseline) {
  for (const bool team : {true, false}) {
    std::vector<std::unique_ptr<HyperparameterAgent>> agents;
    agents.push_back(std::make_unique<LearningRateAgent>(1));
    HyperparameterCoordinatorConfig config;
    config.sac_batch = 1;
    config.warmup = 0;
    config.team_reward = team;
    config.baseline_score = 0.5;
    HyperparameterCoordinator coordinator(config, std::move(agents), nullptr);
    core::HyperparameterRegistry registry;
    core::declare_tunables({}, registry);
    core::TrainingState state;
    state.epochs = 1;
    state.batches_per_epoch = 1;
    state.select_metric = "dice";
    coordinator.on_hook(core::Hook::TrainBegin, state, registry);
    state.train_loss = 1.0;
    state.loss_terms = {{"dice", 0.5}, {"ce", 0.5}};
    coordinator.on_hook(core::Hook::BatchEnd, state, registry);
    coordinator.on_hook(core::Hook::BatchBegin, state, registry);
    state.train_loss = 0.5;  // the loss falls after the decision: a speed term for the per-agent reward
    state.loss_terms = {{"dice", 0.25}, {"ce", 0.25}};
    coordinator.on_hook(core::Hook::BatchEnd, state, registry);
    state.validation = {{"dice", 0.7}};
    coordinator.on_hook(core::Hook::ValidationEnd, state, registry);
    coordinator.on_hook(core::Hook::TrainEnd, state, registry);
    if (team) {
      EXPECT_DOUBLE_EQ(coordinator.reward_statistics(0).mean(), 10 * (0.7 - 0.5));
    } else {
      EXPECT_NE(coordinator.reward_statistics(0).mean(), 10 * (0.7 - 0.5)) << "per-agent terms are added";
    }
    EXPECT_GT(coordinator.sac_agent(0).updates_done(), 0) << "the terminal transition reached SAC";
  }
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
  HyperparameterCoordinatorConfig settings;
  settings.sac_batch = 2;  // 5 decisions in the run: enough for an update
  settings.warmup = 1;
  HyperparameterCoordinator coordinator(settings, std::move(agents), nullptr);
  RollbackWitness witness;
  const auto summary = train(config, scratch.path(), {&witness, &coordinator});
  const double rollbacks = summary.at("training").at("rollbacks");
  EXPECT_GE(rollbacks, 1);
  EXPECT_EQ(witness.checked, rollbacks);
  EXPECT_EQ(witness.mismatches, 0);
  EXPECT_EQ(summary.at("agents").at("rollback_penalties.reckless"), rollbacks);
  EXPECT_TRUE(std::isfinite(summary.at("final_validation").at("dice")));
}

// Proposes lr_scale = `value` at every EpochBegin, whatever its action.
class FixedProposalAgent final : public HyperparameterAgent {
 public:
  FixedProposalAgent(std::string name, double value, int priority)
      : name_(std::move(name)), value_(value), priority_(priority) {}
  std::string name() const override { return name_; }
  AgentCadence cadence() const override { return {core::Hook::EpochBegin, 1}; }
  std::vector<std::string> observed_hyperparameters() const override { return {"lr_scale"}; }
  ActionSpace action_space() const override { return {{-1.f}, {1.f}, 0}; }
  std::vector<HyperparameterProposal> propose(const std::vector<float>&, const core::HyperparameterRegistry&,
                                              double) const override {
    return {{"lr_scale", value_}};
  }
  int priority() const override { return priority_; }

 private:
  std::string name_;
  double value_;
  int priority_;
};

TEST(HyperparameterCoordinator, ConflictingProposalsAreResolvedByTheStrategy) {
  for (const auto strategy : {ConflictStrategy::WeightedAverage, ConflictStrategy::PriorityBased, ConflictStrategy::Consensus}) {
    std::vector<std::unique_ptr<HyperparameterAgent>> agents;
    agents.push_back(std::make_unique<FixedProposalAgent>("low", 0.5, 3));
    agents.push_back(std::make_unique<FixedProposalAgent>("high", 2.0, 4));
    HyperparameterCoordinatorConfig config;
    config.strategy = strategy;
    config.consensus_tolerance = 0;
    HyperparameterCoordinator coordinator(config, std::move(agents), nullptr);
    core::HyperparameterRegistry registry;
    core::declare_tunables({}, registry);
    std::vector<core::HyperparameterWrite> writes;
    registry.add_observer([&](const core::HyperparameterWrite& w) { writes.push_back(w); });
    core::TrainingState state;
    state.epochs = 10;
    coordinator.on_hook(core::Hook::EpochBegin, state, registry);
    double expected = 2.0;  // priority: high (4) over low (3)
    if (strategy == ConflictStrategy::WeightedAverage) expected = 1.25;
    if (strategy == ConflictStrategy::Consensus) expected = 1.0;  // no agreement: the current value stays
    EXPECT_DOUBLE_EQ(registry.get("lr_scale"), expected) << to_string(strategy);
    for (const auto& w : writes) EXPECT_EQ(w.writer, "low+high") << to_string(strategy);
  }
}

TEST(HyperparameterCoordinator, SavedAgentsWarmStartANewCoordinator) {
  torch::set_num_threads(1);
  test::ScratchFolder scratch;
  const core::RunConfig config = tiny_config(2);
  auto trained = make_coordinator({config, tiny_agents(), 8e9}, nullptr);
  trained->set_save_folder(scratch.path() / "agents");
  train(config, scratch.path() / "run", {trained.get()});
  ASSERT_TRUE(fs::exists(scratch.path() / "agents" / "manifest.txt"));

  core::RunConfig other = config;
  other.train.seed = 5;  // different SAC seeds: only loading can make them act alike
  auto fresh = make_coordinator({other, tiny_agents(), 8e9}, nullptr);
  const auto loaded = fresh->load(scratch.path() / "agents");
  EXPECT_EQ(loaded, known_agent_names());

  // Same state, same deterministic action: compare through one EpochBegin decision late in training.
  core::HyperparameterRegistry a, b;
  core::declare_tunables({}, a);
  core::declare_tunables({}, b);
  core::TrainingState late;
  late.epoch = 9;
  late.epochs = 10;
  auto again = make_coordinator({other, tiny_agents(), 8e9}, nullptr);
  again->load(scratch.path() / "agents");
  fresh->on_hook(core::Hook::EpochBegin, late, a);
  again->on_hook(core::Hook::EpochBegin, late, b);
  EXPECT_EQ(a.snapshot(), b.snapshot());

  // A state folder (--agents-state) carries the replay and counters too, and counts the runs saved into it.
  trained->save(scratch.path() / "state", true);
  EXPECT_EQ(read_agent_manifest(scratch.path() / "state").runs, 1);
  auto carried = make_coordinator({other, tiny_agents(), 8e9}, nullptr);
  EXPECT_EQ(carried->load(scratch.path() / "state", true), known_agent_names());
  for (size_t i = 0; i < trained->agent_count(); ++i) {
    EXPECT_GT(trained->sac_agent(i).experience_offered(), 0);
    EXPECT_EQ(carried->sac_agent(i).experience_offered(), trained->sac_agent(i).experience_offered());
    EXPECT_EQ(carried->sac_agent(i).experience().ids, trained->sac_agent(i).experience().ids);
    EXPECT_EQ(carried->sac_agent(i).updates_done(), trained->sac_agent(i).updates_done());
    EXPECT_EQ(fresh->sac_agent(i).experience_offered(), 0) << "a warm start carries no replay";
  }
  carried->save(scratch.path() / "state", true);
  EXPECT_EQ(read_agent_manifest(scratch.path() / "state").runs, 2) << "the second run that saved into it";

  core::RunConfig adam = config;
  adam.train.optimizer = "adam";  // the optimization agent has two actions then: its file does not fit
  auto mismatched = make_coordinator({adam, tiny_agents(), 8e9}, nullptr);
  test::expect_input_error([&] { mismatched->load(scratch.path() / "agents"); }, scratch.path() / "agents" / "agent_optimization.pt");
  test::expect_input_error([&] { fresh->load(scratch.path() / "nothing"); }, scratch.path() / "nothing" / "manifest.txt");
}

}  // namespace
}  // namespace hypera::agents
