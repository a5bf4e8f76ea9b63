#pragma once
// Whole-volume prediction with a trained U-Net: class labels for an image of any size, 2D networks
// applied slice by slice to volumes (each slice or volume whole, or by sliding windows), and the final
// instance masks that metrics and `infer` use.
// Runs on the calling thread with LibTorch's intra-op threads; not thread-safe (the model is shared).
#include <vector>

#include "core/postprocess/mask_cleanup.h"
#include "core/seg/unet.h"
#include "data/io/targets.h"
#include "data/io/volume.h"

namespace hypera::core {

struct PredictionOptions {
  int slice_axis = 2;          // 2D networks on 3D volumes: slices along this axis (0/1/2 = x/y/z)
  bool channels_last = false;  // 2D networks only
  bool bf16 = false;           // bf16 autocast
  int64_t slices_per_batch = 8;
  // Empty: each slice (2D networks) or the whole volume (3D) in one forward pass. Else sliding windows of these
  // sizes over the network's input, in tensor order ([y, x] or [z, y, x]), overlapping by window_overlap and
  // blended with Gaussian weights (core/seg/sliding_window.h); 3D volumes then need memory for one window only.
  std::vector<int64_t> window;
  double window_overlap = 0.5;
  MaskCleanup cleanup;  // applied by predict_labels (data sets without instances; cleanup_choice.h)
};

// Softmax class probabilities on the image's grid. `channels`: the image, one volume per input channel of the
// network (its in_channels, in the order it was trained with), all on one grid, values as the network was trained
// on (percentile-normalized to [0, 1]); no channel or channels on different grids throw std::invalid_argument,
// another count than in_channels InputError (unet.h). Result: one volume per class (C = the model's output
// channels), each with the image's geometry; at every voxel the C values are in [0, 1] and sum to 1 (up to float
// rounding). Cost: one forward pass per batch of slices (or one for 3D networks) plus C floats per voxel of output.
std::vector<data::ImageVolume> predict_probabilities(UNet& model, const std::vector<data::ImageVolume>& channels,
                                                     const PredictionOptions& options);

// Class labels from class probabilities (one volume per class on one grid, e.g. predict_probabilities'):
// the argmax over classes (lowest class index on ties), then `cleanup` (mask_cleanup.h). Cost: O(C x voxels)
// plus the clean-up's. Thread-safe.
data::LabelVolume labels_from_probabilities(const std::vector<data::ImageVolume>& probabilities,
                                            const MaskCleanup& cleanup);

// labels_from_probabilities(predict_probabilities(model, channels, options), options.cleanup).
data::LabelVolume predict_labels(UNet& model, const std::vector<data::ImageVolume>& channels,
                                 const PredictionOptions& options);

// Final objects from predicted labels: connected components of the foreground, or for three-class
// targets interior seeds grown into the boundary class (touching nuclei stay apart).
data::InstanceVolume final_instances(const data::LabelVolume& labels, data::TargetKind target);

}  // namespace hypera::core
