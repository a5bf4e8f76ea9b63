#include "core/train/run_model.h"

#include <torch/cuda.h>

#include "core/train/checkpoint_store.h"
#include "core/train/cleanup_choice.h"
#include "core/train/device_choice.h"
#include "core/train/model_factory.h"
#include "core/train/precision_choice.h"
#include "core/train/run_classes.h"
#include "support/input_error.h"

namespace hypera::core {
namespace {

// The device for this one process: `requested`, or the run's train.device where it is empty.
DeviceChoice run_device(const std::filesystem::path& run, const RunConfig& config, const std::string& requested) {
  const int cuda_devices = static_cast<int>(torch::cuda::device_count());
  if (!requested.empty()) return choose_device(requested, 0, cuda_devices);
  try {
    return choose_device(config.train.device, 0, cuda_devices);
  } catch (const InputError& error) {
    throw InputError((run / "config.ini").string() + ": " + error.what() + "; choose another with --train.device");
  }
}

}  // namespace

RunModel load_run_model(const std::filesystem::path& run, const std::string& tag,
                        const std::vector<ConfigSection>& sections, const std::string& device_request) {
  const RunConfig config = load_run_config(run / "config.ini", {}, sections).config;
  const data::TargetKind target = data::parse_target_kind(config.data.target);
  std::vector<std::string> class_names = read_run_classes(run, target);
  std::vector<std::string> channel_names = read_run_channels(run);
  const UNetOptions network = unet_options(config, int(channel_names.size()), int(class_names.size()));
  RunModel loaded{config, target, std::move(class_names), std::move(channel_names), UNet(network), {}};
  const DeviceChoice device = run_device(run, config, device_request);
  loaded.model->to(device.device);
  CheckpointStore(run / "checkpoints").load(tag, *loaded.model, nullptr);
  torch::set_num_threads(config.train.threads);
  loaded.prediction.slice_axis = config.data.slice_axis;
  loaded.prediction.window = config.prediction_window();
  loaded.prediction.window_overlap = config.train.window_overlap;
  loaded.prediction.bf16 = choose_precision(config.train.precision, support::this_cpu(), gpu_bf16(device.device)).bf16;
  loaded.prediction.cleanup = run_cleanup(run, config.cleanup);
  return loaded;
}

}  // namespace hypera::core
