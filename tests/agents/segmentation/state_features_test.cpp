#include "agents/segmentation/state_features.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <random>

#include "support/input_error.h"

namespace hypera::agents {
namespace {

// 40x20 grid: two 6x6 squares of foreground probability 0.95 (one at x 2..7, one at x 20..25), 0.05
// elsewhere; image 0.8 on the squares and 0.1 elsewhere.
struct HandCase {
  std::vector<data::ImageVolume> probabilities;
  data::ImageVolume image;
};

HandCase hand_case() {
  data::Geometry g;
  g.size = {40, 20, 1};
  HandCase c;
  data::ImageVolume fg(g, 0.05f);
  c.image = data::ImageVolume(g, 0.1f);
  for (int64_t y = 5; y < 11; ++y) {
    for (const int64_t x0 : {2, 20}) {
      for (int64_t x = x0; x < x0 + 6; ++x) {
        fg.at(x, y) = 0.95f;
        c.image.at(x, y) = 0.8f;
      }
    }
  }
  data::ImageVolume background(g);
  for (size_t i = 0; i < fg.voxels.size(); ++i) background.voxels[i] = 1 - fg.voxels[i];
  c.probabilities = {background, fg};
  return c;
}

TEST(StateFeatures, HandMadeProbabilityMap) {
  const HandCase c = hand_case();
  const SharedState s = compute_shared_state(c.probabilities, c.image, 0.5);
  ASSERT_EQ(static_cast<int64_t>(s.features.size()), kStateDim);
  EXPECT_EQ(s.base_components, 2);
  const double n = 800, on = 72;
  EXPECT_NEAR(s.features[0], (on * 0.8 + (n - on) * 0.1) / n, 1e-6);
  EXPECT_NEAR(s.features[2], 0.8, 1e-6);
  EXPECT_NEAR(s.features[3], 0.1, 1e-6);
  EXPECT_NEAR(s.features[4], (n - on) / n, 1e-6);  // p = 0.05 in bin 0
  EXPECT_NEAR(s.features[11], on / n, 1e-6);       // p = 0.95 in bin 7
  const double h = -(0.05 * std::log(0.05) + 0.95 * std::log(0.95)) / std::log(2.0);
  EXPECT_NEAR(s.features[12], h, 1e-5);  // every voxel has the same entropy
  EXPECT_NEAR(s.features[13], on / n, 1e-6);
  EXPECT_NEAR(s.features[14], std::log1p(2.0) / 8, 1e-6);
  EXPECT_NEAR(s.features[15], std::log1p(36.0) / 10, 1e-6);
  EXPECT_NEAR(s.features[16], 0, 1e-6);  // equal sizes
  EXPECT_NEAR(s.features[18], 0, 1e-6);  // nothing uncertain
  // Border voxels of a square: a step of 0.9 over two voxels in the normal direction.
  EXPECT_GT(s.features[19], 0.4);
  EXPECT_LT(s.features[19], 0.9 * std::sqrt(2.0) / 2 + 1e-6);
  EXPECT_EQ(s.features[20], 0);  // two classes: no boundary class
}

TEST(StateFeatures, SharperMapsScoreSharper) {
  HandCase c = hand_case();
  const float sharp = compute_shared_state(c.probabilities, c.image, 0.5).features[19];
  for (auto& v : c.probabilities[1].voxels) v = 0.3f + 0.4f * v;  // the same map, less contrast
  for (size_t i = 0; i < c.probabilities[0].voxels.size(); ++i) c.probabilities[0].voxels[i] = 1 - c.probabilities[1].voxels[i];
  const float soft = compute_shared_state(c.probabilities, c.image, 0.5).features[19];
  EXPECT_LT(soft, sharp);
}

// Feature 19 as its contract states it: over the voxels with p > threshold that have a voxel with p <=
// threshold beside them along an axis, the mean of |grad p|, central differences (one-sided at the border).
double reference_sharpness(const data::ImageVolume& p, double threshold) {
  const auto& s = p.geometry.size;
  auto on = [&](int64_t x, int64_t y, int64_t z) { return p.at(x, y, z) > threshold; };
  double sum = 0;
  int64_t count = 0;
  for (int64_t z = 0; z < s[2]; ++z) {
    for (int64_t y = 0; y < s[1]; ++y) {
      for (int64_t x = 0; x < s[0]; ++x) {
        if (!on(x, y, z)) continue;
        bool border = false;
        double g2 = 0;
        for (int axis = 0; axis < 3; ++axis) {
          if (s[axis] == 1) continue;
          std::array<int64_t, 3> lo{x, y, z}, hi{x, y, z};
          lo[axis] = std::max<int64_t>(lo[axis] - 1, 0);
          hi[axis] = std::min<int64_t>(hi[axis] + 1, s[axis] - 1);
          border = border || !on(lo[0], lo[1], lo[2]) || !on(hi[0], hi[1], hi[2]);
          const double d = (p.at(hi[0], hi[1], hi[2]) - p.at(lo[0], lo[1], lo[2])) /
                           static_cast<double>(hi[axis] - lo[axis]);
          g2 += d * d;
        }
        if (border) {
          sum += std::sqrt(g2);
          ++count;
        }
      }
    }
  }
  return count > 0 ? sum / static_cast<double>(count) : 0.0;
}

TEST(StateFeatures, BorderSharpnessEqualsItsDefinition) {
  std::mt19937 rng(5);
  std::uniform_real_distribution<float> u(0, 1);
  for (const auto& size : {std::array<int64_t, 3>{23, 17, 1}, std::array<int64_t, 3>{9, 8, 7},
                           std::array<int64_t, 3>{1, 30, 1}}) {
    data::Geometry g;
    g.size = size;
    data::ImageVolume fg(g), image(g);
    for (float& v : fg.voxels) v = u(rng);
    data::ImageVolume background(g);
    for (size_t i = 0; i < fg.voxels.size(); ++i) background.voxels[i] = 1 - fg.voxels[i];
    data::ImageVolume seen(g);  // p as the features form it, 1 - p(class 0)
    for (size_t i = 0; i < fg.voxels.size(); ++i) seen.voxels[i] = 1.0f - background.voxels[i];
    const SharedState s = compute_shared_state({background, fg}, image, 0.5);
    EXPECT_EQ(s.features[19], static_cast<float>(reference_sharpness(seen, 0.5)))
        << g.nx() << "x" << g.ny() << "x" << g.nz();
  }
}

TEST(StateFeatures, RejectsMismatchedInput) {
  HandCase c = hand_case();
  data::Geometry other;
  other.size = {10, 10, 1};
  EXPECT_THROW(compute_shared_state(c.probabilities, data::ImageVolume(other), 0.5), InputError);
  c.probabilities.pop_back();
  EXPECT_THROW(compute_shared_state(c.probabilities, c.image, 0.5), InputError);
}

TEST(StateFeatures, NormalizerZScoresAndClips) {
  std::vector<float> a(kStateDim, 1.0f), b(kStateDim, 3.0f);
  b[0] = 1.0f;  // no spread in feature 0
  const FeatureNormalizer norm = FeatureNormalizer::fit({a, b});
  const auto z = norm.apply(b);
  EXPECT_FLOAT_EQ(z[0], 0.0f);
  EXPECT_FLOAT_EQ(z[1], 1.0f);
  std::vector<float> far(kStateDim, 100.0f);
  EXPECT_FLOAT_EQ(norm.apply(far)[1], 5.0f);
}

}  // namespace
}  // namespace hypera::agents
