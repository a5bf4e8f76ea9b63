#include "core/train/trainer.h"

#include <atomic>
#include <chrono>
#include <cmath>
#include <stdexcept>

#include "comm/host_values.h"
#include "comm/single_rank.h"
#include "core/logging/progress_display.h"
#include "core/seg/signed_distance.h"
#include "core/train/checkpoint_store.h"
#include "core/train/evaluator.h"
#include "core/train/lr_schedule.h"
#include "core/train/model_factory.h"
#include "core/train/optimizer_factory.h"
#include "core/train/rollback_guard.h"
#include "core/train/run_logger.h"
#include "core/train/training_step.h"
#include "core/train/tunables.h"
#include "data/io/input_error.h"
#include "data/pipeline/batch_loader.h"
#include "data/pipeline/items.h"
#include "parallel/gradient_reducer.h"
#include "parallel/module_sync.h"

namespace hypera::core {
namespace {

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

data::AugmentationParams augmentation_from(const HyperparameterRegistry& r) {
  data::AugmentationParams params;
  params.flip_p = r.get("aug.flip_p");
  params.rotate_p = r.get("aug.rotate_p");
  params.elastic_p = r.get("aug.elastic_p");
  params.intensity = r.get("aug.intensity");
  return params;
}

LossWeights loss_weights_from(const HyperparameterRegistry& r) {
  LossWeights weights;
  weights.dice = r.get("loss.dice");
  weights.ce = r.get("loss.ce");
  weights.focal = r.get("loss.focal");
  weights.boundary = r.get("loss.boundary");
  return weights;
}

// Four decimals, for console lines.
std::string short_number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.4f", value);
  return text;
}

// The console shows the selection metric and a few headline metrics; summary.json, metrics.csv and
// TensorBoard keep all of them.
std::string headline_metrics(const std::map<std::string, double>& metrics, const std::string& select_metric) {
  std::string line;
  for (const std::string& name : {select_metric, std::string("dice"), std::string("f1@0.50"), std::string("hd95")}) {
    const auto it = metrics.find(name);
    if (it == metrics.end() || line.find("  " + name + " ") != std::string::npos) continue;
    line += "  " + name + " " + short_number(it->second);
  }
  return line;
}

// Running means of the quantities one epoch logs.
struct EpochAccumulator {
  double loss = 0, gradient_norm = 0;
  std::map<std::string, double> terms;
  int64_t batches = 0, images = 0, skipped = 0;
  void add(const StepResult& step, int64_t batch_images) {
    images += batch_images;
    if (!step.applied) {
      ++skipped;
      return;
    }
    ++batches;
    loss += step.loss;
    gradient_norm += step.gradient_norm;
    for (const auto& [term, value] : step.terms) terms[term] += value;
  }
  double mean(double sum) const { return batches > 0 ? sum / batches : NAN; }
};

}  // namespace

struct Trainer::State {
  TrainerOptions options;
  data::PreparedDataset dataset;
  comm::SingleRank single_rank;
  comm::Collective* group;  // options.collective, or single_rank
  std::unique_ptr<parallel::GradientSync> gradients;
  std::shared_ptr<const data::SampleCache> training, validation;
  std::vector<data::Item> training_items;
  HyperparameterRegistry registry;
  std::vector<TrainingListener*> listeners;
  TrainingState training_state;
  UNet model{nullptr};
  OptimizerChoice optimizer_choice;
  std::unique_ptr<torch::optim::Optimizer> optimizer;
  std::unique_ptr<LearningRateSchedule> schedule;
  PredictionOptions prediction;
  StepOptions step_options;
  std::unique_ptr<CheckpointStore> checkpoints;
  std::unique_ptr<RunLogger> logger;
  std::unique_ptr<ProgressDisplay> progress;
  std::unique_ptr<RollbackGuard> rollback;  // only with listeners and train.rollback_factor > 0
  TrainingProgress progress_record;
  double total_wait = 0, total_train_seconds = 0, total_validation_seconds = 0;
  // What the trainer does only because listeners exist: signed distance maps (when the boundary weight is 0)
  // and the roll-back guard's copies. Counted as the listeners' cost in summary.json.
  std::atomic<int64_t> listener_support_nanoseconds{0};
  int64_t total_skipped = 0;

  State(TrainerOptions o, data::PreparedDataset d)
      : options(std::move(o)), dataset(std::move(d)), group(options.collective ? options.collective : &single_rank) {
    declare_tunables(options.config.tunables, registry);
  }

