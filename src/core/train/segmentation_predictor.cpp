#include "core/train/segmentation_predictor.h"

#include <cstring>

#include "core/seg/instances.h"
#include "core/seg/torch_compat.h"

namespace hypera::core {
namespace {

// [nz, ny, nx] float tensor viewing a copy of the image.
torch::Tensor image_tensor(const data::ImageVolume& image) {
  const auto& g = image.geometry;
  return torch::from_blob(const_cast<float*>(image.voxels.data()), {g.nz(), g.ny(), g.nx()}, torch::kFloat32).clone();
}

torch::Tensor predict_batch(UNet& model, torch::Tensor batch, const PredictionOptions& options) {
  if (options.channels_last && batch.dim() == 4) batch = batch.contiguous(at::MemoryFormat::ChannelsLast);
  std::optional<torch::ScalarType> dtype;
  if (options.bf16) dtype = torch::kBFloat16;
  AutocastGuard autocast(torch::kCPU, dtype);
  return predict_logits(model, batch).argmax(1).to(torch::kUInt8);
}

}  // namespace

data::LabelVolume predict_labels(UNet& model, const data::ImageVolume& image, const PredictionOptions& options) {
  torch::Tensor volume = image_tensor(image);  // [z, y, x]
  torch::Tensor labels;
  if (model->options().spatial_dims == 3) {
    labels = predict_batch(model, volume.unsqueeze(0).unsqueeze(0), options)[0];
  } else {
    const int64_t dim = image.geometry.is_2d() ? 0 : 2 - options.slice_axis;  // tensor dim of the slices
    torch::Tensor slices = volume.movedim(dim, 0).unsqueeze(1);               // [n, 1, a, b]
    std::vector<torch::Tensor> parts;
    for (int64_t start = 0; start < slices.size(0); start += options.slices_per_batch) {
      const int64_t end = std::min(slices.size(0), start + options.slices_per_batch);
      parts.push_back(predict_batch(model, slices.slice(0, start, end).contiguous(), options));
    }
    labels = torch::cat(parts, 0).movedim(0, dim);
  }
  labels = labels.contiguous();
  data::LabelVolume result(image.geometry);
  std::memcpy(result.voxels.data(), labels.data_ptr<uint8_t>(), result.voxels.size());
  return result;
}

data::InstanceVolume final_instances(const data::LabelVolume& labels, data::TargetKind target) {
  return target == data::TargetKind::ThreeClass ? instances_from_three_class(labels)
                                                : instances_from_foreground(labels);
}

}  // namespace hypera::core
