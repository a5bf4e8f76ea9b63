#include "data/io/targets.h"

#include <gtest/gtest.h>

#include <fstream>
#include <set>

#include "data/io/components.h"
#include "support/input_error.h"
#include "data/io/png_io.h"
#include "common/real_data.h"

namespace hypera::data {
namespace {

InstanceVolume instances_2d(int64_t nx, int64_t ny, const std::vector<int32_t>& ids) {
  Geometry g;
  g.size = {nx, ny, 1};
  InstanceVolume v(g);
  v.voxels = ids;
  return v;
}

TEST(Targets, ParseKindsAndClassCounts) {
  EXPECT_EQ(parse_target_kind("foreground"), TargetKind::Foreground);
  EXPECT_EQ(parse_target_kind("three_class"), TargetKind::ThreeClass);
  EXPECT_EQ(parse_target_kind("classes"), TargetKind::Classes);
  for (const TargetKind kind : {TargetKind::Foreground, TargetKind::ThreeClass, TargetKind::Classes}) {
    EXPECT_EQ(parse_target_kind(target_kind_name(kind)), kind);
  }
  EXPECT_EQ(fixed_class_names(TargetKind::Foreground), (std::vector<std::string>{"background", "foreground"}));
  EXPECT_EQ(fixed_class_names(TargetKind::ThreeClass).size(), 3u);
  EXPECT_THROW(fixed_class_names(TargetKind::Classes), std::invalid_argument);
  EXPECT_THROW(make_target(InstanceVolume(Geometry{}), TargetKind::Classes), std::invalid_argument);
  try {
    parse_target_kind("boundary");
    ADD_FAILURE() << "no InputError";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("boundary"), std::string::npos);
  }
}

TEST(Targets, ThreeClassSeparatesTwoTouchingSquares) {
  // Two 4x4 squares touching each other and the image's top-left border.
  const InstanceVolume ids = instances_2d(9, 6, {
      1, 1, 1, 1, 2, 2, 2, 2, 0,
      1, 1, 1, 1, 2, 2, 2, 2, 0,
      1, 1, 1, 1, 2, 2, 2, 2, 0,
      1, 1, 1, 1, 2, 2, 2, 2, 0,
      0, 0, 0, 0, 0, 0, 0, 0, 0,
      0, 0, 0, 0, 0, 0, 0, 0, 0,
  });
  const LabelVolume three = make_target(ids, TargetKind::ThreeClass);
  EXPECT_EQ(three.voxels, (std::vector<uint8_t>{
      1, 1, 1, 2, 2, 1, 1, 2, 0,
      1, 1, 1, 2, 2, 1, 1, 2, 0,
      1, 1, 1, 2, 2, 1, 1, 2, 0,
      2, 2, 2, 2, 2, 2, 2, 2, 0,
      0, 0, 0, 0, 0, 0, 0, 0, 0,
      0, 0, 0, 0, 0, 0, 0, 0, 0,
  }));
  const LabelVolume foreground = make_target(ids, TargetKind::Foreground);
  for (size_t i = 0; i < ids.voxels.size(); ++i) EXPECT_EQ(foreground.voxels[i], ids.voxels[i] > 0 ? 1 : 0);
  EXPECT_EQ(three.geometry.size, ids.geometry.size);
}

TEST(Targets, ThreeClassIn3DUsesSixNeighbours) {
  Geometry g;
  g.size = {5, 5, 5};
  InstanceVolume ids(g, 0);
  for (int z = 1; z <= 3; ++z)
    for (int y = 1; y <= 3; ++y)
      for (int x = 1; x <= 3; ++x) ids.at(x, y, z) = 4;
  const LabelVolume target = make_target(ids, TargetKind::ThreeClass);
  EXPECT_EQ(target.at(2, 2, 2), 1);  // the only voxel without a background face neighbour
  EXPECT_EQ(std::count(target.voxels.begin(), target.voxels.end(), 2), 26);
  EXPECT_EQ(std::count(target.voxels.begin(), target.voxels.end(), 1), 1);
}

std::vector<std::string> training_masks() {
  std::ifstream list(test::bbbc039_root() / "training.txt");
  std::vector<std::string> names;
  for (std::string name; list >> name;) names.push_back(name);
  return names;
}

// A pair of 8-neighbouring pixels with different non-zero red values in a real BBBC039 mask.
struct TouchingPair {
  std::filesystem::path mask;
  int64_t x0, y0, x1, y1;
};

TouchingPair find_touching_nuclei() {
  for (const std::string& name : training_masks()) {
    const auto path = test::bbbc039_root() / "masks" / name;
    const Volume<uint16_t> red = read_png_channel(path, 0);
    for (int64_t y = 0; y + 1 < red.geometry.ny(); ++y) {
      for (int64_t x = 0; x + 1 < red.geometry.nx(); ++x) {
        const uint16_t a = red.at(x, y);
        if (a == 0) continue;
        for (const auto& [dx, dy] : {std::pair{1, 0}, std::pair{0, 1}, std::pair{1, 1}}) {
          const uint16_t b = red.at(x + dx, y + dy);
          if (b != 0 && b != a) return {path, x, y, x + dx, y + dy};
        }
      }
    }
  }
  return {};
}

TEST(Targets, Bbbc039TouchingNucleiStaySeparate) {
  const TouchingPair pair = find_touching_nuclei();
  ASSERT_FALSE(pair.mask.empty()) << "no touching nuclei of different colours in the training masks";
  int32_t count = 0;
  const InstanceVolume nuclei = read_bbbc039_instances(pair.mask);
  EXPECT_EQ(nuclei.geometry.size, (std::array<int64_t, 3>{696, 520, 1}));
  const int32_t a = nuclei.at(pair.x0, pair.y0), b = nuclei.at(pair.x1, pair.y1);
  EXPECT_GT(a, 0);
  EXPECT_GT(b, 0);
  EXPECT_NE(a, b);

  const Volume<uint16_t> red = read_png_channel(pair.mask, 0);
  label_components(red, Connectivity::Full, &count);
  const int32_t max_id = *std::max_element(nuclei.voxels.begin(), nuclei.voxels.end());
  EXPECT_EQ(max_id, count);
  EXPECT_GE(count, 10);   // a field of U2OS nuclei holds tens to a few hundred
  EXPECT_LE(count, 1000);

  Volume<uint8_t> binary(red.geometry);
  for (size_t i = 0; i < red.voxels.size(); ++i) binary.voxels[i] = red.voxels[i] > 0;
  int32_t merged_count = 0;
  const InstanceVolume merged = label_components(binary, Connectivity::Full, &merged_count);
  EXPECT_EQ(merged.at(pair.x0, pair.y0), merged.at(pair.x1, pair.y1));  // binarising merges them
  EXPECT_LT(merged_count, count);
}

TEST(Targets, Bbbc039InstancesAreCompleteAndDisjoint) {
  const auto path = test::bbbc039_root() / "masks" / training_masks().front();
  const Volume<uint16_t> red = read_png_channel(path, 0);
  const InstanceVolume nuclei = read_bbbc039_instances(path);
  std::set<int32_t> ids;
  for (size_t i = 0; i < red.voxels.size(); ++i) {
    ASSERT_EQ(red.voxels[i] > 0, nuclei.voxels[i] > 0) << i;
    if (nuclei.voxels[i] > 0) ids.insert(nuclei.voxels[i]);
  }
  ASSERT_FALSE(ids.empty());
  EXPECT_EQ(*ids.begin(), 1);
  EXPECT_EQ(*ids.rbegin(), int32_t(ids.size()));  // ids 1..N without gaps
  // Every pair of 8-neighbours with the same id has the same colour.
  for (int64_t y = 0; y + 1 < red.geometry.ny(); ++y) {
    for (int64_t x = 0; x + 1 < red.geometry.nx(); ++x) {
      if (nuclei.at(x, y) != 0 && nuclei.at(x, y) == nuclei.at(x + 1, y + 1)) {
        ASSERT_EQ(red.at(x, y), red.at(x + 1, y + 1));
      }
    }
  }
}

}  // namespace
}  // namespace hypera::data
