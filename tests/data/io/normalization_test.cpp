#include "data/io/normalization.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "support/input_error.h"

namespace hypera::data {
namespace {

ImageVolume image_of(const std::vector<float>& values) {
  Geometry g;
  g.size = {int64_t(values.size()), 1, 1};
  ImageVolume image(g);
  image.voxels = values;
  return image;
}

TEST(Normalization, ClipsToPercentilesAndScales) {
  // 0..100 in a scrambled order: the 1st and 99th percentiles are 1 and 99.
  std::vector<float> values;
  for (int i = 0; i <= 100; ++i) values.push_back(float((i * 37) % 101));
  ImageVolume image = image_of(values);
  normalize_percentiles(image);
  for (size_t i = 0; i < values.size(); ++i) {
    const double expected = std::clamp((double(values[i]) - 1.0) / 98.0, 0.0, 1.0);
    EXPECT_NEAR(image.voxels[i], expected, 1e-6) << values[i];
  }
}

TEST(Normalization, InterpolatesBetweenOrderStatistics) {
  // Sorted: 0 10 20 30. 50th percentile: rank 1.5 -> 15; 100th: 30.
  ImageVolume image = image_of({30, 0, 20, 10});
  normalize_percentiles(image, 50.0, 100.0);
  EXPECT_FLOAT_EQ(image.voxels[0], 1.0f);
  EXPECT_FLOAT_EQ(image.voxels[1], 0.0f);
  EXPECT_FLOAT_EQ(image.voxels[2], 5.0f / 15.0f);
  EXPECT_FLOAT_EQ(image.voxels[3], 0.0f);
}

TEST(Normalization, ConstantImageBecomesZeroAndNonFiniteValuesAreIgnored) {
  ImageVolume constant = image_of({4, 4, 4, 4});
  normalize_percentiles(constant);
  EXPECT_EQ(constant.voxels, (std::vector<float>{0, 0, 0, 0}));

  ImageVolume with_nan = image_of({std::numeric_limits<float>::quiet_NaN(), 2, 4,
                                   std::numeric_limits<float>::infinity()});
  normalize_percentiles(with_nan, 0.0, 100.0);
  EXPECT_EQ(with_nan.voxels, (std::vector<float>{0, 0, 1, 0}));
}

TEST(Normalization, RejectsBadPercentiles) {
  ImageVolume image = image_of({1, 2, 3});
  EXPECT_THROW(normalize_percentiles(image, -1.0, 50.0), InputError);
  EXPECT_THROW(normalize_percentiles(image, 10.0, 100.5), InputError);
  EXPECT_THROW(normalize_percentiles(image, 60.0, 60.0), InputError);
  EXPECT_THROW(normalize_percentiles(image, 70.0, 20.0), InputError);
  EXPECT_EQ(image.voxels, (std::vector<float>{1, 2, 3}));  // untouched on error
}

}  // namespace
}  // namespace hypera::data
