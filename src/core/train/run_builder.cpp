#include "core/train/training_run.h"

#include <torch/cuda.h>

#include "comm/host_values.h"
#include "core/seg/signed_distance.h"
#include "core/train/cleanup_choice.h"
#include "core/train/model_factory.h"
#include "core/train/tunables.h"
#include "support/cpu_features.h"
#include "support/input_error.h"

namespace hypera::core {

TrainingRun::TrainingRun(TrainerOptions o, data::PreparedDataset d)
    : options(std::move(o)), dataset(std::move(d)), group(options.collective ? options.collective : &single_rank) {
  declare_tunables(options.config.tunables, registry);
}

ListenerNeeds TrainingRun::listener_needs() const {
  ListenerNeeds all;
  all.validation_before_next_epoch = false;  // none without listeners
  for (const auto* listener : listeners) {
    const ListenerNeeds needs = listener->needs();
    all.distance_maps = all.distance_maps || needs.distance_maps;
    all.rollback = all.rollback || needs.rollback;
    all.validation_before_next_epoch = all.validation_before_next_epoch || needs.validation_before_next_epoch;
  }
  return all;
}

void TrainingRun::emit(Hook hook) {
  for (auto* listener : listeners) listener->on_hook(hook, training_state, registry);
}

void TrainingRun::message(const std::string& text) {
  if (progress) progress->line(text);
}

TrainingRun::StopReason TrainingRun::stop_agreed() {
  const double limit = config().train.time_limit;
  if (!options.stop_requested && limit <= 0) return StopReason::kNone;
  StopReason reason = StopReason::kNone;
  const double now = seconds();
  if (options.stop_requested && options.stop_requested()) {
    reason = StopReason::kSignal;
  } else if (limit > 0 && now >= 60 * limit) {
    reason = StopReason::kTimeLimit;
  }
  comm::Collective& agreeing = options.resume_group ? *options.resume_group : *group;
  std::vector<double> agreed = {double(reason), now};
  if (agreeing.size() > 1) agreed = comm::allreduce_values(agreeing, agreed, comm::ReduceOp::kMax);
  if (limit > 0) agreed_seconds = agreed[1];
  return StopReason(int(agreed[0]));
}

double TrainingRun::seconds() const {
  return seconds_before + std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
}

void TrainingRun::add_listener_support(std::chrono::steady_clock::time_point start) {
  listener_support_nanoseconds +=
      std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - start).count();
}

void TrainingRun::build() {
  const RunConfig& c = config();
  torch::set_num_threads(c.train.threads);
  // The boundary term needs the signed distance maps of the training samples, computed once here (on every
  // core this process may use: training has not begun) and carried through crops and augmentation by the
  // loader. They cost memory (4 bytes per voxel and foreground class), so they are made only when the term can
  // matter: its weight is > 0 now, or a listener (an agent) may raise it later; then their wall time counts as
  // the listeners' cost. Without maps a weight > 0 is an InputError in the loss.
  data::DistanceMapFunction distance_maps;
  const bool maps_only_for_listeners = registry.get(tunable::kLossBoundary) <= 0;
  if (!maps_only_for_listeners || listener_needs().distance_maps) {
    const int classes = dataset.info().num_classes;
    distance_maps = [classes](const data::Sample& sample) {
      return foreground_signed_distance_maps(sample.label, classes);
    };
  }
  training = data::SampleCache::of_split(dataset, "training", distance_maps, support::cores_for_this_process());
  if (distance_maps && maps_only_for_listeners) {
    listener_support_nanoseconds += static_cast<int64_t>(1e9 * training->distance_map_seconds());
  }
  validation = data::SampleCache::of_split(dataset, "validation");
  has_instances = training->size() > 0 && !(*training)[0].instances.voxels.empty();
  training_items = data::make_items(*training, c.model.spatial_dims, c.data.slice_axis);
  if (training_items.empty()) throw InputError(dataset.path().string() + ": the training split is empty");

  device = choose_device(c.train.device, options.local_rank, static_cast<int>(torch::cuda::device_count()));
  model = UNet(unet_options(c, int(dataset.info().channel_names.size()), dataset.info().num_classes));
  model->to(device.device);  // before the optimizer, whose state follows the parameters
  const bool channels_last = c.train.channels_last && c.model.spatial_dims == 2;
  if (channels_last) to_channels_last(*model);
  optimizer_choice = {c.train.optimizer, c.train.nesterov};
  optimizer = make_optimizer(optimizer_choice, model->parameters(), registry);
  ScheduleOptions schedule_options;
  schedule_options.kind = c.train.schedule;
  schedule_options.base_lr = registry.get(tunable::kLr);
  schedule_options.epochs = c.train.epochs;
  schedule_options.poly_exponent = c.train.poly_exponent;
  schedule_options.plateau_factor = c.train.plateau_factor;
  schedule_options.plateau_patience = c.train.plateau_patience;
  schedule = make_schedule(schedule_options);
  if (c.train.schedule_over == "time" && c.train.time_limit <= 0) {
    throw InputError("option 'train.schedule_over': 'time' needs train.time_limit (minutes) above 0");
  }

  prediction.slice_axis = c.data.slice_axis;
  prediction.window = c.prediction_window();
  prediction.window_overlap = c.train.window_overlap;
  prediction.channels_last = channels_last;
  prediction.cleanup = fixed_cleanup(c.cleanup, has_instances);
  precision = choose_precision(c.train.precision, support::this_cpu(), gpu_bf16(device.device));
  prediction.bf16 = precision.bf16;
  step_options.bf16 = prediction.bf16;
  step_options.channels_last = channels_last;
  step_options.micro_batches = c.train.accumulate;
  const std::vector<double> class_weights = c.class_weight_values();
  if (!class_weights.empty()) {
    if (static_cast<int>(class_weights.size()) != dataset.info().num_classes) {
      throw InputError("option 'train.class_weights': needs " + std::to_string(dataset.info().num_classes) +
                       " values for target '" + dataset.info().target + "'");
    }
    step_options.loss.ce_class_weights = torch::tensor(class_weights, torch::kFloat32).to(device.device);
  }
  training_state.select_metric = c.train.select_metric;
  progress_record.scheduled_lr = registry.get(tunable::kLr);
}

}  // namespace hypera::core
