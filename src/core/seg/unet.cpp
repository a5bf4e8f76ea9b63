#include "core/seg/unet.h"

#include <ATen/CPUGeneratorImpl.h>

#include <algorithm>
#include <cmath>
#include <sstream>

#include "core/seg/shape_text.h"
#include "support/input_error.h"

namespace hypera::core {
namespace {

constexpr double kLeakySlope = 0.01;
constexpr int64_t kMaxChannels = 320;

void require(bool ok, const std::string& option, const std::string& what) {
  if (!ok) {
    throw InputError("unet." + option + ": " + what);
  }
}

// torch::nn layers draw their default initialisation from the global CPU generator; the U-Net overwrites
// every weight from its own seeded generator, so the global stream is put back as it was.
class GlobalRngRestorer {
 public:
  GlobalRngRestorer() : state_(at::detail::getDefaultCPUGenerator().get_state()) {}
  ~GlobalRngRestorer() {
    at::Generator generator = at::detail::getDefaultCPUGenerator();
    generator.set_state(state_);
  }
  GlobalRngRestorer(const GlobalRngRestorer&) = delete;
  GlobalRngRestorer& operator=(const GlobalRngRestorer&) = delete;

 private:
  torch::Tensor state_;
};

}  // namespace

void validate(const UNetOptions& o) {
  require(o.spatial_dims == 2 || o.spatial_dims == 3, "spatial_dims",
          "must be 2 or 3, got " + std::to_string(o.spatial_dims));
  require(o.in_channels >= 1, "in_channels", "must be >= 1, got " + std::to_string(o.in_channels));
  require(o.num_classes >= 1, "num_classes", "must be >= 1, got " + std::to_string(o.num_classes));
  require(o.depth >= 1, "depth", "must be >= 1, got " + std::to_string(o.depth));
  require(o.depth <= 12, "depth", "must be <= 12, got " + std::to_string(o.depth));
  require(o.base_channels >= 1, "base_channels",
          "must be >= 1, got " + std::to_string(o.base_channels));
  require(o.norm == "batch" || o.norm == "instance" || o.norm == "group", "norm",
          "unknown value '" + o.norm + "' (batch, instance or group)");
  require(o.dropout >= 0 && o.dropout < 1, "dropout",
          "must be in [0, 1), got " + std::to_string(o.dropout));
  if (o.norm == "group") {
    require(o.groups >= 1, "groups", "must be >= 1, got " + std::to_string(o.groups));
    for (int level = 0; level < o.depth; ++level) {
      const int64_t channels = std::min<int64_t>(int64_t{o.base_channels} << level, kMaxChannels);
      require(channels % o.groups == 0, "groups",
              std::to_string(o.groups) + " does not divide the " + std::to_string(channels) +
                  " channels of level " + std::to_string(level));
    }
  }
}

UNetImpl::UNetImpl(const UNetOptions& options) : options_(options), dropout_(options.dropout) {
  validate(options_);
  const GlobalRngRestorer keep_global_rng;
  encoder_ = register_module("encoder", torch::nn::ModuleList());
  up_ = register_module("up", torch::nn::ModuleList());
  decoder_ = register_module("decoder", torch::nn::ModuleList());
  const bool is3d = options_.spatial_dims == 3;
  for (int level = 0; level < options_.depth; ++level) {
    const int64_t in = level == 0 ? options_.in_channels : level_channels(level - 1);
    encoder_->push_back(make_block(in, level_channels(level)));
  }
  for (int level = 0; level + 1 < options_.depth; ++level) {
    const int64_t below = level_channels(level + 1);
    const int64_t here = level_channels(level);
    torch::nn::Sequential up;
    if (is3d) {
      up->push_back(torch::nn::ConvTranspose3d(torch::nn::ConvTranspose3dOptions(below, here, 2).stride(2)));
    } else {
      up->push_back(torch::nn::ConvTranspose2d(torch::nn::ConvTranspose2dOptions(below, here, 2).stride(2)));
    }
    up_->push_back(up);
    decoder_->push_back(make_block(2 * here, here));
  }
  torch::nn::Sequential head;
  if (is3d) {
    head->push_back(torch::nn::Conv3d(torch::nn::Conv3dOptions(level_channels(0), options_.num_classes, 1)));
  } else {
    head->push_back(torch::nn::Conv2d(torch::nn::Conv2dOptions(level_channels(0), options_.num_classes, 1)));
  }
  head_ = register_module("head", head);
  initialise_weights();
}

int64_t UNetImpl::level_channels(int level) const {
  return std::min<int64_t>(int64_t{options_.base_channels} << level, kMaxChannels);
}

torch::nn::Sequential UNetImpl::make_block(int64_t in, int64_t out) {
  torch::nn::Sequential block;
  const bool is3d = options_.spatial_dims == 3;
  for (int i = 0; i < 2; ++i) {
    const int64_t from = i == 0 ? in : out;
    if (is3d) {
      block->push_back(torch::nn::Conv3d(torch::nn::Conv3dOptions(from, out, 3).padding(1).bias(false)));
    } else {
      block->push_back(torch::nn::Conv2d(torch::nn::Conv2dOptions(from, out, 3).padding(1).bias(false)));
    }
    if (options_.norm == "batch") {
      if (is3d) {
        block->push_back(torch::nn::BatchNorm3d(out));
      } else {
        block->push_back(torch::nn::BatchNorm2d(out));
      }
    } else if (options_.norm == "instance") {
      if (is3d) {
        block->push_back(torch::nn::InstanceNorm3d(torch::nn::InstanceNorm3dOptions(out).affine(true)));
      } else {
        block->push_back(torch::nn::InstanceNorm2d(torch::nn::InstanceNorm2dOptions(out).affine(true)));
      }
    } else {
      block->push_back(torch::nn::GroupNorm(torch::nn::GroupNormOptions(options_.groups, out)));
    }
    block->push_back(torch::nn::LeakyReLU(torch::nn::LeakyReLUOptions().negative_slope(kLeakySlope)));
  }
  return block;
}

void UNetImpl::initialise_weights() {
  torch::NoGradGuard no_grad;
  auto generator = at::make_generator<at::CPUGeneratorImpl>(options_.seed);
  const double gain = std::sqrt(2.0 / (1.0 + kLeakySlope * kLeakySlope));
  for (auto& named : named_parameters()) {
    torch::Tensor p = named.value();
    const bool is_bias = named.key().size() >= 4 && named.key().compare(named.key().size() - 4, 4, "bias") == 0;
    if (is_bias) {
      p.zero_();
    } else if (p.dim() >= 3) {  // conv or transposed-conv weight; fan-in as torch.nn.init computes it
      const double fan_in = static_cast<double>(p[0].numel());
      p.normal_(0.0, gain / std::sqrt(fan_in), generator);
    } else {
      p.fill_(1.0);  // norm scale
    }
  }
}

void UNetImpl::set_dropout(double p) {
  if (!(p >= 0 && p < 1)) {
    throw InputError("unet.dropout: must be in [0, 1), got " + std::to_string(p));
  }
  dropout_ = p;
}

torch::Tensor UNetImpl::forward(const torch::Tensor& x) {
  const int64_t dims = options_.spatial_dims;
  if (x.dim() != dims + 2 || x.size(1) != options_.in_channels) {
    throw InputError("unet input: expected [B, " + std::to_string(options_.in_channels) + ", " +
                     (dims == 3 ? "D, H, W" : "H, W") + "], got " + shape_text(x));
  }
  const int64_t multiple = input_multiple();
  for (int64_t d = 2; d < x.dim(); ++d) {
    if (x.size(d) < 1 || x.size(d) % multiple != 0) {
      throw InputError("unet input: spatial sizes must be positive multiples of " + std::to_string(multiple) +
                       ", got " + shape_text(x) + " (use predict_logits for other sizes)");
    }
  }
  const auto block_forward = [&](torch::nn::ModuleList& list, size_t i, const torch::Tensor& h) {
    torch::Tensor out = list[i]->as<torch::nn::SequentialImpl>()->forward(h);
    return dropout_ > 0 ? torch::feature_dropout(out, dropout_, is_training()) : out;
  };
  std::vector<torch::Tensor> skips;
  torch::Tensor h = x;
  for (int level = 0; level < options_.depth; ++level) {
    if (level > 0) {
      h = dims == 3 ? torch::max_pool3d(h, {2, 2, 2}, {2, 2, 2}) : torch::max_pool2d(h, {2, 2}, {2, 2});
    }
    h = block_forward(encoder_, level, h);
    if (level + 1 < options_.depth) {
      skips.push_back(h);
    }
  }
  for (int level = options_.depth - 2; level >= 0; --level) {
    h = up_[level]->as<torch::nn::SequentialImpl>()->forward(h);
    h = block_forward(decoder_, level, torch::cat({skips[level], h}, 1));
  }
  return head_->forward(h);
}

torch::Tensor predict_logits(UNet& model, const torch::Tensor& image, PadMode pad) {
  const int64_t dims = model->options().spatial_dims;
  if (image.dim() != dims + 1 && image.dim() != dims + 2) {
    throw InputError("predict_logits: expected [C, spatial...] or [B, C, spatial...] with " +
                     std::to_string(dims) + " spatial axes, got " + shape_text(image));
  }
  const bool batched = image.dim() == dims + 2;
  torch::Tensor x = batched ? image : image.unsqueeze(0);
  const int64_t multiple = model->input_multiple();
  std::vector<int64_t> padding;  // F::pad order: last axis first, (before, after) per axis
  bool needs_pad = false;
  for (int64_t d = x.dim() - 1; d >= 2; --d) {
    const int64_t extra = (multiple - x.size(d) % multiple) % multiple;
    padding.push_back(0);
    padding.push_back(extra);
    needs_pad = needs_pad || extra > 0;
  }
  struct EvalModeGuard {  // restores the caller's mode even when forward throws
    UNet& model;
    bool was_training;
    ~EvalModeGuard() { model->train(was_training); }
  } eval_guard{model, model->is_training()};
  model->eval();
  torch::Tensor logits;
  {
    torch::NoGradGuard no_grad;
    torch::Tensor input = x;
    if (needs_pad) {
      namespace F = torch::nn::functional;
      auto options = F::PadFuncOptions(padding);
      if (pad == PadMode::Replicate) {
        options.mode(torch::kReplicate);
      } else {
        options.mode(torch::kConstant).value(0);
      }
      input = F::pad(x, options);
    }
    logits = model->forward(input);
    for (int64_t d = 2; d < x.dim(); ++d) {
      logits = logits.narrow(d, 0, x.size(d));
    }
    logits = logits.contiguous();
  }
  return batched ? logits : logits.squeeze(0);
}

std::vector<torch::Tensor> state_tensors(const torch::nn::Module& module) {
  std::vector<torch::Tensor> tensors = module.parameters();
  for (const auto& buffer : module.buffers()) tensors.push_back(buffer);
  return tensors;
}

void copy_state(const torch::nn::Module& from, torch::nn::Module& to) {
  torch::NoGradGuard no_grad;
  const auto source = state_tensors(from);
  const auto target = state_tensors(to);
  if (source.size() != target.size()) throw std::invalid_argument("copy_state: the modules differ in tensor count");
  for (size_t i = 0; i < source.size(); ++i) {
    if (source[i].sizes() != target[i].sizes()) throw std::invalid_argument("copy_state: the modules differ in shape");
    target[i].copy_(source[i]);
  }
}

void to_channels_last(torch::nn::Module& module) {
  torch::NoGradGuard no_grad;
  for (auto& p : module.parameters()) {
    if (p.dim() == 4) {
      p.set_data(p.data().contiguous(at::MemoryFormat::ChannelsLast));
    } else if (p.dim() == 5) {
      p.set_data(p.data().contiguous(at::MemoryFormat::ChannelsLast3d));
    }
  }
}

}  // namespace hypera::core
