#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "agents/segmentation/base_setting_choice.h"
#include "agents/segmentation/segmentation_refiner.h"
#include "core/postprocess/morphology.h"
#include "support/input_error.h"
#include "data/io/normalization.h"
#include "data/io/targets.h"
#include "data/io/tiff_io.h"
#include "common/real_data.h"

namespace fs = std::filesystem;

namespace hypera::agents {
namespace {

const fs::path kData = test::bbbc039_root();

// A real BBBC039 image with its ground truth. No network runs in this suite, so the two-class
// "probabilities" are a fixed soft threshold of the normalized image (nuclei are bright): real image
// statistics, never the truth.
RefinementExample load_example(const std::string& mask_name) {
  RefinementExample e;
  e.name = mask_name;
  const std::string stem = fs::path(mask_name).stem().string();
  e.image = data::read_tiff(kData / "images" / (stem + ".tif"));
  data::normalize_percentiles(e.image);
  data::ImageVolume fg(e.image.geometry);
  data::ImageVolume bg(e.image.geometry);
  for (size_t i = 0; i < fg.voxels.size(); ++i) {
    fg.voxels[i] = 1.0f / (1.0f + std::exp(-(e.image.voxels[i] - 0.2f) / 0.05f));
    bg.voxels[i] = 1.0f - fg.voxels[i];
  }
  e.probabilities = {bg, fg};
  e.truth_instances = data::read_bbbc039_instances(kData / "masks" / mask_name);
  e.truth_mask = data::LabelVolume(e.truth_instances.geometry);
  for (size_t i = 0; i < e.truth_mask.voxels.size(); ++i) e.truth_mask.voxels[i] = e.truth_instances.voxels[i] != 0;
  return e;
}

// The fixtures' fields with nuclei: the validation field, then the training ones.
std::vector<RefinementExample> first_examples(size_t count) {
  std::vector<RefinementExample> examples;
  for (const char* split : {"validation.txt", "training.txt"}) {
    std::ifstream list(kData / split);
    std::string name;
    while (examples.size() < count && std::getline(list, name)) {
      if (!name.empty()) examples.push_back(load_example(name));
    }
  }
  return examples;
}

class TempFolder {
 public:
  TempFolder() {
    std::random_device device;
    path_ = fs::temp_directory_path() / ("hypera_agents_test_" + std::to_string(device()));
    fs::create_directories(path_);
  }
  ~TempFolder() { fs::remove_all(path_); }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// A real field whose foreground probability reaches one pixel beyond every nucleus (0.75 on the ring just
// outside the truth, 1 inside, 0 elsewhere): the over-wide foreground a boundary-weighted loss gives. Only a
// threshold above 0.75 recovers the truth, so the choice must fall on it, wherever it stands in the list.
RefinementExample one_pixel_too_wide(RefinementExample e) {
  const data::LabelVolume grown = core::dilate_ball(e.truth_mask, 1, "test");
  data::ImageVolume fg(e.truth_mask.geometry);
  data::ImageVolume bg(e.truth_mask.geometry);
  for (size_t i = 0; i < fg.voxels.size(); ++i) {
    fg.voxels[i] = e.truth_mask.voxels[i] ? 1.0f : grown.voxels[i] ? 0.75f : 0.0f;
    bg.voxels[i] = 1.0f - fg.voxels[i];
  }
  e.probabilities = {bg, fg};
  return e;
}

TEST(RefinerTraining, BaseThresholdIsChosenOnTheExamples) {
  torch::set_num_threads(1);
  const std::vector<RefinementExample> examples = {one_pixel_too_wide(first_examples(1).front())};
  const core::PostprocessParams base = RefinerTrainingOptions::default_base_setting();
  const ThresholdChoice choice = choose_base_threshold(examples, base, {0.5, 0.6, 0.7, 0.8});
  EXPECT_EQ(choice.base.threshold, 0.8);
  ASSERT_EQ(choice.mean_scores.size(), 4u);
  EXPECT_GT(choice.mean_scores[3], choice.mean_scores[0]);  // the true mask against the ring
  EXPECT_EQ(choice.mean_scores[0], choice.mean_scores[2]);  // 0.5 and 0.7 keep the same one-pixel ring
  EXPECT_EQ(choose_base_threshold(examples, base, {0.9, 0.5}).base.threshold, 0.9);
  EXPECT_EQ(choose_base_threshold(examples, base, {0.85, 0.9}).base.threshold, 0.85);  // a tie keeps the earlier
  const ThresholdChoice none = choose_base_threshold(examples, base, {});
  EXPECT_EQ(none.base.threshold, base.threshold);
  EXPECT_TRUE(none.mean_scores.empty());
  EXPECT_THROW(choose_base_threshold(examples, base, {0.5, 1.5}), InputError);
}

TEST(RefinerTraining, TrainsOnRealImagesAndReloadsIdentically) {
  torch::set_num_threads(1);
  const auto examples = first_examples(4);
  ASSERT_EQ(examples.size(), 4u);
  TempFolder temp;
  RefinerTrainingOptions options;
  options.epochs = 3;
  options.warmup_steps = 4;  // updates start within the few episodes of a test
  options.batch_size = 4;
  options.base.seeds = core::SeedMode::DistanceMaxima;
  int64_t epochs_seen = 0;
  options.on_epoch = [&](const EpochSummary& s) {
    EXPECT_EQ(s.epoch, epochs_seen++);
    EXPECT_TRUE(std::isfinite(s.mean_object_f1_gain));
  };
  const fs::path folder = temp.path() / "agents";
  train_segmentation_agents(examples, options, folder);
  EXPECT_EQ(epochs_seen, 3);
  EXPECT_TRUE(fs::exists(folder / "manifest.txt"));
  for (const auto& entry : fs::directory_iterator(temp.path())) EXPECT_EQ(entry.path(), folder);  // no leftovers

  SegmentationRefiner first(folder);
  SegmentationRefiner second(folder);
  const RefinedSegmentation a = first.refine(examples[0].probabilities, examples[0].image);
  const RefinedSegmentation b = second.refine(examples[0].probabilities, examples[0].image);
  const RefinedSegmentation again = first.refine(examples[0].probabilities, examples[0].image);
  bool differs_from_base = false;
  for (const auto& range : core::parameter_ranges()) {
    const double v = core::get_parameter(a.params, range.name);
    EXPECT_EQ(v, core::get_parameter(b.params, range.name)) << range.name;
    EXPECT_EQ(v, core::get_parameter(again.params, range.name)) << range.name;
    EXPECT_GE(v, range.lower);
    EXPECT_LE(v, range.upper);
    differs_from_base = differs_from_base || v != core::get_parameter(options.base, range.name);
  }
  EXPECT_TRUE(differs_from_base);  // trained agents act; an untrained zero action would be the base
  EXPECT_EQ(a.result.instances.voxels, b.result.instances.voxels);
  EXPECT_EQ(a.result.instances.geometry.size, examples[0].image.geometry.size);

  // Three-class input to two-class agents is refused.
  auto three = examples[0].probabilities;
  three.push_back(three[1]);
  EXPECT_THROW(first.refine(three, examples[0].image), InputError);

  // Retraining replaces the folder atomically.
  options.epochs = 1;
  options.seed = 1;
  options.on_epoch = nullptr;
  train_segmentation_agents(examples, options, folder);
  EXPECT_NO_THROW(SegmentationRefiner{folder});
}

// The held-out score of the agents saved in `folder`, refined as `infer --refine` does.
double saved_agents_score(const fs::path& folder, const std::vector<RefinementExample>& held_out) {
  SegmentationRefiner refiner(folder);
  return mean_selection_score(held_out, [&](size_t i) {
    return refiner.refine(held_out[i].probabilities, held_out[i].image).params;
  });
}

// Trains with `held_out` checked every `every` passes into `folder`; the checks in order.
std::vector<HeldOutCheck> train_with_checks(const std::vector<RefinementExample>& examples,
                                            RefinerTrainingOptions options,
                                            const std::vector<RefinementExample>& held_out, int64_t every,
                                            const fs::path& folder) {
  options.held_out = held_out;
  options.check_every = every;
  std::vector<HeldOutCheck> checks;
  options.on_check = [&](const HeldOutCheck& check) { checks.push_back(check); };
  train_segmentation_agents(examples, options, folder);
  return checks;
}

TEST(RefinerTraining, HeldOutChecksSaveTheBestAgentsAndLeaveTrainingUnchanged) {
  torch::set_num_threads(1);
  std::vector<RefinementExample> examples = first_examples(4);
  ASSERT_EQ(examples.size(), 4u);
  const std::vector<RefinementExample> held_out(examples.begin() + 2, examples.end());
  examples.resize(2);
  TempFolder temp;
  RefinerTrainingOptions options;
  options.epochs = 6;
  options.warmup_steps = 4;
  options.batch_size = 4;
  options.seed = 6;  // its best check (the fourth) scores above the last two

  // Checks after every pass: the saved agents are those of the highest score, which is not the last one.
  const std::vector<HeldOutCheck> checks = train_with_checks(examples, options, held_out, 1, temp.path() / "every");
  ASSERT_EQ(checks.size(), 6u);
  double best = checks.front().mean_score;
  size_t best_index = 0;
  for (size_t i = 0; i < checks.size(); ++i) {
    EXPECT_EQ(checks[i].epochs, static_cast<int64_t>(i + 1));
    EXPECT_EQ(checks[i].best, i == 0 || checks[i].mean_score > best) << "check " << i;
    if (checks[i].best) {
      best = checks[i].mean_score;
      best_index = i;
    }
  }
  ASSERT_LT(best_index, checks.size() - 1) << "the best check is the last: this seed cannot tell best from last";
  EXPECT_EQ(saved_agents_score(temp.path() / "every", held_out), best);

  // One check, after the last pass: the same score as the sixth check above (checking does not change
  // training), and the same agents as a run without held-out images.
  const std::vector<HeldOutCheck> last = train_with_checks(examples, options, held_out, 6, temp.path() / "once");
  ASSERT_EQ(last.size(), 1u);
  EXPECT_EQ(last.front().epochs, 6);
  EXPECT_EQ(last.front().mean_score, checks.back().mean_score);
  train_segmentation_agents(examples, options, temp.path() / "none");
  EXPECT_EQ(saved_agents_score(temp.path() / "none", held_out), last.front().mean_score);

  // Checks at every fourth pass and after the last one.
  const std::vector<HeldOutCheck> fourth = train_with_checks(examples, options, held_out, 4, temp.path() / "fourth");
  ASSERT_EQ(fourth.size(), 2u);
  EXPECT_EQ(fourth[0].epochs, 4);
  EXPECT_EQ(fourth[1].epochs, 6);

  RefinerTrainingOptions bad = options;
  bad.held_out = held_out;
  bad.check_every = 0;
  EXPECT_THROW(train_segmentation_agents(examples, bad, temp.path() / "x"), InputError);
  bad.check_every = 1;
  bad.held_out.front().probabilities.push_back(bad.held_out.front().probabilities.back());  // three classes
  EXPECT_THROW(train_segmentation_agents(examples, bad, temp.path() / "x"), InputError);
}

TEST(RefinerTraining, MissingOrDamagedFoldersAreInputErrors) {
  torch::set_num_threads(1);
  TempFolder temp;
  EXPECT_THROW(SegmentationRefiner(temp.path() / "none"), InputError);
  EXPECT_THROW(SegmentationRefiner{temp.path()}, InputError);  // no manifest
  {
    std::ofstream(temp.path() / "manifest.txt") << "format hypera-segmentation-agents-1\nclasses three\n";
  }
  try {
    SegmentationRefiner refiner(temp.path());
    FAIL() << "a damaged manifest was accepted";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("manifest.txt"), std::string::npos) << error.what();
  }
  EXPECT_THROW(train_segmentation_agents({}, RefinerTrainingOptions{}, temp.path() / "x"), InputError);
}

}  // namespace
}  // namespace hypera::agents
