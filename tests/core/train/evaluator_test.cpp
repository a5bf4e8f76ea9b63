// evaluate's means that stay readable (evaluator.h): a sample whose hd95 is +inf is counted in hd95_nonfinite
// and left out of the mean. Real prepared data: a 16x16x10 volume cut into 5 slabs along z, whose mask has a
// box in slabs 0..2 only, so of the training slabs 0, 2, 4 the last has an empty mask. Models with zero
// weights predict one class everywhere (the head's bias decides): foreground (then slab 4's hd95 is +inf:
// only the truth is empty) or background (every prediction empty).
#include "core/train/evaluator.h"

#include <gtest/gtest.h>

#include <cmath>

#include "comm/single_rank.h"
#include "data/io/nifti_io.h"
#include "data/pipeline/prepare.h"
#include "data/pipeline/prepared_dataset.h"
#include "common/scratch_folder.h"

namespace hypera::core {
namespace {
namespace fs = std::filesystem;

// The 3 training slabs of the volume described at the top, the first two with a box of foreground.
std::shared_ptr<const data::SampleCache> slabs_with_one_empty_mask(const fs::path& folder) {
  data::Geometry geometry;
  geometry.size = {16, 16, 10};
  data::ImageVolume image(geometry);
  data::LabelVolume mask(geometry);
  for (int64_t z = 0; z < 10; ++z) {
    for (int64_t y = 0; y < 16; ++y) {
      for (int64_t x = 0; x < 16; ++x) {
        const int64_t i = x + 16 * (y + 16 * z);
        image.voxels[i] = float(x + y + z);
        mask.voxels[i] = uint8_t(z < 6 && x >= 4 && x < 12 && y >= 4 && y < 12);
      }
    }
  }
  data::write_nifti(folder / "image.nii", image);
  data::write_nifti(folder / "mask.nii", mask);
  data::prepare_volume_pair(folder / "image.nii", folder / "mask.nii", 0.0, data::TargetKind::Foreground, 2, 5,
                            folder / "slabs.h5");
  return data::SampleCache::of_split(data::PreparedDataset::open(folder / "slabs.h5"), "training");
}

// A U-Net whose logits are the head's bias everywhere: class 1 when `foreground`, else class 0.
UNet constant_model(bool foreground) {
  UNetOptions options;
  options.depth = 2;
  options.base_channels = 4;
  UNet model(options);
  torch::NoGradGuard no_gradients;
  for (auto& parameter : model->parameters()) parameter.zero_();
  for (auto& item : model->named_parameters()) {
    if (item.key().rfind("head", 0) == 0 && item.key().find("bias") != std::string::npos) {
      item.value()[1] = foreground ? 1.0 : -1.0;
    }
  }
  model->eval();
  return model;
}

std::map<std::string, double> evaluated(bool foreground, int64_t limit) {
  torch::set_num_threads(1);
  const test::ScratchFolder folder;
  const auto samples = slabs_with_one_empty_mask(folder.path());
  EXPECT_EQ(samples->size(), 3);
  UNet model = constant_model(foreground);
  comm::SingleRank alone;
  return evaluate(model, *samples, data::TargetKind::Foreground, PredictionOptions{}, limit, alone);
}

TEST(Evaluator, ASampleWithInfiniteHd95IsCountedNotAveraged) {
  const auto all = evaluated(true, 0);
  const auto finite_ones = evaluated(true, 2);  // slabs 0 and 2, whose masks are not empty
  ASSERT_TRUE(all.count("hd95"));
  EXPECT_TRUE(std::isfinite(all.at("hd95")));
  EXPECT_GT(all.at("hd95"), 0);
  EXPECT_DOUBLE_EQ(all.at("hd95"), finite_ones.at("hd95"));
  EXPECT_DOUBLE_EQ(all.at("hausdorff"), finite_ones.at("hausdorff"));
  EXPECT_DOUBLE_EQ(all.at("assd"), finite_ones.at("assd"));
  for (const char* metric : {"hd95_nonfinite", "hausdorff_nonfinite", "assd_nonfinite"}) {
    ASSERT_TRUE(all.count(metric)) << metric;
    EXPECT_EQ(all.at(metric), 1) << metric;
  }
  EXPECT_EQ(all.at("samples"), 3);
  EXPECT_FALSE(all.count("dice_nonfinite"));  // dice 0 for the empty mask: finite, in the mean
  EXPECT_NEAR(all.at("dice"), 2 * finite_ones.at("dice") / 3, 1e-12);
}

TEST(Evaluator, AllFiniteHasNoNonfiniteEntries) {
  const auto metrics = evaluated(true, 2);
  EXPECT_EQ(metrics.at("samples"), 2);
  for (const auto& [name, value] : metrics) {
    EXPECT_EQ(name.find("_nonfinite"), std::string::npos) << name;
    EXPECT_FALSE(std::isinf(value)) << name;
  }
}

TEST(Evaluator, NoFiniteValueGivesNanAndTheCount) {
  // Every prediction empty: hd95 +inf for slabs 0 and 2, NaN for slab 4 (both masks empty).
  const auto metrics = evaluated(false, 0);
  EXPECT_TRUE(std::isnan(metrics.at("hd95")));
  EXPECT_EQ(metrics.at("hd95_nonfinite"), 3);
  EXPECT_EQ(metrics.at("samples"), 3);
  EXPECT_DOUBLE_EQ(metrics.at("dice"), 1.0 / 3);  // both empty counts as 1
}

// A 2D sample of classes 0..2 on a 10x4 grid: class 1 in x 0..3, class 2 in x 6..9.
data::Sample two_class_sample() {
  data::Geometry g;
  g.size = {10, 4, 1};
  data::Sample sample;
  sample.channels = {data::ImageVolume(g, 0.5f)};
  sample.label = data::LabelVolume(g, 0);
  for (int64_t y = 0; y < 4; ++y) {
    for (int64_t x = 0; x < 4; ++x) sample.label.at(x, y) = 1;
    for (int64_t x = 6; x < 10; ++x) sample.label.at(x, y) = 2;
  }
  return sample;
}

double value_of(const std::vector<NamedValue>& values, const std::string& name) {
  for (const NamedValue& value : values) {
    if (value.name == name) return value.value;
  }
  ADD_FAILURE() << "no " << name;
  return std::nan("");
}

TEST(Evaluator, ClassesAreScoredEachAndTheirMean) {
  const data::Sample sample = two_class_sample();
  data::LabelVolume predicted = sample.label;
  for (int64_t y = 0; y < 4; ++y) predicted.at(6, y) = 1;  // 4 of class 2's 16 voxels called class 1
  const std::vector<std::string> names = {"background", "left", "right"};
  const auto values = score_sample(predicted, sample, data::TargetKind::Classes, names);
  EXPECT_DOUBLE_EQ(value_of(values, "dice_left"), 2.0 * 16 / (20 + 16));
  EXPECT_DOUBLE_EQ(value_of(values, "dice_right"), 2.0 * 12 / (12 + 16));
  EXPECT_DOUBLE_EQ(value_of(values, "mean_dice"), (value_of(values, "dice_left") + value_of(values, "dice_right")) / 2);
  EXPECT_DOUBLE_EQ(value_of(values, "dice"), 1.0);  // the foreground is the same
  EXPECT_DOUBLE_EQ(value_of(values, "hd95_left"), 3);    // the extra column lies 3 voxels from class 1
  EXPECT_DOUBLE_EQ(value_of(values, "hd95_right"), 1);   // class 2's predicted edge lies 1 voxel inside
  // Other targets have no per-class entries.
  for (const NamedValue& value : score_sample(predicted, sample, data::TargetKind::Foreground, names)) {
    EXPECT_EQ(value.name.find("_left"), std::string::npos) << value.name;
  }
}

TEST(Evaluator, AClassMissedEverywhereLeavesTheMeanDistanceFinite) {
  const data::Sample sample = two_class_sample();
  data::LabelVolume predicted = sample.label;
  for (uint8_t& v : predicted.voxels) v = v == 2 ? 0 : v;  // class 2 never predicted
  const auto values = score_sample(predicted, sample, data::TargetKind::Classes, {"background", "left", "right"});
  EXPECT_DOUBLE_EQ(value_of(values, "dice_right"), 0);
  EXPECT_TRUE(std::isinf(value_of(values, "hd95_right")));
  EXPECT_DOUBLE_EQ(value_of(values, "mean_dice"), 0.5);
  EXPECT_DOUBLE_EQ(value_of(values, "mean_hd95"), 0);  // the mean over the classes where it is finite
}

}  // namespace
}  // namespace hypera::core
