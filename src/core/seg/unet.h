#pragma once
// A 2D or 3D U-Net for semantic segmentation, nnU-Net style.
//
// Level i (0 = full resolution) has min(base_channels * 2^i, 320) channels and a block of two
// (3x3[x3] conv, no bias -> norm -> LeakyReLU 0.01) followed by channel dropout (Dropout2d/3d, active
// only in train mode). Encoder levels are joined by 2x max-pooling, decoder levels by a 2x transposed
// conv whose output is concatenated with the encoder skip; a 1x1 conv head gives the logits.
// depth counts resolution levels: depth 1 is a single block and the head.
//
// Weights: convolutions are Kaiming-normal (fan-in, LeakyReLU slope 0.01) drawn from a private
// generator seeded with UNetOptions::seed, so two models built with the same options are bitwise equal.
// Building a model leaves the global CPU RNG as it found it (its state is saved and restored, so do not
// draw from the global RNG on another thread while a model is being built). Biases are zero, norm
// scales one. Thread safety: a model is not thread-safe; use one per thread or guard it.
#include <torch/torch.h>

#include <cstdint>
#include <string>

namespace hypera::core {

struct UNetOptions {
  int spatial_dims = 2;      // 2 or 3
  int in_channels = 1;
  int num_classes = 2;       // logits channels (background included)
  int depth = 4;             // resolution levels, >= 1
  int base_channels = 16;    // channels of level 0; doubled per level, capped at 320
  std::string norm = "instance";  // batch | instance | group (affine)
  int groups = 8;            // group norm only: must divide every level's channel count
  double dropout = 0;        // channel dropout probability in [0, 1)
  uint64_t seed = 0;         // weight initialisation seed
};

// Throws hypera::InputError naming the first bad option ("unet.depth: must be >= 1, got 0").
void validate(const UNetOptions& options);

class UNetImpl : public torch::nn::Module {
 public:
  explicit UNetImpl(const UNetOptions& options);  // validates options first

  // x: float [B, in_channels, H, W] (2D) or [B, in_channels, D, H, W] (3D), every spatial size a positive
  // multiple of input_multiple(). Returns logits [B, num_classes, same spatial size], in x's memory
  // format. Throws InputError for a wrong rank, channel count or size.
  torch::Tensor forward(const torch::Tensor& x);

  // Changes the dropout probability of every block from the next forward on; p in [0, 1).
  void set_dropout(double p);
  double dropout() const { return dropout_; }

  const UNetOptions& options() const { return options_; }
  int64_t input_multiple() const { return int64_t{1} << (options_.depth - 1); }
  // Channels of resolution level i (0 <= i < depth).
  int64_t level_channels(int level) const;

 private:
  torch::nn::Sequential make_block(int64_t in, int64_t out);
  void initialise_weights();

  UNetOptions options_;
  double dropout_;
  torch::nn::ModuleList encoder_;   // depth blocks
  torch::nn::ModuleList up_;        // depth - 1 transposed convs, up_[i]: level i+1 -> level i
  torch::nn::ModuleList decoder_;   // depth - 1 blocks, decoder_[i] at level i
  torch::nn::Sequential head_;      // 1x1 conv
};
TORCH_MODULE(UNet);

enum class PadMode { Replicate, Zero };

// Whole-image inference for any spatial size: pads the end of each spatial axis to the next multiple of
// input_multiple() (replicating edge voxels or with zeros), runs the model once and crops back.
// image: [C, spatial...] or [B, C, spatial...]; returns logits with the same leading layout
// ([num_classes, spatial...] or [B, num_classes, spatial...]). Runs without gradients and in eval mode,
// restoring the model's train/eval mode afterwards. Memory grows with the padded input size.
torch::Tensor predict_logits(UNet& model, const torch::Tensor& image, PadMode pad = PadMode::Replicate);

// Converts every 4D (5D) parameter of the module to channels-last (channels-last-3d) memory format in
// place (set_data keeps the parameter objects, so an optimizer built earlier stays valid). Inputs must
// be converted by the caller with x.contiguous(at::MemoryFormat::ChannelsLast[3d]).
// Seen with LibTorch 1.13 on CPU: convolutions, batch and group norm, pooling, LeakyReLU, dropout and
// concatenation keep channels-last; instance norm and transposed convolutions return NCHW. A 3x3
// convolution with a channels-last weight turns an NCHW input back into channels-last, the 1x1 head does
// not: with norm = "instance" the logits come out NCHW and the format flips at every block.
void to_channels_last(torch::nn::Module& module);

// A module's whole state as tensors: its parameters, then its buffers, in registration order (the module's own
// tensors, not copies).
std::vector<torch::Tensor> state_tensors(const torch::nn::Module& module);
// Copies `from`'s state_tensors into `to`'s, value by value (each keeps its memory format). Both must have the
// same architecture: another tensor count or shape throws std::invalid_argument. Cost: one copy of the weights.
void copy_state(const torch::nn::Module& from, torch::nn::Module& to);

}  // namespace hypera::core
