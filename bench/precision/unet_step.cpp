// Times one training step (forward, Dice + cross-entropy loss, backward, SGD step) of a 2D U-Net
// (base 16, depth 4, 3 classes) in four numeric modes on the CPU or a CUDA device, and checks that training on
// one fixed batch reaches the same loss in each mode.
//   bench_unet_step --threads N --batch B --size S --steps K [--warmup W] [--norm instance|batch|group]
//                   [--device cpu|cuda|cuda:K]
// Every mode starts from the same seeded weights and trains W + K steps on the same batch; the K steps
// after the warm-up are timed. Prints one line per mode, then the loss comparison, then what finding the
// model's device costs (device_of, which training_step and prediction call once per batch) against an fp32 step.
#include <torch/torch.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "core/seg/losses.h"
#include "support/torch_compat.h"
#include "core/seg/unet.h"
#include "core/train/device_choice.h"
#include "support/cpu_features.h"
#include "support/input_error.h"

namespace {

using hypera::core::AutocastGuard;
using hypera::core::UNet;
using hypera::core::UNetOptions;

struct Args {
  int threads = 1;
  int64_t batch = 8;
  int64_t size = 256;
  int steps = 5;
  int warmup = 2;
  std::string norm = "instance";
  std::string device = "cpu";
};

Args parse(int argc, char** argv) {
  Args a;
  for (int i = 1; i < argc; ++i) {
    const std::string key = argv[i];
    if (i + 1 >= argc) throw hypera::InputError(key + ": missing value");
    const std::string value = argv[++i];
    if (key == "--threads") a.threads = std::stoi(value);
    else if (key == "--batch") a.batch = std::stol(value);
    else if (key == "--size") a.size = std::stol(value);
    else if (key == "--steps") a.steps = std::stoi(value);
    else if (key == "--warmup") a.warmup = std::stoi(value);
    else if (key == "--norm") a.norm = value;
    else if (key == "--device") a.device = value;
    else throw hypera::InputError(key + ": unknown option (--threads --batch --size --steps --warmup --norm --device)");
  }
  if (a.threads < 1 || a.batch < 1 || a.steps < 1 || a.warmup < 0 || a.size < 8 || a.size % 8 != 0) {
    throw hypera::InputError("bench_unet_step: threads, batch, steps >= 1, warmup >= 0, size a multiple of 8");
  }
  return a;
}

struct Mode {
  const char* name;
  bool channels_last;
  std::optional<torch::ScalarType> autocast;
};

struct ModeResult {
  double ms_per_step = 0;
  double final_loss = 0;
  bool logits_channels_last = false;
  bool weights_channels_last = false;
};

// Three classes in smooth blobs; the image is the class map plus noise, so the net has something to learn.
std::pair<torch::Tensor, torch::Tensor> fixed_batch(const Args& a) {
  torch::manual_seed(0);
  const torch::Tensor coords = torch::arange(a.size, torch::kFloat);
  const torch::Tensor phase = torch::rand({a.batch, 1, 1}) * 6.28;
  const torch::Tensor field = torch::sin(coords.view({1, -1, 1}) / 17.0 + phase) * torch::cos(coords.view({1, 1, -1}) / 23.0);
  const torch::Tensor target = (field > -0.2).to(torch::kLong) + (field > 0.4).to(torch::kLong);
  const torch::Tensor image = target.unsqueeze(1).to(torch::kFloat) + 0.5 * torch::randn({a.batch, 1, a.size, a.size});
  return {image, target};
}

UNetOptions benchmark_unet(const Args& a) {
  UNetOptions options;
  options.spatial_dims = 2;
  options.in_channels = 1;
  options.num_classes = 3;
  options.depth = 4;
  options.base_channels = 16;
  options.norm = a.norm;
  options.seed = 0;
  return options;
}

// Microseconds per call of device_of on the benchmark's U-Net (on a.device), over `calls` calls.
double device_of_microseconds(const Args& a, int calls) {
  UNet model(benchmark_unet(a));
  model->to(torch::Device(a.device));
  int on_device = 0;
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < calls; ++i) on_device += hypera::core::device_of(*model) == torch::Device(a.device);
  const double elapsed = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count();
  if (on_device != calls) throw hypera::InputError("device_of did not find the model on " + a.device);
  return elapsed / calls;
}

