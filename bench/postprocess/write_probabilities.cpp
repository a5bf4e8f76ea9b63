// Writes the softmax probabilities of a trained run's network for the validation and test splits of the
// run's prepared data set, one NIfTI file per sample and class:
//   OUT/<split>/<sample>.c<k>.nii.gz   float32 probability of class k on the sample's grid
// usage: bench_write_probabilities RUN_DIR OUT_DIR [checkpoint tag, default best]
// Run from the folder the run's config.ini paths are relative to (the repository root).
#include <torch/torch.h>

#include <chrono>
#include <filesystem>
#include <iostream>

#include "app/config_sections.h"
#include "core/train/data_source.h"
#include "core/train/run_model.h"
#include "support/input_error.h"
#include "data/io/nifti_io.h"

namespace fs = std::filesystem;
using namespace hypera;

int main(int argc, char** argv) {
  if (argc < 3 || argc > 4) {
    std::cerr << "usage: bench_write_probabilities RUN_DIR OUT_DIR [best|last]\n";
    return 2;
  }
  try {
    const fs::path run = argv[1];
    const fs::path out = argv[2];
    const std::string tag = argc == 4 ? argv[3] : "best";
    app::ConfigSections sections;  // RUN/config.ini holds every section hypera_dist binds
    core::RunModel run_model = core::load_run_model(run, tag, sections.bound());
    const data::PreparedDataset dataset = core::open_prepared_data(run_model.config.data, std::cout);
    for (const std::string split : {"validation", "test"}) {
      fs::create_directories(out / split);
      const auto start = std::chrono::steady_clock::now();
      for (const auto& name : dataset.split(split)) {
        const data::Sample sample = dataset.load(name);
        const auto probabilities = core::predict_probabilities(run_model.model, sample.channels, run_model.prediction);
        for (size_t k = 0; k < probabilities.size(); ++k) {
          data::write_nifti(out / split / (name + ".c" + std::to_string(k) + ".nii.gz"), probabilities[k]);
        }
      }
      const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      std::cout << split << ": " << dataset.split(split).size() << " samples in " << seconds << " s\n";
    }
    return 0;
  } catch (const InputError& error) {
    std::cerr << error.what() << "\n";
    return 2;
  }
}
