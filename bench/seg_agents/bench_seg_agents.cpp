// Segmentation agents on BBBC039 (issue 7, measurement (d)): trains the agents on the validation split's
// probability maps, then evaluates on the test split (c) the base setting (the validation grid search's best)
// and (d) the agents' per-image refinement: object F1 at IoU 0.5 and 0.75, foreground Dice and HD95 (means
// over the images), and the CPU time of one refinement (state features, agents' actions, post-processing).
// usage: bench_seg_agents PROB_DIR PREPARED_H5 AGENTS_OUT [EPOCHS (default 100)] [SEED (default 0)]
//
// Timing mode (no training): refines every test image REPEATS times with saved agents and prints the CPU ms
// of one refinement per image (each image's fastest repeat; median, min and mean over the images), what its
// parts cost (state features, post-processing steps of the chosen setting, the rest: actor forwards), how
// often the agents chose smoothing, opening and closing, and a hash of all refined instance labels (equal
// hashes: identical results).
// usage: bench_seg_agents --time PROB_DIR PREPARED_H5 AGENTS_DIR [REPEATS (default 3)]
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include <torch/torch.h>

#include "agents/segmentation/segmentation_refiner.h"
#include "agents/segmentation/state_features.h"
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
    e.image = std::move(sample.channels.front());
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

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const size_t h = v.size() / 2;
  return v.size() % 2 ? v[h] : 0.5 * (v[h - 1] + v[h]);
}

// FNV-1a over the instance labels, continuing from `hash`.
uint64_t hash_labels(const data::InstanceVolume& labels, uint64_t hash) {
  for (const int32_t id : labels.voxels) {
    auto v = static_cast<uint32_t>(id);
    for (int b = 0; b < 4; ++b, v >>= 8) hash = (hash ^ (v & 0xffu)) * 1099511628211ull;
  }
  return hash;
}

// The timing mode (see the top of this file).
int time_refinement(const fs::path& prob_dir, const data::PreparedDataset& dataset, const fs::path& agents_dir,
                    int repeats) {
  const auto test = load_split(prob_dir, dataset, "test");
  agents::SegmentationRefiner refiner(agents_dir);
  const double base_threshold = agents::RefinerTrainingOptions::default_base_setting().threshold;
  const size_t n = test.size();
  std::vector<double> total(n, 1e300), state(n, 1e300);
  std::vector<core::PipelineTimings> steps(n);
  std::vector<double> steps_total(n, 1e300);
  uint64_t hash = 14695981039346656037ull;
  int smoothed = 0, opened = 0, closed = 0;
  double f1 = 0;
  for (int r = 0; r < repeats; ++r) {
    for (size_t i = 0; i < n; ++i) {
      const auto& e = test[i];
      double t = thread_cpu_ms();
      const agents::RefinedSegmentation refined = refiner.refine(e.probabilities, e.image);
      total[i] = std::min(total[i], thread_cpu_ms() - t);
      t = thread_cpu_ms();
      agents::compute_shared_state(e.probabilities, e.image, base_threshold);
      state[i] = std::min(state[i], thread_cpu_ms() - t);
      core::PipelineTimings timings;
      core::postprocess(e.probabilities, refined.params, &timings);
      if (timings.total_ms() < steps_total[i]) {
        steps_total[i] = timings.total_ms();
        steps[i] = timings;
      }
      if (r > 0) continue;
      hash = hash_labels(refined.result.instances, hash);
      f1 += core::score_instances(refined.result.instances, e.truth_instances).at[0].f1;
      smoothed += refined.params.smoothing_sigma > 0;
      opened += refined.params.open_radius > 0;
      closed += refined.params.close_radius > 0;
    }
  }
  auto column = [&](double core::PipelineTimings::*field) {
    std::vector<double> v;
    for (const auto& s : steps) v.push_back(s.*field);
    return median(v);
  };
  std::vector<double> rest;
  for (size_t i = 0; i < n; ++i) rest.push_back(total[i] - state[i] - steps_total[i]);
  double mean = 0;
  for (const double t : total) mean += t / static_cast<double>(n);
  std::printf("refinement of %zu test images, CPU ms of one thread per image (fastest of %d repeats per image)\n", n,
              repeats);
  std::printf("total: median %.2f, min %.2f, mean %.2f\n", median(total), *std::min_element(total.begin(), total.end()),
              mean);
  std::printf("medians: state features %.2f | post-processing %.2f (smoothing %.2f, threshold %.2f, morphology %.2f, "
              "holes %.2f, objects %.2f, filters %.2f) | rest (actor forwards) %.2f\n",
              median(state), median(steps_total), column(&core::PipelineTimings::smoothing_ms),
              column(&core::PipelineTimings::threshold_ms), column(&core::PipelineTimings::morphology_ms),
              column(&core::PipelineTimings::holes_ms), column(&core::PipelineTimings::objects_ms),
              column(&core::PipelineTimings::filter_ms), median(rest));
  std::printf("chosen settings: smoothing on %d, opening on %d, closing on %d of %zu images\n", smoothed, opened, closed,
              n);
  std::printf("mean F1@0.5 %.4f; hash of the refined labels %016llx\n", f1 / static_cast<double>(n),
              static_cast<unsigned long long>(hash));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 5 && argc <= 6 && std::string(argv[1]) == "--time") {
    try {
      torch::set_num_threads(1);
      return time_refinement(argv[2], data::PreparedDataset::open(argv[3]), argv[4], argc > 5 ? std::stoi(argv[5]) : 3);
    } catch (const InputError& error) {
      std::cerr << error.what() << "\n";
      return 2;
    }
  }
  if (argc < 4 || argc > 6) {
    std::cerr << "usage: bench_seg_agents PROB_DIR PREPARED_H5 AGENTS_OUT [EPOCHS] [SEED]\n"
                 "       bench_seg_agents --time PROB_DIR PREPARED_H5 AGENTS_DIR [REPEATS]\n";
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
