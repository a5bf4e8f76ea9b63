#include "core/postprocess/pipeline.h"

#include <gtest/gtest.h>

#include <cmath>

#include "support/input_error.h"
#include "core/postprocess/grid_text.h"

namespace hypera::core {
namespace {

using testing::kBridgedSquares;
using testing::rows_of;

// Two-class maps: p(foreground) = the given value on '#', 0.05 elsewhere.
std::vector<data::ImageVolume> two_class(const std::vector<std::string>& rows, float p_object) {
  const data::Geometry g = testing::grid_of(rows);
  data::ImageVolume background(g), foreground(g);
  for (int64_t y = 0; y < g.ny(); ++y) {
    for (int64_t x = 0; x < g.nx(); ++x) {
      foreground.at(x, y) = rows[y][x] == '#' ? p_object : 0.05f;
      background.at(x, y) = 1.0f - foreground.at(x, y);
    }
  }
  return {background, foreground};
}

std::string message_of(const std::vector<data::ImageVolume>& maps, const PostprocessParams& params) {
  try {
    postprocess(maps, params);
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

TEST(Pipeline, BiasDecidesWhatTheThresholdKeeps) {
  const auto maps = two_class({"......", ".###..", ".###..", "......"}, 0.4f);
  PostprocessParams params;
  auto result = postprocess(maps, params);
  EXPECT_EQ(rows_of(result.mask, true), (std::vector<std::string>{"......", "......", "......", "......"}));
  params.foreground_bias = 1.0;  // 0.4 -> 0.64
  result = postprocess(maps, params);
  EXPECT_EQ(rows_of(result.instances, false), (std::vector<std::string>{"......", ".111..", ".111..", "......"}));
  EXPECT_EQ(rows_of(result.mask, true), (std::vector<std::string>{"......", ".###..", ".###..", "......"}));
}

TEST(Pipeline, OpeningThenSeparateObjectsThenFilters) {
  const auto maps = two_class(kBridgedSquares, 0.9f);
  PostprocessParams params;
  auto result = postprocess(maps, params);
  int32_t count = 0;
  for (const int32_t id : result.instances.voxels) count = std::max(count, id);
  EXPECT_EQ(count, 1);  // the bridge joins the squares
  params.open_radius = 1;
  result = postprocess(maps, params);
  count = 0;
  for (const int32_t id : result.instances.voxels) count = std::max(count, id);
  EXPECT_EQ(count, 2);  // the bridge is cut
  EXPECT_NE(result.instances.at(3, 3), result.instances.at(16, 3));
  params.max_objects = 1;
  result = postprocess(maps, params);
  count = 0;
  for (const int32_t id : result.instances.voxels) count = std::max(count, id);
  EXPECT_EQ(count, 1);
  params.max_objects = 0;
  params.min_size = 47;  // the opened squares keep 46 voxels each (45 + a bridge stub)
  result = postprocess(maps, params);
  for (const int32_t id : result.instances.voxels) ASSERT_EQ(id, 0);
}

TEST(Pipeline, DistanceSeedsSplitTouchingDisksThatComponentsMerge) {
  std::vector<std::string> rows(17, std::string(32, '.'));
  for (int y = 0; y < 17; ++y) {
    for (int x = 0; x < 32; ++x) {
      if (std::hypot(x - 9.0, y - 8.0) <= 6.5 || std::hypot(x - 21.0, y - 8.0) <= 6.5) rows[y][x] = '#';
    }
  }
  const auto maps = two_class(rows, 0.8f);
  PostprocessParams params;
  params.smoothing_sigma = 1;
  const auto merged = postprocess(maps, params);
  EXPECT_EQ(merged.instances.at(9, 8), merged.instances.at(21, 8));
  params.seeds = SeedMode::DistanceMaxima;
  params.min_seed_distance = 1;
  const auto split = postprocess(maps, params);
  EXPECT_NE(split.instances.at(9, 8), 0);
  EXPECT_NE(split.instances.at(21, 8), 0);
  EXPECT_NE(split.instances.at(9, 8), split.instances.at(21, 8));
  EXPECT_EQ(split.mask.voxels, merged.mask.voxels);  // splitting changes ids, not the foreground
}

TEST(Pipeline, BadInputsAndParametersAreRejectedByName) {
  const auto maps = two_class({"..##", "..##"}, 0.9f);
  PostprocessParams params;
  params.threshold = 1.2;
  EXPECT_NE(message_of(maps, params).find("postprocess.threshold"), std::string::npos);
  params = {};
  params.close_radius = -1;
  EXPECT_NE(message_of(maps, params).find("postprocess.close_radius"), std::string::npos);
  params = {};
  params.min_size = 2.5;
  EXPECT_NE(message_of(maps, params).find("postprocess.min_size"), std::string::npos);
  params = {};
  params.smoothing_sigma = NAN;
  EXPECT_NE(message_of(maps, params).find("postprocess.smoothing_sigma"), std::string::npos);
  params = {};
  params.seeds = SeedMode::Interior;
  EXPECT_NE(message_of(maps, params).find("postprocess.seeds"), std::string::npos);
  EXPECT_NE(message_of({maps[0]}, {}).find("2 or 3 class"), std::string::npos);
  auto mismatched = maps;
  mismatched[1] = data::ImageVolume(testing::grid_of({"..."}));
  EXPECT_NE(message_of(mismatched, {}).find("one grid"), std::string::npos);
}

TEST(PostprocessParams, NamedBoundedParameters) {
  const PostprocessParams defaults;
  const auto& ranges = parameter_ranges();
  EXPECT_EQ(ranges.size(), 12u);
  for (const auto& range : ranges) {
    EXPECT_LT(range.lower, range.upper) << range.name;
    EXPECT_EQ(get_parameter(defaults, range.name), range.default_value) << range.name;
    PostprocessParams p;
    set_parameter(p, range.name, range.upper);
    EXPECT_EQ(get_parameter(p, range.name), range.upper);
    try {
      set_parameter(p, range.name, range.upper + 1);
      ADD_FAILURE() << range.name << " accepted a value above its bound";
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find("postprocess." + range.name), std::string::npos) << e.what();
    }
  }
  PostprocessParams p;
  EXPECT_THROW(set_parameter(p, "max_objects", 1.5), InputError);
  EXPECT_THROW(set_parameter(p, "no_such", 1), InputError);
  EXPECT_THROW(get_parameter(p, "no_such"), InputError);
  set_parameter(p, "threshold", 0.3);
  EXPECT_EQ(p.threshold, 0.3);
}

}  // namespace
}  // namespace hypera::core