  const RunConfig& config() const { return options.config; }
  void add_listener_support(Clock::time_point start) {
    listener_support_nanoseconds += std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - start).count();
  }
  bool writes_outputs() const { return group->rank() == 0; }
  data::TargetKind target() const { return dataset.info().target_kind; }

  void emit(Hook hook) {
    for (auto* listener : listeners) listener->on_hook(hook, training_state, registry);
  }
  void message(const std::string& text) {
    if (progress) progress->line(text);
  }

  void build() {
    const RunConfig& c = config();
    torch::set_num_threads(c.train.threads);
    // The boundary term needs the signed distance maps of the training samples, computed once here and
    // carried through crops and augmentation by the loader. They cost memory (4 bytes per voxel and
    // foreground class), so they are made only when the term can matter: its weight is > 0 now, or a
    // listener (an agent) may raise it later. Without maps a weight > 0 is an InputError in the loss.
    data::DistanceMapFunction distance_maps;
    if (registry.get("loss.boundary") > 0 || !listeners.empty()) {
      const int classes = dataset.info().num_classes;
      const bool only_for_listeners = registry.get("loss.boundary") <= 0;
      distance_maps = [this, classes, only_for_listeners](const data::Sample& sample) {
        const auto start = Clock::now();
        auto maps = foreground_signed_distance_maps(sample.label, classes);
        if (only_for_listeners) add_listener_support(start);
        return maps;
      };
    }
    training = data::SampleCache::of_split(dataset, "training", distance_maps);
    validation = data::SampleCache::of_split(dataset, "validation");
    training_items = data::make_items(*training, c.model.spatial_dims, c.data.slice_axis);
    if (training_items.empty()) throw InputError(dataset.path().string() + ": the training split is empty");

    model = UNet(unet_options(c, dataset.info().num_classes));
    const bool channels_last = c.train.channels_last && c.model.spatial_dims == 2;
    if (channels_last) to_channels_last(*model);
    optimizer_choice = {c.train.optimizer, c.train.nesterov};
    optimizer = make_optimizer(optimizer_choice, model->parameters(), registry);
    ScheduleOptions schedule_options;
    schedule_options.kind = c.train.schedule;
    schedule_options.base_lr = registry.get("lr");
    schedule_options.epochs = c.train.epochs;
    schedule_options.poly_exponent = c.train.poly_exponent;
    schedule_options.plateau_factor = c.train.plateau_factor;
    schedule_options.plateau_patience = c.train.plateau_patience;
    schedule = make_schedule(schedule_options);

    prediction.slice_axis = c.data.slice_axis;
    prediction.channels_last = channels_last;
    prediction.bf16 = c.train.precision == "bf16";
    step_options.bf16 = prediction.bf16;
    step_options.channels_last = channels_last;
    step_options.micro_batches = c.train.accumulate;
    const std::vector<double> class_weights = c.class_weight_values();
    if (!class_weights.empty()) {
      if (static_cast<int>(class_weights.size()) != dataset.info().num_classes) {
        throw InputError("option 'train.class_weights': needs " + std::to_string(dataset.info().num_classes) +
                         " values for target '" + dataset.info().target + "'");
      }
      step_options.loss.ce_class_weights = torch::tensor(class_weights, torch::kFloat32);
    }
    checkpoints = std::make_unique<CheckpointStore>(options.run_folder / "checkpoints");
    if (!listeners.empty() && c.train.rollback_factor > 0) {
      rollback = std::make_unique<RollbackGuard>(c.train.rollback_factor);
    }
    training_state.select_metric = c.train.select_metric;
    progress_record.scheduled_lr = registry.get("lr");
  }

  void resume_if_asked() {
    if (!options.resume) return;
    const auto found = checkpoints->find("last");
    if (!found) return;
    progress_record = CheckpointStore::load_folder(*found, *model, optimizer.get());
    for (auto* listener : listeners) listener->read_checkpoint(*found);
    registry.restore(progress_record.registry, "resume");
    schedule->restore_state(progress_record.schedule_state);
    training_state.step = progress_record.step;
    message("resumed from " + found->string() + " at epoch " +
            std::to_string(progress_record.next_epoch + 1));
  }

  // Every rank must continue from the same epoch (the same checkpoint files, e.g. a run folder on a shared
  // file system).
  void check_same_start() {
    if (!comm::same_on_every_rank(*group, {double(progress_record.next_epoch)})) {
      throw std::runtime_error("resume: the ranks found different checkpoints in " + options.run_folder.string() +
                               " (the run folder must be on a file system every rank reads)");
    }
  }

  // This rank's items of one epoch: one pass over its shard, or train.steps_per_epoch batches of the
  // configured batch size (more passes when needed). Either way an epoch holds the same number of samples
  // whatever batch size a listener chooses later, so a larger batch means fewer steps, not more data.
  std::vector<data::Item> epoch_items(int64_t epoch) const {
    const uint64_t seed = config().train.seed;
    const int rank = group->rank(), ranks = group->size();
    std::vector<data::Item> items = data::shard_items(training_items, epoch, seed, rank, ranks);
    const int64_t wanted = config().train.steps_per_epoch * static_cast<int64_t>(config().tunables.at("batch_size"));
    for (uint64_t pass = 1; wanted > 0 && static_cast<int64_t>(items.size()) < wanted; ++pass) {
      const auto more = data::shard_items(training_items, epoch, seed + pass * 0x9E3779B97F4A7C15ULL, rank, ranks);
      items.insert(items.end(), more.begin(), more.end());
    }
    if (wanted > 0) items.resize(wanted);
    return items;
  }

  // Added to the per-epoch seeds of dropout and augmentation, so that ranks draw different masks and
  // transforms (0 on rank 0: a one-rank run is unchanged). Re-seeded every epoch, they need no checkpoint.
  uint64_t rank_stream() const { return 0x9E3779B97F4A7C15ULL * static_cast<uint64_t>(group->rank()); }

  EpochRecord train_epoch(int64_t epoch, data::BatchLoader& loader) {
    const RunConfig& c = config();
    training_state.epoch = epoch;
    training_state.batch_in_epoch = 0;  // progress at EpochBegin is epoch / epochs, also right after a resume
    if (logger) logger->set_position(training_state.step, epoch);
    torch::manual_seed(c.train.seed * 1000003ULL + static_cast<uint64_t>(epoch) + rank_stream());
    if (rollback) {
      const auto remember_start = Clock::now();
      rollback->remember(*model, *optimizer, registry);
      add_listener_support(remember_start);
    }
    emit(Hook::EpochBegin);
    const auto items = epoch_items(epoch);
    const int64_t available = static_cast<int64_t>(items.size());
    // A step takes `accumulate` micro-batches of batch_size. The configured values are a configuration error
    // when a step exceeds the epoch; a listener's larger batch size is clamped to the epoch.
    const int64_t accumulate = c.train.accumulate;
    const auto configured = static_cast<int64_t>(c.tunables.at("batch_size"));
    if (configured * accumulate > available) {
      const std::string what = accumulate == 1 ? "option 'train.batch_size': " + std::to_string(configured) + " exceeds"
                                               : "option 'train.accumulate': " + std::to_string(accumulate) +
                                                     " micro-batches of train.batch_size " +
                                                     std::to_string(configured) + " exceed";
      throw InputError(what + " the " + std::to_string(available) + " training items of an epoch");
    }
    if (registry.get_int("batch_size") * accumulate > available) {
      registry.set("batch_size", double(available / accumulate), "trainer");
    }
    const int64_t batch_size = registry.get_int("batch_size");
    // Optimizer steps: every item is used; the last step takes the remainder when the batch does not divide
    // the epoch (data::BatchLoader), so a listener's batch size never changes the samples of an epoch.
    const int64_t batches = (available + batch_size * accumulate - 1) / (batch_size * accumulate);
    training_state.batches_per_epoch = batches;
    const auto patch = c.patch_size();
    loader.start_epoch(items, batch_size * accumulate, {patch[0], patch[1], patch.size() > 2 ? patch[2] : 1},
                       augmentation_from(registry), c.train.seed * 7919ULL + static_cast<uint64_t>(epoch) + rank_stream());

    model->train();
    EpochAccumulator accumulator;
    const auto start = Clock::now();
    const double wait_before = loader.wait_seconds();
    for (int64_t b = 0; b < batches; ++b) {
      auto batch = loader.next();
      if (!batch) break;
      training_state.batch_in_epoch = b;
      emit(Hook::BatchBegin);
      // lr = the schedule's value times lr_scale (a listener's correction, 1 by default; written at BatchBegin,
      // in effect for this batch), written only when it changes: a listener's write of "lr" itself lasts until
      // the product changes.
      const double scheduled = schedule->lr(epoch, b, batches) * registry.get("lr_scale");
      if (scheduled != progress_record.scheduled_lr) {
        progress_record.scheduled_lr = scheduled;
        registry.set("lr", scheduled, "schedule");
      }
      apply_registry(optimizer_choice, *optimizer, registry);
      model->set_dropout(registry.get("dropout"));
      emit(Hook::Loss);
      const StepResult step =
          training_step(model, *optimizer, *gradients, batch->image, batch->label, loss_weights_from(registry),
                        step_options, batch->distance);
      accumulator.add(step, batch->image.size(0));
      if (step.applied) ++training_state.step;
      if (rollback && any_rank(rollback->went_wrong(step))) {
        rollback->restore(*model, *optimizer, registry);
        ++training_state.rollbacks;
        message("epoch " + std::to_string(epoch + 1) + " batch " + std::to_string(b + 1) +
                ": loss " + short_number(step.loss) + " went wrong; restored the state of the epoch start");
      }
      if (logger) logger->set_position(training_state.step, epoch);
      training_state.train_loss = step.loss;
      training_state.loss_terms = step.terms;
      training_state.gradient_norm = step.gradient_norm;
      emit(Hook::BatchEnd);
      if (progress) {
        ProgressState shown;
        shown.epoch = epoch + 1;
        shown.epochs = c.train.epochs;
        shown.step = b + 1;
        shown.steps_per_epoch = batches;
        shown.loss = accumulator.mean(accumulator.loss);
        shown.elapsed_seconds = total_train_seconds + seconds_since(start);
        shown.images_per_second = accumulator.images / std::max(1e-9, seconds_since(start));
        progress->update(shown);
      }
    }
    EpochRecord record;
    record.epoch = epoch;
    record.step = training_state.step;
    record.lr = registry.get("lr");
    record.batch_size = batch_size;
    record.train_loss = accumulator.mean(accumulator.loss);
    for (const auto& [term, sum] : accumulator.terms) record.loss_terms[term] = accumulator.mean(sum);
    record.gradient_norm = accumulator.mean(accumulator.gradient_norm);
    record.epoch_seconds = seconds_since(start);
    record.data_wait_seconds = loader.wait_seconds() - wait_before;
    record.images_per_second = accumulator.images / std::max(1e-9, record.epoch_seconds);
    total_train_seconds += record.epoch_seconds;
    total_wait += record.data_wait_seconds;
    total_skipped += accumulator.skipped;
    if (accumulator.skipped > 0) {
      message("epoch " + std::to_string(epoch + 1) + ": skipped " + std::to_string(accumulator.skipped) +
              " steps with a non-finite loss or gradient");
    }
    return record;
  }

  // Whether `flag` is set on any rank. Collective.
  bool any_rank(bool flag) {
    return comm::allreduce_values(*group, {flag ? 1.0 : 0.0}, comm::ReduceOp::kMax)[0] > 0;
  }

  std::map<std::string, double> validate() {
    const auto start = Clock::now();
    auto metrics =
        evaluate(model, *validation, target(), prediction, config().train.max_validation_samples, *group);
    total_validation_seconds += seconds_since(start);
    return metrics;
  }

  double selection_value(const std::map<std::string, double>& metrics) const {
    auto it = metrics.find(config().train.select_metric);
    if (it == metrics.end()) {
      throw InputError("option 'train.select_metric': '" + config().train.select_metric +
                       "' is not measured on this data set");
    }
    return it->second;
  }

  void save_checkpoint(const std::string& tag) {
    progress_record.step = training_state.step;
    progress_record.registry = registry.snapshot();
    progress_record.schedule_state = schedule->state();
    if (tag != "last") {
      if (writes_outputs()) checkpoints->save(tag, *model, *optimizer, progress_record);
      return;
    }
    // The listeners' state (the agents) joins "last": every rank takes part in their gathers.
    const auto listener_files = [this](const std::filesystem::path& folder) {
      std::vector<std::string> files;
      for (auto* listener : listeners) {
        for (const auto& file : listener->write_checkpoint(folder)) files.push_back(file);
      }
      return files;
    };
    if (writes_outputs()) {
      checkpoints->save(tag, *model, *optimizer, progress_record, listener_files);
    } else {
      listener_files({});
    }
  }

  RunSummary run() {
    const auto run_start = Clock::now();
    const RunConfig& c = config();
    if (options.console && writes_outputs()) {
      progress = std::make_unique<ProgressDisplay>(*options.console, options.console_is_terminal);
    }
    build();
    resume_if_asked();
    check_same_start();
    if (options.collective) {
      gradients = std::make_unique<parallel::GradientReducer>(*options.collective, *model);
    } else {
      gradients = std::make_unique<parallel::LocalGradientSync>();
    }
    if (writes_outputs()) {
      logger = std::make_unique<RunLogger>(options.run_folder, progress_record.next_epoch);
      logger->write_config(options.resolved_ini);
      logger->observe(registry);
    }
    training_state.epochs = c.train.epochs;
    training_state.epoch = progress_record.next_epoch;
    training_state.validate_every = c.train.validate_every;
    const int64_t step_samples = static_cast<int64_t>(c.tunables.at("batch_size")) * c.train.accumulate;
    const auto planned_items = static_cast<int64_t>(epoch_items(progress_record.next_epoch).size());
    training_state.batches_per_epoch = (planned_items + step_samples - 1) / step_samples;

    data::BatchLoader loader(training, c.train.workers);
    emit(Hook::TrainBegin);
    for (int64_t epoch = progress_record.next_epoch; epoch < c.train.epochs; ++epoch) {
      EpochRecord record = train_epoch(epoch, loader);
      const bool validate_now = (epoch + 1) % c.train.validate_every == 0 || epoch + 1 == c.train.epochs;
      if (validate_now) {
        record.validation = validate();
        training_state.validation = record.validation;
        const double value = selection_value(record.validation);
        schedule->observe_validation(value);
        emit(Hook::ValidationEnd);
        progress_record.next_epoch = epoch + 1;
        if (value > progress_record.best_metric) {
          progress_record.best_metric = value;
          progress_record.best_epoch = epoch;
          save_checkpoint("best");
        }
        std::string line = "epoch " + std::to_string(epoch + 1) + " validation";
        message(line + headline_metrics(record.validation, config().train.select_metric));
      }
      progress_record.next_epoch = epoch + 1;
      if (logger) logger->log_epoch(record);
      save_checkpoint("last");
      emit(Hook::EpochEnd);
    }
    emit(Hook::TrainEnd);
    if (logger) logger->plot();
    RunSummary summary;
    if (options.verify_replicas) {
      const double difference = parallel::replica_divergence(*group, *model);
      double agents_difference = 0;
      for (auto* listener : listeners) agents_difference = std::max(agents_difference, listener->divergence());
      summary["verify_replicas"] = {{"identical", difference == 0 && agents_difference == 0 ? 1.0 : 0.0},
                                    {"max_abs_difference", difference},
                                    {"listeners_max_abs_difference", agents_difference}};
    }
    summarize(seconds_since(run_start), summary);
    if (options.verify_replicas && summary["verify_replicas"]["identical"] != 1.0) {
      throw std::runtime_error("--verify-replicas: the ranks' models or agents differ (largest differences " +
                               std::to_string(summary["verify_replicas"]["max_abs_difference"]) + ", " +
                               std::to_string(summary["verify_replicas"]["listeners_max_abs_difference"]) + ")");
    }
    return summary;
  }

  // Completes `summary` (and writes summary.json on rank 0). Collective: the test evaluation is shared.
  void summarize(double total_seconds, RunSummary& summary) {
    summary["best"] = {{"epoch", double(progress_record.best_epoch + 1)},
                       {config().train.select_metric, progress_record.best_metric}};
    summary["timing"] = {{"total_seconds", total_seconds},
                         {"train_seconds", total_train_seconds},
                         {"data_wait_seconds", total_wait},
                         {"compute_seconds", total_train_seconds - total_wait},
                         {"validation_seconds", total_validation_seconds},
                         {"listener_support_seconds", 1e-9 * double(listener_support_nanoseconds.load())},
                         {"data_wait_fraction", total_train_seconds > 0 ? total_wait / total_train_seconds : 0}};
    summary["training"] = {{"epochs", double(config().train.epochs)},
                           {"steps", double(training_state.step)},
                           {"skipped_steps", double(total_skipped)},
                           {"rollbacks", double(training_state.rollbacks)}};
    if (!training_state.validation.empty()) summary["final_validation"] = training_state.validation;
    if (config().train.evaluate_test && progress_record.best_epoch >= 0) {
      group->barrier();  // rank 0 has written the best checkpoint that every rank loads now
      checkpoints->load("best", *model, nullptr);
      const auto test = data::SampleCache::of_split(dataset, "test");
      summary["test"] = evaluate(model, *test, target(), prediction, 0, *group);
      std::string line = "test (best checkpoint, epoch " + std::to_string(progress_record.best_epoch + 1) + ")";
      message(line + headline_metrics(summary["test"], config().train.select_metric));
    }
    for (auto* listener : listeners) listener->summarize(summary);
    if (logger) logger->write_summary(summary);
  }
};

Trainer::Trainer(TrainerOptions options, data::PreparedDataset dataset)
    : state_(std::make_unique<State>(std::move(options), std::move(dataset))) {}
Trainer::~Trainer() = default;

void Trainer::add_listener(TrainingListener* listener) { state_->listeners.push_back(listener); }
HyperparameterRegistry& Trainer::registry() { return state_->registry; }
RunSummary Trainer::run() { return state_->run(); }

}  // namespace hypera::core
