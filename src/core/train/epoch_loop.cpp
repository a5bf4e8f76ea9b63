#include "core/train/epoch_loop.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <mutex>
#include <utility>

#include "comm/host_values.h"
#include "core/train/metric_lines.h"
#include "core/train/tunables.h"
#include "support/input_error.h"

namespace hypera::core {
namespace {

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

// The schedule's learning rate for batch b of `batches` in `epoch`; with train.schedule_over = time, at the
// position the spent share of train.time_limit takes in the schedule's train.epochs instead.
double schedule_value(const TrainingRun& run, int64_t epoch, int64_t b, int64_t batches) {
  const TrainOptions& train = run.config().train;
  if (train.schedule_over != "time") return run.schedule->lr(epoch, b, batches);
  constexpr int64_t kSteps = 1000000;  // resolution of the position inside a schedule epoch
  const double spent = std::min(1.0, run.agreed_seconds / (60 * train.time_limit));
  const double position = spent * double(train.epochs);
  const int64_t whole = std::min<int64_t>(int64_t(position), train.epochs - 1);
  const int64_t inside = std::min<int64_t>(int64_t((position - double(whole)) * kSteps), kSteps - 1);
  return run.schedule->lr(whole, inside, kSteps);
}

data::AugmentationParams augmentation_from(const HyperparameterRegistry& r) {
  data::AugmentationParams params;
  params.flip_p = r.get(tunable::kFlipP);
  params.rotate_p = r.get(tunable::kRotateP);
  params.elastic_p = r.get(tunable::kElasticP);
  params.intensity = r.get(tunable::kIntensity);
  return params;
}

LossWeights loss_weights_from(const HyperparameterRegistry& r) {
  LossWeights weights;
  weights.dice = r.get(tunable::kLossDice);
  weights.ce = r.get(tunable::kLossCe);
  weights.focal = r.get(tunable::kLossFocal);
  weights.boundary = r.get(tunable::kLossBoundary);
  return weights;
}

// Running sums of the quantities one epoch logs (kept in a PartialEpoch, so that a stop can save them).
struct EpochAccumulator {
  PartialEpoch sums;
  void add(const StepResult& step, int64_t batch_images) {
    sums.images += batch_images;
    if (!step.applied) {
      ++sums.skipped;
      return;
    }
    ++sums.batches;
    sums.loss_sum += step.loss;
    sums.gradient_norm_sum += step.gradient_norm;
    for (const auto& [term, value] : step.terms) sums.term_sums[term] += value;
  }
  double mean(double sum) const { return sums.batches > 0 ? sum / sums.batches : NAN; }
};

// LibTorch's CPU random generator (dropout draws) as bytes, and back. InputError when `bytes` do not fit it
// (a damaged checkpoint).
std::string cpu_random_state() {
  at::Generator generator = at::detail::getDefaultCPUGenerator();
  std::lock_guard<std::mutex> lock(generator.mutex());
  const at::Tensor state = generator.get_state();
  return std::string(reinterpret_cast<const char*>(state.data_ptr<uint8_t>()), static_cast<size_t>(state.numel()));
}

void restore_cpu_random_state(const std::string& bytes) {
  at::Tensor state = torch::empty({static_cast<int64_t>(bytes.size())}, torch::kUInt8);
  std::memcpy(state.data_ptr<uint8_t>(), bytes.data(), bytes.size());
  at::Generator generator = at::detail::getDefaultCPUGenerator();
  std::lock_guard<std::mutex> lock(generator.mutex());
  try {
    generator.set_state(state);
  } catch (const c10::Error&) {
    throw InputError("checkpoint: partial.random_state (" + std::to_string(bytes.size()) +
                     " bytes) is not a state of LibTorch's CPU generator");
  }
}

// Optimizer steps that use `items` items, `step_samples` per step (the last one takes the remainder).
int64_t steps_for(int64_t items, int64_t step_samples) { return (items + step_samples - 1) / step_samples; }

}  // namespace

EpochLoop::EpochLoop(TrainingRun& run) : run_(run) {
  if (run.listener_needs().rollback && run.config().train.rollback_factor > 0) {
    rollback_ = std::make_unique<RollbackGuard>(run.config().train.rollback_factor);
  }
}

int64_t EpochLoop::planned_batches(int64_t epoch) const {
  const RunConfig& c = run_.config();
  const int64_t step_samples = static_cast<int64_t>(c.tunables.at(tunable::kBatchSize)) * c.train.accumulate;
  return steps_for(static_cast<int64_t>(epoch_items(epoch).size()), step_samples);
}

// This rank's items of one epoch: one pass over its shard, or train.steps_per_epoch batches of the
// configured batch size (more passes when needed). Either way an epoch holds the same number of samples
// whatever batch size a listener chooses later, so a larger batch means fewer steps, not more data.
std::vector<data::Item> EpochLoop::epoch_items(int64_t epoch) const {
  const uint64_t seed = run_.config().train.seed;
  const int rank = run_.group->rank(), ranks = run_.group->size();
  std::vector<data::Item> items = data::shard_items(run_.training_items, epoch, seed, rank, ranks);
  const int64_t wanted =
      run_.config().train.steps_per_epoch * static_cast<int64_t>(run_.config().tunables.at(tunable::kBatchSize));
  for (uint64_t pass = 1; wanted > 0 && static_cast<int64_t>(items.size()) < wanted; ++pass) {
    const auto more =
        data::shard_items(run_.training_items, epoch, seed + pass * 0x9E3779B97F4A7C15ULL, rank, ranks);
    items.insert(items.end(), more.begin(), more.end());
  }
  if (wanted > 0) items.resize(wanted);
  return items;
}

// Added to the per-epoch seeds of dropout and augmentation, so that ranks draw different masks and
// transforms (0 on rank 0: a one-rank run is unchanged). Re-seeded every epoch, they need no checkpoint.
uint64_t EpochLoop::rank_stream() const {
  return 0x9E3779B97F4A7C15ULL * static_cast<uint64_t>(run_.group->rank());
}

// Whether `flag` is set on any rank. Collective.
bool EpochLoop::any_rank(bool flag) {
  if (run_.group->size() == 1) return flag;  // called after every step: no collective for a world of one
  return comm::allreduce_values(*run_.group, {flag ? 1.0 : 0.0}, comm::ReduceOp::kMax)[0] > 0;
}

std::optional<EpochRecord> EpochLoop::train(int64_t epoch, data::BatchLoader& loader) {
  const RunConfig& c = run_.config();
  // A run resumed inside this epoch continues it: no second EpochBegin, the random state and sums it stopped with.
  const PartialEpoch resumed = std::exchange(run_.progress_record.partial, PartialEpoch{});
  const bool continuing = resumed.batches_done > 0;
  run_.training_state.epoch = epoch;
  run_.training_state.batch_in_epoch = resumed.batches_done;  // progress at EpochBegin is epoch / epochs
  if (run_.logger) run_.logger->set_position(run_.training_state.step, epoch);
  if (continuing) {
    restore_cpu_random_state(resumed.random_states.at(static_cast<size_t>(run_.group->rank())));
  } else {
    torch::manual_seed(c.train.seed * 1000003ULL + static_cast<uint64_t>(epoch) + rank_stream());
  }
  if (rollback_) {  // continuing: the roll-back point is where the run resumed
    const auto remember_start = Clock::now();
    rollback_->remember(*run_.model, *run_.optimizer, run_.registry);
    run_.add_listener_support(remember_start);
  }
  if (!continuing) run_.emit(Hook::EpochBegin);
  const auto items = epoch_items(epoch);
  const int64_t available = static_cast<int64_t>(items.size());
  // A step takes `accumulate` micro-batches of batch_size. The configured values are a configuration error
  // when a step exceeds the epoch; a listener's larger batch size is clamped to the epoch.
  const int64_t accumulate = c.train.accumulate;
  const auto configured = static_cast<int64_t>(c.tunables.at(tunable::kBatchSize));
  if (configured * accumulate > available) {
    const std::string what = accumulate == 1 ? "option 'train.batch_size': " + std::to_string(configured) + " exceeds"
                                             : "option 'train.accumulate': " + std::to_string(accumulate) +
                                                   " micro-batches of train.batch_size " +
                                                   std::to_string(configured) + " exceed";
    throw InputError(what + " the " + std::to_string(available) + " training items of an epoch");
  }
  if (run_.registry.get_int(tunable::kBatchSize) * accumulate > available) {
    run_.registry.set(tunable::kBatchSize, double(available / accumulate), "trainer");
  }
  const int64_t batch_size = run_.registry.get_int(tunable::kBatchSize);
  // Optimizer steps: every item is used; the last step takes the remainder when the batch does not divide
  // the epoch (data::BatchLoader), so a listener's batch size never changes the samples of an epoch.
  const int64_t batches = steps_for(available, batch_size * accumulate);
  if (resumed.batches_done >= batches) {
    throw InputError("checkpoint: resumes epoch " + std::to_string(epoch + 1) + " after batch " +
                     std::to_string(resumed.batches_done) + " of " + std::to_string(batches));
  }
  run_.training_state.batches_per_epoch = batches;
  const auto patch = c.patch_size();
  loader.start_epoch(items, batch_size * accumulate, {patch[0], patch[1], patch.size() > 2 ? patch[2] : 1},
                     augmentation_from(run_.registry),
                     c.train.seed * 7919ULL + static_cast<uint64_t>(epoch) + rank_stream(), resumed.batches_done);

  run_.model->train();
  EpochAccumulator accumulator{resumed};
  const auto start = Clock::now();
  const double wait_before = loader.wait_seconds();
  for (int64_t b = resumed.batches_done; b < batches; ++b) {
    auto batch = loader.next();
    if (!batch) break;
    run_.training_state.batch_in_epoch = b;
    run_.emit(Hook::BatchBegin);
    // lr = the schedule's value times lr_scale (a listener's correction, 1 by default; written at BatchBegin,
    // in effect for this batch), written only when it changes: a listener's write of "lr" itself lasts until
    // the product changes.
    const double scheduled = schedule_value(run_, epoch, b, batches) * run_.registry.get(tunable::kLrScale);
    if (scheduled != run_.progress_record.scheduled_lr) {
      run_.progress_record.scheduled_lr = scheduled;
      run_.registry.set(tunable::kLr, scheduled, "schedule");
    }
    apply_registry(run_.optimizer_choice, *run_.optimizer, run_.registry);
    run_.model->set_dropout(run_.registry.get(tunable::kDropout));
    run_.emit(Hook::Loss);
    const StepResult step =
        training_step(run_.model, *run_.optimizer, *run_.gradients, batch->image, batch->label,
                      loss_weights_from(run_.registry), run_.step_options, batch->distance);
    accumulator.add(step, batch->image.size(0));
    if (step.applied) ++run_.training_state.step;
    if (rollback_ && any_rank(rollback_->went_wrong(step))) {
      rollback_->restore(*run_.model, *run_.optimizer, run_.registry);
      ++run_.training_state.rollbacks;
      run_.message("epoch " + std::to_string(epoch + 1) + " batch " + std::to_string(b + 1) +
                   ": loss " + short_number(step.loss) + " went wrong; restored the state of the epoch start");
    }
    if (run_.logger) run_.logger->set_position(run_.training_state.step, epoch);
    run_.training_state.train_loss = step.loss;
    run_.training_state.loss_terms = step.terms;
    run_.training_state.gradient_norm = step.gradient_norm;
    run_.emit(Hook::BatchEnd);
    if (run_.progress) {
      ProgressState shown;
      shown.epoch = epoch + 1;
      shown.epochs = c.train.epochs;
      shown.step = b + 1;
      shown.steps_per_epoch = batches;
      shown.loss = accumulator.mean(accumulator.sums.loss_sum);
      shown.elapsed_seconds = run_.times.train + seconds_since(start);
      shown.images_per_second = (accumulator.sums.images - resumed.images) / std::max(1e-9, seconds_since(start));
      run_.progress->update(shown);
    }
    // The epoch's last step is followed by the trainer's epoch-end check.
    const auto reason = b + 1 < batches ? run_.stop_agreed() : TrainingRun::StopReason::kNone;
    if (reason == TrainingRun::StopReason::kSignal) {
      accumulator.sums.batches_done = b + 1;
      accumulator.sums.random_states = comm::allgather_bytes(*run_.group, cpu_random_state());
      run_.progress_record.partial = accumulator.sums;
      run_.times.train += seconds_since(start);
      return std::nullopt;
    }
    if (reason == TrainingRun::StopReason::kTimeLimit) {
      run_.time_limit_reached = true;
      run_.message("train.time_limit reached at epoch " + std::to_string(epoch + 1) + ", batch " +
                   std::to_string(b + 1) + ": this epoch is the last");
      break;
    }
  }
  EpochRecord record;
  record.epoch = epoch;
  record.step = run_.training_state.step;
  record.lr = run_.registry.get(tunable::kLr);
  record.batch_size = batch_size;
  record.train_loss = accumulator.mean(accumulator.sums.loss_sum);
  for (const auto& [term, sum] : accumulator.sums.term_sums) record.loss_terms[term] = accumulator.mean(sum);
  record.gradient_norm = accumulator.mean(accumulator.sums.gradient_norm_sum);
  record.epoch_seconds = seconds_since(start);
  record.data_wait_seconds = loader.wait_seconds() - wait_before;
  record.images_per_second = (accumulator.sums.images - resumed.images) / std::max(1e-9, record.epoch_seconds);
  run_.times.train += record.epoch_seconds;
  run_.times.data_wait += record.data_wait_seconds;
  run_.times.skipped_steps += accumulator.sums.skipped - resumed.skipped;
  if (accumulator.sums.skipped > 0) {
    run_.message("epoch " + std::to_string(epoch + 1) + ": skipped " + std::to_string(accumulator.sums.skipped) +
                 " steps with a non-finite loss or gradient");
  }
  return record;
}

}  // namespace hypera::core
