#include "core/postprocess/foreground_mask.h"

#include <gtest/gtest.h>

#include <cmath>

#include "core/postprocess/gaussian_smoothing.h"
#include "support/input_error.h"

namespace hypera::core {
namespace {

data::ImageVolume row_of(const std::vector<float>& values) {
  data::Geometry g;
  g.size = {static_cast<int64_t>(values.size()), 1, 1};
  data::ImageVolume v(g);
  v.voxels = values;
  return v;
}

TEST(ForegroundMask, LogitBiasShiftsTheOdds) {
  auto p = row_of({0.5f, 0.25f, 0.75f, 0.6f, 0.0f, 1.0f});
  const auto unchanged = p.voxels;
  apply_logit_bias(p, 0.0);
  EXPECT_EQ(p.voxels, unchanged);
  apply_logit_bias(p, std::log(3.0));  // odds times 3
  EXPECT_NEAR(p.voxels[0], 0.75, 1e-6);
  EXPECT_NEAR(p.voxels[1], 0.5, 1e-6);
  EXPECT_NEAR(p.voxels[2], 0.9, 1e-6);
  EXPECT_NEAR(p.voxels[3], 1.8 / 2.2, 1e-6);
  EXPECT_NEAR(p.voxels[4], 3e-7, 1e-9);  // 0 is clamped to 1e-7 first
  EXPECT_NEAR(p.voxels[5], 1.0, 1e-7);
  apply_logit_bias(p, -std::log(3.0));  // and back
  for (size_t i = 0; i < 4; ++i) EXPECT_NEAR(p.voxels[i], unchanged[i], 1e-6);
  EXPECT_THROW(apply_logit_bias(p, NAN), InputError);
}

TEST(ForegroundMask, ThresholdIsStrict) {
  const auto p = row_of({0.5f, 0.50001f, 0.2f, 0.9f, 0.0f});
  EXPECT_EQ(threshold_mask(p, 0.5).voxels, (std::vector<uint8_t>{0, 1, 0, 1, 0}));
  EXPECT_EQ(threshold_mask(p, 0.1).voxels, (std::vector<uint8_t>{1, 1, 1, 1, 0}));
  try {
    threshold_mask(p, 1.5);
    FAIL() << "threshold 1.5 accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("postprocess.threshold"), std::string::npos) << e.what();
  }
}

TEST(GaussianSmoothing, KernelWeightsAndMass) {
  const double sigma = 1.0;
  double s = 0;  // sum of the 7 taps of the truncated kernel
  for (int k = -3; k <= 3; ++k) s += std::exp(-k * k / (2 * sigma * sigma));
  data::Geometry g2;
  g2.size = {21, 15, 1};
  data::ImageVolume delta(g2);
  delta.at(10, 7) = 1;
  smooth_gaussian(delta, sigma);
  EXPECT_NEAR(delta.at(10, 7), 1 / (s * s), 1e-6);
  EXPECT_NEAR(delta.at(11, 7), std::exp(-0.5) / (s * s), 1e-6);
  EXPECT_NEAR(delta.at(13, 7), std::exp(-4.5) / (s * s), 1e-6);
  EXPECT_EQ(delta.at(14, 7), 0.0f);  // beyond 3 sigma
  double mass = 0;
  for (const float v : delta.voxels) mass += v;
  EXPECT_NEAR(mass, 1.0, 1e-5);

  data::Geometry g3;
  g3.size = {9, 9, 9};
  data::ImageVolume delta3(g3);
  delta3.at(4, 4, 4) = 1;
  smooth_gaussian(delta3, sigma);
  EXPECT_NEAR(delta3.at(4, 4, 4), 1 / (s * s * s), 1e-6);
  EXPECT_NEAR(delta3.at(4, 4, 5), std::exp(-0.5) / (s * s * s), 1e-6);
}

TEST(GaussianSmoothing, ConstantMapsStayConstantAtTheBorder) {
  data::Geometry g;
  g.size = {6, 5, 3};
  data::ImageVolume map(g, 0.25f);
  smooth_gaussian(map, 2.0);
  for (const float v : map.voxels) EXPECT_NEAR(v, 0.25f, 1e-6);
  const auto before = map.voxels;
  smooth_gaussian(map, 0.0);
  EXPECT_EQ(map.voxels, before);
  EXPECT_THROW(smooth_gaussian(map, -1.0), InputError);
}

}  // namespace
}  // namespace hypera::core
