#include "core/train/segmentation_predictor.h"

#include <cstring>
#include <stdexcept>

#include "core/seg/instances.h"
#include "core/seg/sliding_window.h"
#include "core/train/device_choice.h"
#include "support/torch_compat.h"

namespace hypera::core {
namespace {

// [channels, nz, ny, nx] float tensor holding a copy of the image channels.
torch::Tensor image_tensor(const std::vector<data::ImageVolume>& channels) {
  if (channels.empty()) throw std::invalid_argument("predict_probabilities: an image needs at least one channel");
  const auto& g = channels.front().geometry;
  torch::Tensor stacked = torch::empty({int64_t(channels.size()), g.nz(), g.ny(), g.nx()}, torch::kFloat32);
  for (size_t c = 0; c < channels.size(); ++c) {
    if (!channels[c].geometry.same_grid(g)) {
      throw std::invalid_argument("predict_probabilities: image channels on different grids");
    }
    std::memcpy(stacked[int64_t(c)].data_ptr<float>(), channels[c].voxels.data(),
                channels[c].voxels.size() * sizeof(float));
  }
  return stacked;
}

// [B, C, spatial...] fp32 softmax probabilities of a batch, on the CPU (computed on the model's device).
torch::Tensor predict_batch(UNet& model, torch::Tensor batch, const PredictionOptions& options) {
  const torch::Device device = device_of(*model);
  batch = batch.to(device);
  if (options.channels_last && batch.dim() == 4) batch = batch.contiguous(at::MemoryFormat::ChannelsLast);
  std::optional<torch::ScalarType> dtype;
  if (options.bf16) dtype = torch::kBFloat16;
  AutocastGuard autocast(device, dtype);
  return torch::softmax(predict_logits(model, batch).to(torch::kFloat32), 1).to(torch::kCPU);
}

// [B, C, spatial...] probabilities of the network input [B, channels, spatial...]: whole, or by windows, one
// window of every input per forward pass (more would bring back the memory of a whole volume that windows exist to
// avoid).
torch::Tensor predict_input(UNet& model, const torch::Tensor& input, const PredictionOptions& options) {
  if (options.window.empty()) return predict_batch(model, input, options);
  return predict_by_windows(input, options.window, options.window_overlap, 1,
                            [&](const torch::Tensor& windows) { return predict_batch(model, windows, options); });
}

// [C, nz, ny, nx] contiguous fp32 probabilities on the image's grid.
torch::Tensor probability_tensor(UNet& model, const std::vector<data::ImageVolume>& channels,
                                 const PredictionOptions& options) {
  torch::Tensor volume = image_tensor(channels);  // [channels, z, y, x]
  torch::Tensor probabilities;
  if (model->options().spatial_dims == 3) {
    probabilities = predict_input(model, volume.unsqueeze(0), options)[0];
  } else {
    const int64_t dim = channels.front().geometry.is_2d() ? 0 : 2 - options.slice_axis;  // spatial dim of the slices
    torch::Tensor slices = volume.movedim(dim + 1, 0);  // [n, channels, a, b]
    std::vector<torch::Tensor> parts;
    for (int64_t start = 0; start < slices.size(0); start += options.slices_per_batch) {
      const int64_t end = std::min(slices.size(0), start + options.slices_per_batch);
      parts.push_back(predict_input(model, slices.slice(0, start, end).contiguous(), options));
    }
    // [n, C, a, b] -> [C, n, a, b] -> slices back to their axis (tensor dim + 1 after the class dim).
    probabilities = torch::cat(parts, 0).movedim(1, 0).movedim(1, dim + 1);
  }
  return probabilities.contiguous();
}

}  // namespace

std::vector<data::ImageVolume> predict_probabilities(UNet& model, const std::vector<data::ImageVolume>& channels,
                                                     const PredictionOptions& options) {
  const torch::Tensor probabilities = probability_tensor(model, channels, options);
  const float* values = probabilities.data_ptr<float>();
  const data::Geometry& geometry = channels.front().geometry;
  const auto voxels = static_cast<size_t>(geometry.voxel_count());
  std::vector<data::ImageVolume> result;
  for (int64_t c = 0; c < probabilities.size(0); ++c) {
    data::ImageVolume volume(geometry);
    std::memcpy(volume.voxels.data(), values + c * voxels, voxels * sizeof(float));
    result.push_back(std::move(volume));
  }
  return result;
}

data::LabelVolume labels_from_probabilities(const std::vector<data::ImageVolume>& probabilities,
                                            const MaskCleanup& cleanup) {
  data::LabelVolume labels(probabilities.at(0).geometry);
  std::vector<float> best = probabilities[0].voxels;
  for (size_t c = 1; c < probabilities.size(); ++c) {
    const std::vector<float>& p = probabilities[c].voxels;
    for (size_t i = 0; i < best.size(); ++i) {
      if (p[i] > best[i]) {
        best[i] = p[i];
        labels.voxels[i] = static_cast<uint8_t>(c);
      }
    }
  }
  return cleanup.any() ? clean_mask(labels, cleanup) : labels;
}

data::LabelVolume predict_labels(UNet& model, const std::vector<data::ImageVolume>& channels,
                                 const PredictionOptions& options) {
  return labels_from_probabilities(predict_probabilities(model, channels, options), options.cleanup);
}

data::InstanceVolume final_instances(const data::LabelVolume& labels, data::TargetKind target) {
  return target == data::TargetKind::ThreeClass ? instances_from_three_class(labels)
                                                : instances_from_foreground(labels);
}

}  // namespace hypera::core
