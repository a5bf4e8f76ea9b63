#include "core/postprocess/seeded_growth.h"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <fstream>
#include <queue>
#include <random>
#include <string>
#include <vector>

#include "common/real_data.h"
#include "core/postprocess/neighbourhood.h"
#include "data/io/targets.h"

#include "core/postprocess/distance_seeds.h"
#include "core/postprocess/interior_seeds.h"
#include "support/input_error.h"
#include "core/postprocess/grid_text.h"

namespace hypera::core {
namespace {

using testing::mask_from;
using testing::objects_from;
using testing::rows_of;

TEST(SeededGrowth, FloodsHighestFirstAndSplitsAtTheValley) {
  const auto mask = mask_from({"#######"});
  const auto seeds = objects_from({"1.....2"});
  data::ImageVolume surface(mask.geometry);
  surface.voxels = {5, 4, 3, 1, 3, 4, 5};
  // Equal heights go in push order, so object 1 (pushed first) reaches the valley voxel first.
  EXPECT_EQ(rows_of(grow_seeds(seeds, mask, surface), false), std::vector<std::string>{"1111222"});
  surface.voxels = {5, 4, 3, 1, 3, 4, 6};
  EXPECT_EQ(rows_of(grow_seeds(seeds, mask, surface), false), std::vector<std::string>{"1112222"});
}

TEST(SeededGrowth, StaysInsideTheMaskAndLeavesUnseededComponents) {
  const auto mask = mask_from({"###.##", "#...##"});
  const auto seeds = objects_from({"1.....", "......"});
  const data::ImageVolume surface(mask.geometry, 1.0f);
  EXPECT_EQ(rows_of(grow_seeds(seeds, mask, surface), false), (std::vector<std::string>{"111...", "1....."}));
  const data::ImageVolume wrong(testing::grid_of({"###"}));
  EXPECT_THROW(grow_seeds(seeds, mask, wrong), InputError);
}

TEST(SeededGrowth, InteriorSeedsKeepTouchingObjectsApart) {
  // 'i' interior, 'b' boundary: two nuclei that share a boundary column.
  const std::vector<std::string> classes = {
      "..........", ".bbbbbbbb.", ".biibiiib.", ".biibiiib.", ".bbbbbbbb.", "..........",
  };
  const data::Geometry g = testing::grid_of(classes);
  data::ImageVolume interior(g), boundary(g);
  data::LabelVolume mask(g);
  for (int64_t y = 0; y < g.ny(); ++y) {
    for (int64_t x = 0; x < g.nx(); ++x) {
      const char c = classes[y][x];
      interior.at(x, y) = c == 'i' ? 0.9f : c == 'b' ? 0.1f : 0.05f;
      boundary.at(x, y) = c == 'b' ? 0.8f : 0.05f;
      mask.at(x, y) = c != '.';
    }
  }
  const auto score = interior_score(interior, boundary, 1.0);
  EXPECT_NEAR(score.at(2, 2), 0.85f, 1e-6);
  EXPECT_NEAR(score.at(1, 1), -0.7f, 1e-6);
  const auto seeds = threshold_seeds(score, mask, 0.5);
  EXPECT_EQ(rows_of(seeds, false), (std::vector<std::string>{
                                       "..........", "..........", "..11.222..", "..11.222..", "..........",
                                       "..........",
                                   }));
  // Boundary voxels all have the same score: the seed voxels first in scan order claim them first.
  EXPECT_EQ(rows_of(grow_seeds(seeds, mask, score), false), (std::vector<std::string>{
                                                                "..........", ".11112222.", ".11112222.",
                                                                ".11112222.", ".11112222.", "..........",
                                                            }));
}

TEST(SeededGrowth, DistanceMaximaSplitTwoTouchingDisks) {
  data::Geometry g;
  g.size = {32, 17, 1};
  data::LabelVolume disks(g);
  for (int64_t y = 0; y < g.ny(); ++y) {
    for (int64_t x = 0; x < g.nx(); ++x) {
      const bool a = std::hypot(x - 9.0, y - 8.0) <= 6.5;
      const bool b = std::hypot(x - 21.0, y - 8.0) <= 6.5;
      disks.at(x, y) = a || b;
    }
  }
  const auto distance = distance_to_background(disks);
  EXPECT_FLOAT_EQ(distance.at(0, 0), 0.0f);
  EXPECT_FLOAT_EQ(distance.at(9, 2), 1.0f);  // top row of disk a: the voxel above is background
  const auto seeds = h_maxima_seeds(distance, disks, 1.0);
  int32_t seed_count = 0;
  for (const int32_t id : seeds.voxels) seed_count = std::max(seed_count, id);
  EXPECT_EQ(seed_count, 2);
  const auto objects = grow_seeds(seeds, disks, distance);
  const int32_t a = objects.at(9, 8);
  const int32_t b = objects.at(21, 8);
  EXPECT_NE(a, 0);
  EXPECT_NE(b, 0);
  EXPECT_NE(a, b);
  for (int64_t y = 0; y < g.ny(); ++y) {
    for (int64_t x = 0; x < g.nx(); ++x) {
      EXPECT_EQ(objects.at(x, y) != 0, disks.at(x, y) != 0) << x << "," << y;
      if (std::hypot(x - 9.0, y - 8.0) <= 5) EXPECT_EQ(objects.at(x, y), a) << x << "," << y;
      if (std::hypot(x - 21.0, y - 8.0) <= 5) EXPECT_EQ(objects.at(x, y), b) << x << "," << y;
    }
  }
  // With h above the dynamic of the second maximum (its height above the neck) the disks stay one.
  const auto merged = h_maxima_seeds(distance, disks, 6.0);
  int32_t merged_count = 0;
  for (const int32_t id : merged.voxels) merged_count = std::max(merged_count, id);
  EXPECT_EQ(merged_count, 1);
  EXPECT_THROW(h_maxima_seeds(distance, disks, 0.0), InputError);
}

// The flood as the contract states it, with a heap of (height, push order, voxel) records.
data::InstanceVolume reference_growth(const data::InstanceVolume& seeds, const data::LabelVolume& mask,
                                      const data::ImageVolume& surface) {
  struct Front {
    float height;
    int64_t order;
    int64_t index;
    bool operator<(const Front& other) const {
      if (height != other.height) return height < other.height;
      return order > other.order;
    }
  };
  data::InstanceVolume labels = seeds;
  std::priority_queue<Front> front;
  int64_t order = 0;
  for (int64_t i = 0; i < static_cast<int64_t>(labels.voxels.size()); ++i) {
    if (labels.voxels[i] != 0) front.push({surface.voxels[i], order++, i});
  }
  while (!front.empty()) {
    const int64_t p = front.top().index;
    front.pop();
    for_each_neighbour(mask.geometry, p, [&](int64_t q) {
      if (labels.voxels[q] == 0 && mask.voxels[q] != 0) {
        labels.voxels[q] = labels.voxels[p];
        front.push({surface.voxels[q], order++, q});
      }
    });
  }
  return labels;
}

TEST(SeededGrowth, EqualsTheReferenceFloodOnRandomSurfacesWithTies) {
  std::mt19937 rng(7);
  for (const auto& size : {std::array<int64_t, 3>{37, 23, 1}, std::array<int64_t, 3>{11, 9, 7}}) {
    data::Geometry g;
    g.size = size;
    for (const int levels : {3, 50, 0}) {  // 0: continuous heights, negative ones and signed zeros included
      data::LabelVolume mask(g);
      data::InstanceVolume seeds(g);
      data::ImageVolume surface(g);
      std::uniform_real_distribution<float> u(-1, 1);
      for (size_t i = 0; i < mask.voxels.size(); ++i) {
        mask.voxels[i] = u(rng) < 0.6f;
        seeds.voxels[i] = mask.voxels[i] && u(rng) < -0.9f ? static_cast<int32_t>(1 + i % 5) : 0;
        const float h = u(rng);
        surface.voxels[i] = levels > 0 ? std::round(h * levels) / levels : (h > 0.9f ? -0.0f : h);
      }
      EXPECT_EQ(grow_seeds(seeds, mask, surface).voxels, reference_growth(seeds, mask, surface).voxels)
          << g.nx() << "x" << g.ny() << "x" << g.nz() << " levels " << levels;
    }
  }
}

TEST(SeededGrowth, EqualsTheReferenceFloodOnBbbc039DistanceSeeds) {
  std::ifstream list(test::bbbc039_root() / "training.txt");
  std::string name;
  for (int image = 0; image < 2 && std::getline(list, name); ++image) {
    const data::InstanceVolume nuclei = data::read_bbbc039_instances(test::bbbc039_root() / "masks" / name);
    data::LabelVolume mask(nuclei.geometry);
    for (size_t i = 0; i < mask.voxels.size(); ++i) mask.voxels[i] = nuclei.voxels[i] != 0;
    const auto distance = distance_to_background(mask);
    const auto seeds = h_maxima_seeds(distance, mask, 2.0);
    EXPECT_EQ(grow_seeds(seeds, mask, distance).voxels, reference_growth(seeds, mask, distance).voxels) << name;
  }
}

}  // namespace
}  // namespace hypera::core
