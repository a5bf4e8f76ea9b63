// Fixed post-processing baselines on BBBC039 probability maps (issue 7):
//   (a) threshold 0.5 + connected components
//   (b) the data set authors' post-processing (authors_baseline.h)
//   (c) the best pipeline setting of a grid search on the validation split (object F1 at IoU 0.5)
// each applied to the test split, reporting object F1 at IoU 0.5 and 0.75, foreground Dice and HD95 (means
// over the images), then the time of each pipeline step on the test images.
// usage: bench_postprocess PROB_DIR PREPARED_H5
//   PROB_DIR as bench_write_probabilities writes it (<split>/<sample>.c<k>.nii.gz); ground truth from the
//   prepared data set.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <functional>
#include <iostream>
#include <sstream>

#include "authors_baseline.h"
#include "class_maps.h"
#include "core/measure/overlap_metrics.h"
#include "core/measure/surface_distances.h"
#include "core/measure/surface_metrics.h"
#include "core/postprocess/pipeline.h"
#include "support/input_error.h"
#include "data/io/nifti_io.h"
#include "data/pipeline/prepared_dataset.h"

namespace fs = std::filesystem;
using namespace hypera;
using Clock = std::chrono::steady_clock;

namespace {

struct Case {
  std::string name;
  std::vector<data::ImageVolume> maps;
  data::InstanceVolume truth;
};

std::vector<Case> load_split(const fs::path& prob_dir, const data::PreparedDataset& dataset, const std::string& split) {
  std::vector<Case> cases;
  for (const auto& name : dataset.split(split)) {
    Case c;
    c.name = name;
    c.maps = bench::read_class_maps(prob_dir, split, name);
    c.truth = dataset.load(name).instances;
    cases.push_back(std::move(c));
  }
  return cases;
}

// CPU time of the calling thread: one core's work, whatever else runs on the machine.
double thread_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

using Method = std::function<data::InstanceVolume(const std::vector<data::ImageVolume>&)>;

struct Summary {
  double f1_50 = 0;
  double f1_75 = 0;
  double dice = 0;
  double hd95 = 0;      // mean over images with both masks non-empty (finite values)
  int hd95_infinite = 0;  // images where exactly one mask is empty (HD95 = +inf)
  double ms_per_image = 0;
};

data::LabelVolume foreground_of(const data::InstanceVolume& ids) {
  data::LabelVolume mask(ids.geometry);
  for (size_t i = 0; i < ids.voxels.size(); ++i) mask.voxels[i] = ids.voxels[i] != 0;
  return mask;
}

Summary evaluate(const std::vector<Case>& cases, const Method& method, bool full) {
  Summary s;
  int hd_count = 0;
  double seconds = 0;
  for (const Case& c : cases) {
    const double start = thread_cpu_seconds();
    const data::InstanceVolume pred = method(c.maps);
    seconds += thread_cpu_seconds() - start;
    s.f1_50 += core::match_objects(pred, c.truth, 0.5).f1;
    if (!full) continue;
    s.f1_75 += core::match_objects(pred, c.truth, 0.75).f1;
    const auto p = foreground_of(pred);
    const auto g = foreground_of(c.truth);
    s.dice += core::dice(p, g, 1);
    const double hd = core::hausdorff(core::surface_distances(p, g, 1, {1, 1, 1}), 95);
    if (std::isinf(hd)) {
      ++s.hd95_infinite;
    } else if (!std::isnan(hd)) {
      s.hd95 += hd;
      ++hd_count;
    }
  }
  const auto n = static_cast<double>(cases.size());
  s.f1_50 /= n;
  s.f1_75 /= n;
  s.dice /= n;
  s.hd95 = hd_count > 0 ? s.hd95 / hd_count : NAN;
  s.ms_per_image = 1000 * seconds / n;
  return s;
}

Method pipeline_method(const core::PostprocessParams& params) {
  return [params](const std::vector<data::ImageVolume>& maps) { return core::postprocess(maps, params).instances; };
}

std::string describe(const core::PostprocessParams& p) {
  std::ostringstream out;
  out << (p.seeds == core::SeedMode::Interior ? "interior" : p.seeds == core::SeedMode::DistanceMaxima ? "distance" : "components");
  for (const auto& range : core::parameter_ranges()) {
    const double v = core::get_parameter(p, range.name);
    if (v != range.default_value) out << " " << range.name << "=" << v;
  }
  return out.str();
}

// 3 thresholds x 2 minimum sizes x (4 interior-seed settings + 1 distance-seed setting) = 30 settings,
// sized to run in minutes on the shared 2-core development machine.
std::vector<core::PostprocessParams> grid() {
  std::vector<core::PostprocessParams> settings;
  for (const double threshold : {0.4, 0.5, 0.6}) {
    for (const double min_size : {0.0, 24.0}) {
      core::PostprocessParams p;
      p.threshold = threshold;
      p.min_size = min_size;
      p.seeds = core::SeedMode::Interior;
      for (const double w : {0.5, 1.0}) {
        for (const double seed_threshold : {0.3, 0.5}) {
          p.boundary_weight = w;
          p.seed_threshold = seed_threshold;
          settings.push_back(p);
        }
      }
      core::PostprocessParams d;
      d.threshold = threshold;
      d.min_size = min_size;
      d.seeds = core::SeedMode::DistanceMaxima;
      d.min_seed_distance = 2;
      settings.push_back(d);
    }
  }
  return settings;
}

void print_row(const std::string& label, const Summary& s) {
  std::printf("| %-52s | %6.4f | %6.4f | %6.4f | %7.3f (%d inf) | %6.1f |\n", label.c_str(), s.f1_50, s.f1_75, s.dice,
              s.hd95, s.hd95_infinite, s.ms_per_image);
}

// Mean time of each pipeline step over the cases.
void print_timings(const std::string& label, const core::PostprocessParams& params, const std::vector<Case>& cases) {
  core::PipelineTimings sum;
  for (const Case& c : cases) {
    core::PipelineTimings t;
    core::postprocess(c.maps, params, &t);
    sum.smoothing_ms += t.smoothing_ms;
    sum.threshold_ms += t.threshold_ms;
    sum.morphology_ms += t.morphology_ms;
    sum.holes_ms += t.holes_ms;
    sum.objects_ms += t.objects_ms;
    sum.filter_ms += t.filter_ms;
  }
  const auto n = static_cast<double>(cases.size());
  std::printf("ms per image, %s [%s]: smoothing %.2f, bias+threshold %.2f, morphology %.2f, holes %.2f, "
              "seeds+growth %.2f, filters %.2f, total %.2f\n",
              label.c_str(), describe(params).c_str(), sum.smoothing_ms / n, sum.threshold_ms / n,
              sum.morphology_ms / n, sum.holes_ms / n, sum.objects_ms / n, sum.filter_ms / n, sum.total_ms() / n);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: bench_postprocess PROB_DIR PREPARED_H5\n";
    return 2;
  }
  try {
    const fs::path prob_dir = argv[1];
    const auto dataset = data::PreparedDataset::open(argv[2]);

    core::PostprocessParams best;
    {
      const std::vector<Case> validation = load_split(prob_dir, dataset, "validation");
      const auto settings = grid();
      const auto start = Clock::now();
      double best_f1 = -1;
      for (const auto& p : settings) {
        const double f1 = evaluate(validation, pipeline_method(p), false).f1_50;
        if (f1 > best_f1) {
          best_f1 = f1;
          best = p;
        }
      }
      const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
      std::printf("grid search: %zu settings on %zu validation images in %.1f s; best object F1@0.5 %.4f: %s\n",
                  settings.size(), validation.size(), seconds, best_f1, describe(best).c_str());
    }

    const std::vector<Case> test = load_split(prob_dir, dataset, "test");
    std::printf("\ntest split, %zu images (means over images; HD95 in pixels over images where both masks are "
                "non-empty)\n",
                test.size());
    std::printf("| %-52s | F1@0.5 | F1@.75 |  Dice  |  HD95            | cpu ms |\n", "setting");
    print_row("(a) threshold 0.5 + connected components", evaluate(test, pipeline_method({}), true));
    print_row("(b) authors: argmax interior, 16 px, 3x3 dilation", evaluate(test, bench::authors_postprocess, true));
    print_row("(c) grid best: " + describe(best), evaluate(test, pipeline_method(best), true));

    core::PostprocessParams all_steps;  // every step switched on
    all_steps.seeds = core::SeedMode::Interior;
    all_steps.smoothing_sigma = 1;
    all_steps.foreground_bias = 0.5;
    all_steps.open_radius = 1;
    all_steps.close_radius = 2;
    all_steps.max_hole_size = 32;
    all_steps.min_size = 16;
    all_steps.min_confidence = 0.5;
    all_steps.max_objects = 1000;
    core::PostprocessParams distance_steps = all_steps;
    distance_steps.seeds = core::SeedMode::DistanceMaxima;
    print_timings("(c) grid best", best, test);
    print_timings("all steps on, interior seeds", all_steps, test);
    print_timings("all steps on, distance seeds", distance_steps, test);
    return 0;
  } catch (const InputError& error) {
    std::cerr << error.what() << "\n";
    return 2;
  }
}
