// The pipeline on real BBBC039 annotations: probability maps made from the expert masks' three-class
// targets must give back the annotated nuclei, touching ones included.
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "core/measure/overlap_metrics.h"
#include "core/postprocess/pipeline.h"
#include "data/io/targets.h"
#include "common/real_data.h"

namespace hypera::core {
namespace {

const std::string kRoot = test::bbbc039_root().string();

// One-hot-like maps: 0.9 for the target class, 0.05 for the two others.
std::vector<data::ImageVolume> maps_of(const data::LabelVolume& classes) {
  std::vector<data::ImageVolume> maps(3, data::ImageVolume(classes.geometry, 0.05f));
  for (size_t i = 0; i < classes.voxels.size(); ++i) maps[classes.voxels[i]].voxels[i] = 0.9f;
  return maps;
}

TEST(PipelineOnBbbc039, InteriorSeedsRecoverTouchingNuclei) {
  std::ifstream list(kRoot + "/training.txt");
  ASSERT_TRUE(list.good());
  std::string name;
  for (int image = 0; image < 2 && std::getline(list, name); ++image) {
    const data::InstanceVolume truth = data::read_bbbc039_instances(kRoot + "/masks/" + name);
    const auto maps = maps_of(data::make_target(truth, data::TargetKind::ThreeClass));
    PostprocessParams params;
    params.seeds = SeedMode::Interior;
    const double f1_interior = match_objects(postprocess(maps, params).instances, truth, 0.5).f1;
    params.seeds = SeedMode::Components;
    const double f1_components = match_objects(postprocess(maps, params).instances, truth, 0.5).f1;
    EXPECT_GE(f1_interior, 0.95) << name;
    EXPECT_GE(f1_interior, f1_components) << name;
  }
}

}  // namespace
}  // namespace hypera::core
