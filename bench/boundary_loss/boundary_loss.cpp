// Cost of the boundary loss: one signed distance map of a real 520x696 BBBC039 mask (foreground and
// three-class targets), and the boundary term on a batch of 8 x 3 x 256 x 256 logits (forward, and forward
// plus backward), next to the dice + ce composite for scale. Single-threaded; prints medians.
// Usage: bench_boundary_loss [bbbc039_root] [repetitions]
#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "core/seg/boundary_loss.h"
#include "core/seg/losses.h"
#include "core/seg/signed_distance.h"
#include "data/io/targets.h"

namespace {

double median_ms(int repetitions, const std::function<void()>& work) {
  work();  // warm-up
  std::vector<double> times;
  for (int r = 0; r < repetitions; ++r) {
    const auto start = std::chrono::steady_clock::now();
    work();
    times.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  using namespace hypera;
  torch::set_num_threads(1);
  const std::filesystem::path root = argc > 1 ? argv[1] : HYPERA_BBBC039_DEFAULT;
  const int repetitions = argc > 2 ? std::stoi(argv[2]) : 20;
  std::filesystem::path mask;
  for (const auto& entry : std::filesystem::directory_iterator(root / "masks")) {
    if (mask.empty() || entry.path() < mask) mask = entry.path();
  }
  const auto instances = data::read_bbbc039_instances(mask);
  std::printf("mask %s (%lldx%lld)\n", mask.filename().c_str(), static_cast<long long>(instances.geometry.nx()),
              static_cast<long long>(instances.geometry.ny()));
  for (const auto kind : {data::TargetKind::Foreground, data::TargetKind::ThreeClass}) {
    const data::LabelVolume label = data::make_target(instances, kind);
    const int classes = static_cast<int>(data::fixed_class_names(kind).size());
    const double ms = median_ms(repetitions, [&] { core::foreground_signed_distance_maps(label, classes); });
    std::printf("signed distance maps, %d foreground class(es): %.2f ms per image (%.2f ms per class)\n",
                classes - 1, ms, ms / (classes - 1));
  }

  torch::manual_seed(0);
  const torch::Tensor logits = torch::randn({8, 3, 256, 256}).requires_grad_(true);
  const torch::Tensor target = torch::randint(0, 3, {8, 256, 256}, torch::kLong);
  const torch::Tensor phi = 20 * torch::randn({8, 2, 256, 256});
  const double forward = median_ms(repetitions, [&] {
    torch::NoGradGuard no_grad;
    core::boundary_loss(logits, phi);
  });
  const double both = median_ms(repetitions, [&] {
    logits.mutable_grad() = torch::Tensor();
    core::boundary_loss(logits, phi).backward();
  });
  const double composite = median_ms(repetitions, [&] {
    logits.mutable_grad() = torch::Tensor();
    core::composite_loss(logits, target, core::LossWeights{1, 1, 0, 0}).total.backward();
  });
  const double composite_boundary = median_ms(repetitions, [&] {
    logits.mutable_grad() = torch::Tensor();
    core::composite_loss(logits, target, core::LossWeights{1, 1, 0, 1}, {}, phi).total.backward();
  });
  std::printf("boundary term, batch 8x3x256x256: forward %.2f ms, forward+backward %.2f ms\n", forward, both);
  std::printf("composite forward+backward: dice+ce(+focal reported) %.2f ms, with boundary %.2f ms (+%.2f ms)\n",
              composite, composite_boundary, composite_boundary - composite);
  return 0;
}
