// Segmentation agents on BBBC039 (issue 7, measurement (d)): trains the agents on the validation split's
// probability maps, then evaluates on the test split (c) the base setting (the validation grid search's best)
// and (d) the agents' per-image refinement: object F1 at IoU 0.5 and 0.75, foreground Dice and HD95 (means
// over the images), and the CPU time of one refinement (state features, agents' actions, post-processing).
// usage: bench_seg_agents PROB_DIR PREPARED_H5 AGENTS_OUT [EPOCHS (default 100)] [SEED (default 0)]
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include <torch/torch.h>

#include "agents/segmentation/segmentation_refiner.h"
#include "core/measure/object_scores.h"
#include "core/measure/scores.h"
#include "support/input_error.h"
#include "data/pipeline/prepared_dataset.h"
#include "../postprocess/class_maps.h"

namespace fs = std::filesystem;
using namespace hypera;

namespace {

std::vector<agents::RefinementExample> load_split(const fs::path& prob_dir, const data::PreparedDataset& dataset,
                                                  const std::string& split) {
  std::vector<agents::RefinementExample> examples;
  for (const auto& name : dataset.split(split)) {
    agents::RefinementExample e;
    e.name = name;
    e.probabilities = bench::read_class_maps(prob_dir, split, name);
    data::Sample sample = dataset.load(name);
    e.image = std::move(sample.image);
    e.truth_instances = std::move(sample.instances);
    e.truth_mask = data::LabelVolume(e.truth_instances.geometry);
    for (size_t i = 0; i < e.truth_mask.voxels.size(); ++i) e.truth_mask.voxels[i] = e.truth_instances.voxels[i] != 0;
    examples.push_back(std::move(e));
  }
  return examples;
}

double thread_cpu_ms() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return 1e3 * static_cast<double>(t.tv_sec) + 1e-6 * static_cast<double>(t.tv_nsec);
}

struct Summary {
  double f1_50 = 0, f1_75 = 0, dice = 0, hd95 = 0, ms = 0;
  int hd95_count = 0, hd95_infinite = 0;
  std::vector<double> per_image_f1_50;
  void add(const core::PostprocessResult& r, const agents::RefinementExample& e) {
    const core::ObjectScores objects = core::score_instances(r.instances, e.truth_instances);
    per_image_f1_50.push_back(objects.at[0].f1);
    f1_50 += objects.at[0].f1;
    f1_75 += objects.at[5].f1;
    const core::SegmentationScores s = core::score_labels(r.mask, e.truth_mask);
    dice += s.dice;
    if (std::isinf(s.hd95)) {
      ++hd95_infinite;
    } else if (!std::isnan(s.hd95)) {
      hd95 += s.hd95;
      ++hd95_count;
    }
  }
  void print(const std::string& label, size_t n) const {
    const double d = static_cast<double>(n);
    std::printf("| %-34s | %6.4f | %6.4f | %6.4f | %7.3f (%d inf) | %6.2f |\n", label.c_str(), f1_50 / d, f1_75 / d,
                dice / d, hd95_count > 0 ? hd95 / hd95_count : NAN, hd95_infinite, ms / d);
  }
};

// Per-image F1@0.5 of (d) against (c): wins, losses, ties and the two-sided sign test's p-value (ties dropped).
void print_paired(const Summary& base, const Summary& refined) {
  int wins = 0, losses = 0;
  for (size_t i = 0; i < base.per_image_f1_50.size(); ++i) {
    const double d = refined.per_image_f1_50[i] - base.per_image_f1_50[i];
    wins += d > 1e-12;
    losses += d < -1e-12;
  }
  const int n = wins + losses;
  double tail = 0;  // P(X <= min(wins, losses)) for X ~ Binomial(n, 1/2)
  for (int k = 0; k <= std::min(wins, losses); ++k) {
    tail += std::exp(std::lgamma(n + 1.0) - std::lgamma(k + 1.0) - std::lgamma(n - k + 1.0) - n * std::log(2.0));
  }
  std::printf("per image, F1@0.5 of (d) vs (c): %d better, %d worse, %zu equal; sign test p = %.3f\n", wins, losses,
              base.per_image_f1_50.size() - static_cast<size_t>(n), n > 0 ? std::min(1.0, 2 * tail) : 1.0);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4 || argc > 6) {
    std::cerr << "usage: bench_seg_agents PROB_DIR PREPARED_H5 AGENTS_OUT [EPOCHS] [SEED]\n";
    return 2;
  }
  try {
    torch::set_num_threads(1);
    const fs::path prob_dir = argv[1];
    const auto dataset = data::PreparedDataset::open(argv[2]);
    const fs::path out = argv[3];
    agents::RefinerTrainingOptions options;
    if (argc > 4) options.epochs = std::stoll(argv[4]);
    if (argc > 5) options.seed = std::stoull(argv[5]);
    options.on_epoch = [](const agents::EpochSummary& s) {
      std::printf("epoch %3lld: mean object-F1 gain of the exploring agents over the base %+.4f\n",
                  static_cast<long long>(s.epoch), s.mean_object_f1_gain);
      std::fflush(stdout);
    };

    const auto validation = load_split(prob_dir, dataset, "validation");
    const auto start = std::chrono::steady_clock::now();
    const double cpu_start = thread_cpu_ms();
    agents::train_segmentation_agents(validation, options, out);
    std::printf("training: %lld epochs x %zu validation images in %.1f s wall, %.1f s CPU\n",
                static_cast<long long>(options.epochs), validation.size(),
                std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(),
                (thread_cpu_ms() - cpu_start) / 1e3);

    const auto test = load_split(prob_dir, dataset, "test");
    agents::SegmentationRefiner refiner(out);
    Summary base, refined;
    for (const auto& e : test) {
      double t = thread_cpu_ms();
      const core::PostprocessResult b = core::postprocess(e.probabilities, options.base);
      base.ms += thread_cpu_ms() - t;
      base.add(b, e);
      t = thread_cpu_ms();
      const agents::RefinedSegmentation r = refiner.refine(e.probabilities, e.image);
      refined.ms += thread_cpu_ms() - t;
      refined.add(r.result, e);
    }
    std::printf("\ntest split, %zu images (means over images; HD95 in pixels over images where both masks are "
                "non-empty; CPU ms per image, one thread)\n",
                test.size());
    std::printf("| %-34s | F1@0.5 | F1@.75 |  Dice  |  HD95            | cpu ms |\n", "setting");
    base.print("(c) grid best (base setting)", test.size());
    refined.print("(d) segmentation agents", test.size());
    print_paired(base, refined);
    return 0;
  } catch (const InputError& error) {
    std::cerr << error.what() << "\n";
    return 2;
  }
}
