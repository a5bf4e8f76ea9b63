#pragma once
// Whole-volume prediction with a trained U-Net: class labels for an image of any size, 2D networks
// applied slice by slice to volumes, and the final instance masks that metrics and `infer` use.
// Runs on the calling thread with LibTorch's intra-op threads; not thread-safe (the model is shared).
#include "core/seg/unet.h"
#include "data/io/targets.h"
#include "data/io/volume.h"

namespace hypera::core {

struct PredictionOptions {
  int slice_axis = 2;          // 2D networks on 3D volumes: slices along this axis (0/1/2 = x/y/z)
  bool channels_last = false;  // 2D networks only
  bool bf16 = false;           // bf16 autocast
  int64_t slices_per_batch = 8;
};

// Class labels (argmax of the logits) on the image's grid. image values as the network was trained on
// (percentile-normalized to [0, 1]).
data::LabelVolume predict_labels(UNet& model, const data::ImageVolume& image, const PredictionOptions& options);

// Final objects from predicted labels: connected components of the foreground, or for three-class
// targets interior seeds grown into the boundary class (touching nuclei stay apart).
data::InstanceVolume final_instances(const data::LabelVolume& labels, data::TargetKind target);

}  // namespace hypera::core