ModeResult run_mode(const Args& a, const Mode& mode, const torch::Tensor& image, const torch::Tensor& target) {
  UNet model(benchmark_unet(a));
  const torch::Device device(a.device);
  model->to(device);
  torch::Tensor x = image.to(device);
  const torch::Tensor labels = target.to(device);
  if (mode.channels_last) {
    hypera::core::to_channels_last(*model);
    x = x.contiguous(at::MemoryFormat::ChannelsLast);
  }
  model->train();
  torch::optim::SGD optimizer(model->parameters(), torch::optim::SGDOptions(0.01).momentum(0.9));
  ModeResult result;
  for (const auto& p : model->parameters()) {  // a conv weight with > 1 input channel shows the format
    if (p.dim() == 4 && p.size(1) > 1) {
      result.weights_channels_last = p.is_contiguous(at::MemoryFormat::ChannelsLast) && !p.is_contiguous();
      break;
    }
  }
  const auto step = [&] {
    optimizer.zero_grad();
    torch::Tensor logits;
    {
      AutocastGuard autocast(device, mode.autocast);
      logits = model->forward(x);
    }
    result.logits_channels_last = logits.is_contiguous(at::MemoryFormat::ChannelsLast) && !logits.is_contiguous();
    const auto terms = hypera::core::composite_loss(logits, labels, hypera::core::LossWeights{1, 1, 0});
    terms.total.backward();
    optimizer.step();
    return terms.total.item<double>();  // waits for the device: each step is timed whole
  };
  for (int i = 0; i < a.warmup; ++i) step();
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < a.steps; ++i) result.final_loss = step();
  result.ms_per_step =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count() / a.steps;
  return result;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const Args a = parse(argc, argv);
    torch::set_num_threads(a.threads);
    const auto [image, target] = fixed_batch(a);
    std::printf("bench_unet_step: LibTorch %s; %s; device %s; 2D U-Net base 16 depth 4, 3 classes, norm %s, threads %d, batch %ld, "
                "%ldx%ld, warm-up %d, timed steps %d\n",
                TORCH_VERSION, hypera::support::cpu_description().c_str(), a.device.c_str(), a.norm.c_str(), a.threads, static_cast<long>(a.batch), static_cast<long>(a.size),
                static_cast<long>(a.size), a.warmup, a.steps);
    const std::vector<Mode> modes = {{"fp32", false, std::nullopt},
                                     {"channels-last", true, std::nullopt},
                                     {"bf16-autocast", false, torch::kBFloat16},
                                     {"channels-last+bf16", true, torch::kBFloat16}};
    std::vector<ModeResult> results;
    for (const Mode& mode : modes) {
      const ModeResult r = run_mode(a, mode, image, target);
      results.push_back(r);
      std::printf("%-20s %9.1f ms/step %7.2f images/s  loss after %d steps %.5f  (weights channels-last %s, "
                  "logits channels-last %s)\n",
                  mode.name, r.ms_per_step, 1000.0 * a.batch / r.ms_per_step, a.warmup + a.steps, r.final_loss,
                  r.weights_channels_last ? "yes" : "no", r.logits_channels_last ? "yes" : "no");
      std::fflush(stdout);
    }
    bool all_agree = true;
    for (size_t i = 1; i < modes.size(); ++i) {
      const double tolerance = modes[i].autocast ? 0.05 : 1e-3;  // relative, against fp32
      const double difference = std::abs(results[i].final_loss - results[0].final_loss) / std::abs(results[0].final_loss);
      const bool agrees = difference <= tolerance;
      all_agree = all_agree && agrees;
      std::printf("loss %-20s vs fp32: relative difference %.2e (tolerance %.0e) -> %s\n", modes[i].name, difference,
                  tolerance, agrees ? "agrees" : "DIFFERS");
    }
    std::printf("accuracy holds in every mode: %s\n", all_agree ? "yes" : "no");
    const double lookup = device_of_microseconds(a, 10000);
    std::printf("device_of(model): %.2f us per call (10000 calls), %.4f %% of an fp32 step\n", lookup,
                100.0 * lookup / (1000.0 * results[0].ms_per_step));
    return all_agree ? 0 : 1;
  } catch (const std::exception& e) {
    std::cerr << e.what() << "\n";
    return 2;
  }
}
