// Times whole-image prediction (what validation, test and `infer` do) of a trained run's network on the
// validation split of its prepared data set, in four numeric modes and at several thread counts, and checks
// that every mode scores like fp32.
//   bench_predict_speed RUN_DIR [--images N] [--threads 1,2] [--checkpoint best|last]
// Run from the folder the run's config.ini paths are relative to (the repository root). For each mode and
// thread count: milliseconds per image for predict_labels alone, the share of voxels whose label differs from
// fp32's, the validation metric of the run (train.select_metric) over the N images, and the time of scoring.
#include <torch/torch.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "app/config_sections.h"
#include "core/train/data_source.h"
#include "core/train/evaluator.h"
#include "core/train/run_model.h"
#include "support/cpu_features.h"
#include "support/input_error.h"
#include "support/number_text.h"

namespace fs = std::filesystem;
using namespace hypera;

namespace {

// A whole number >= 1 or InputError naming the option.
int64_t count_of(const std::string& text, const std::string& option) {
  const std::optional<double> value = support::parse_number(text);
  if (!value || *value < 1 || *value != std::floor(*value)) throw InputError(option + ": '" + text + "' is not a count >= 1");
  return static_cast<int64_t>(*value);
}

struct Args {
  fs::path run;
  int64_t images = 10;
  std::vector<int> threads = {1, 2};
  std::string checkpoint = "best";
};

Args parse(int argc, char** argv) {
  if (argc < 2) throw InputError("usage: bench_predict_speed RUN_DIR [--images N] [--threads 1,2] [--checkpoint best|last]");
  Args a;
  a.run = argv[1];
  for (int i = 2; i < argc; i += 2) {
    const std::string key = argv[i];
    if (i + 1 >= argc) throw InputError(key + ": missing value");
    const std::string value = argv[i + 1];
    if (key == "--images") {
      a.images = count_of(value, key);
    } else if (key == "--threads") {
      a.threads.clear();
      for (size_t start = 0; start <= value.size();) {
        const size_t comma = std::min(value.find(',', start), value.size());
        a.threads.push_back(static_cast<int>(count_of(value.substr(start, comma - start), key)));
        start = comma + 1;
      }
    } else if (key == "--checkpoint") {
      a.checkpoint = value;
    } else {
      throw InputError(key + ": unknown option (--images --threads --checkpoint)");
    }
  }
  return a;
}

struct Mode {
  const char* name;
  bool channels_last;
  bool bf16;
};

struct ModeResult {
  double ms_per_image = 0;
  double scoring_ms_per_image = 0;  // score_sample (final instances, every metric) and the comparison with fp32
  double metric = 0;
  double differing_voxels = 0;  // share of all voxels whose label differs from the reference mode's
};

ModeResult run_mode(core::RunModel& loaded, const Mode& mode, const std::vector<data::Sample>& samples,
                    const std::vector<data::LabelVolume>* reference, std::vector<data::LabelVolume>* labels_out) {
  core::UNet model = core::UNet(loaded.model->options());
  if (mode.channels_last) core::to_channels_last(*model);
  core::copy_state(*loaded.model, *model);
  core::PredictionOptions options = loaded.prediction;
  options.channels_last = mode.channels_last;
  options.bf16 = mode.bf16;
  core::predict_labels(model, samples[0].channels, options);  // warm-up: oneDNN builds its kernels
  std::vector<data::LabelVolume> labels;
  const auto start = std::chrono::steady_clock::now();
  for (const auto& sample : samples) labels.push_back(core::predict_labels(model, sample.channels, options));
  ModeResult result;
  result.ms_per_image = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count() /
                        static_cast<double>(samples.size());
  double metric_sum = 0, differing = 0, voxels = 0;
  const auto scoring_start = std::chrono::steady_clock::now();
  for (size_t i = 0; i < samples.size(); ++i) {
    const std::string& metric = loaded.config.train.select_metric;
    for (const auto& value : core::score_sample(labels[i], samples[i], loaded.target, loaded.class_names)) {
      if (value.name == (metric == "object_f1" ? "f1@0.50" : metric)) metric_sum += value.value;  // evaluator.h
    }
    if (reference) {
      const auto& a = labels[i].voxels;
      const auto& b = (*reference)[i].voxels;
      for (size_t v = 0; v < a.size(); ++v) differing += a[v] != b[v];
    }
    voxels += static_cast<double>(labels[i].voxels.size());
  }
  result.scoring_ms_per_image =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - scoring_start).count() /
      static_cast<double>(samples.size());
  result.metric = metric_sum / static_cast<double>(samples.size());
  result.differing_voxels = differing / voxels;
  if (labels_out) *labels_out = std::move(labels);
  return result;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const Args a = parse(argc, argv);
    app::ConfigSections sections;  // RUN/config.ini holds every section hypera_dist binds
    core::RunModel loaded = core::load_run_model(a.run, a.checkpoint, sections.bound());
    const data::PreparedDataset dataset = core::open_prepared_data(loaded.config.data, std::cerr);
    const auto& names = dataset.split("validation");
    std::vector<data::Sample> samples;
    for (int64_t i = 0; i < a.images && i < static_cast<int64_t>(names.size()); ++i) samples.push_back(dataset.load(names[i]));
    const auto& g = samples[0].channels[0].geometry;
    std::printf("bench_predict_speed: LibTorch %s; %s; run %s (%s checkpoint), %zu validation images (first %ldx%ldx%ld)\n",
                TORCH_VERSION, support::cpu_description().c_str(), a.run.c_str(), a.checkpoint.c_str(), samples.size(),
                static_cast<long>(g.nx()), static_cast<long>(g.ny()), static_cast<long>(g.nz()));
    std::printf("metric: mean %s over the images; differing: share of voxels labelled unlike fp32 at the same threads\n",
                loaded.config.train.select_metric.c_str());
    const std::vector<Mode> modes = {
        {"fp32", false, false}, {"channels-last", true, false}, {"bf16", false, true}, {"channels-last+bf16", true, true}};
    for (int threads : a.threads) {
      torch::set_num_threads(threads);
      std::vector<data::LabelVolume> reference;
      for (const Mode& mode : modes) {
        const bool is_reference = &mode == &modes[0];
        const ModeResult r = run_mode(loaded, mode, samples, is_reference ? nullptr : &reference,
                                      is_reference ? &reference : nullptr);
        std::printf("threads %d  %-20s %8.1f ms/image  metric %.4f  differing %.2e  (scoring %.1f ms/image)\n",
                    threads, mode.name, r.ms_per_image, r.metric, r.differing_voxels, r.scoring_ms_per_image);
        std::fflush(stdout);
      }
    }
    return 0;
  } catch (const InputError& error) {
    std::cerr << error.what() << "\n";
    return 2;
  }
}
