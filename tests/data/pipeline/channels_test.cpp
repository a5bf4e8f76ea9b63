// Several image channels through the pipeline: a prepared file of two channels (the real ch2 slabs and their
// inverse, 1 - x) read back, cropped, augmented and batched with the channels kept on the same voxels; the writer
// refuses a sample of another channel count.
#include <gtest/gtest.h>

#include <stdexcept>

#include "common/scratch_folder.h"
#include "data/pipeline/batch_loader.h"
#include "data/pipeline/prepared_writer.h"
#include "pipeline_fixtures.h"

namespace hypera::data {
namespace {

namespace fs = std::filesystem;

const std::vector<std::string> kChannels{"T1", "inverse"};

// ch2_slabs() with a second channel 1 - T1, written once per process.
const fs::path& two_channel_file() {
  static test::ScratchFolder folder;
  static const fs::path path = [] {
    const fs::path file = folder.path() / "two_channels.h5";
    const PreparedDataset source = PreparedDataset::open(testing::ch2_slabs().path);
    write_prepared_file(file, [&](const fs::path& staged) {
      PreparedWriter writer(staged, "nifti", TargetKind::Foreground, fixed_class_names(TargetKind::Foreground), 3,
                            kChannels);
      for (const std::string& name : source.sample_names()) {
        const Sample sample = source.load(name);
        ImageVolume inverse = sample.channels[0];
        for (float& v : inverse.voxels) v = 1 - v;
        writer.add_sample({name, {&sample.channels[0], &inverse}, &sample.label, nullptr, sample.origin_voxel,
                           sample.image_source, sample.mask_source});
      }
      writer.finish({source.split("training"), source.split("validation"), source.split("test")});
    });
    return file;
  }();
  return path;
}

// Every voxel of channel 1 is 1 - channel 0 (up to interpolation rounding).
void expect_inverse_channels(const float* first, const float* second, int64_t voxels) {
  for (int64_t i = 0; i < voxels; ++i) ASSERT_NEAR(second[i], 1 - first[i], 1e-5) << "voxel " << i;
}

AugmentationParams spatial_only() {
  AugmentationParams params;
  params.elastic_p = 1;
  params.rotate_p = 1;
  params.flip_p = 0.5;
  params.intensity = 0;  // one scale and shift for both channels would break 1 - x
  return params;
}

TEST(Channels, ThePreparedFileKeepsBothChannels) {
  const PreparedDataset prepared = PreparedDataset::open(two_channel_file());
  EXPECT_EQ(prepared.info().channel_names, kChannels);
  const Sample sample = prepared.load(prepared.sample_names()[1]);
  ASSERT_EQ(sample.channels.size(), 2u);
  EXPECT_EQ(sample.channels[1].geometry.affine, sample.label.geometry.affine);
  expect_inverse_channels(sample.channels[0].voxels.data(), sample.channels[1].voxels.data(),
                          sample.label.geometry.voxel_count());
  // A single-channel file is as before: no channel names stored, one channel read, named "image".
  EXPECT_EQ(PreparedDataset::open(testing::ch2_slabs().path).info().channel_names, std::vector<std::string>{"image"});
}

TEST(Channels, CropsAndAugmentationMoveEveryChannelAlike) {
  const SampleCache cache(PreparedDataset::open(two_channel_file()), {"ch2_slab2"});
  EXPECT_EQ(cache.image_channels(), 2);
  std::mt19937_64 rng(7);
  for (const Item& item : {Item{0, -1, 0}, Item{0, 2, 10}}) {
    const std::array<int64_t, 3> size = item.axis == -1 ? std::array<int64_t, 3>{24, 24, 16}
                                                        : std::array<int64_t, 3>{48, 48, 1};
    for (int draw = 0; draw < 4; ++draw) {
      Patch patch = crop_patch(item_view(cache, item), size, 0.5, rng);
      augment(patch, spatial_only(), rng);
      ASSERT_EQ(patch.image_channels, 2);
      ASSERT_EQ(patch.image.size(), size_t(2 * patch.voxel_count()));
      expect_inverse_channels(patch.image.data(), patch.image.data() + patch.voxel_count(), patch.voxel_count());
    }
  }
}

TEST(Channels, BatchesHoldEveryChannel) {
  torch::set_num_threads(1);
  const auto cache = SampleCache::of_split(PreparedDataset::open(two_channel_file()), "training");
  BatchLoader loader(cache, 2);
  loader.start_epoch({{0, -1, 0}, {0, -1, 0}, {0, -1, 0}}, 3, {24, 24, 16}, spatial_only(), 5);
  const auto batch = loader.next();
  ASSERT_TRUE(batch.has_value());
  EXPECT_EQ(batch->image.sizes(), (std::vector<int64_t>{3, 2, 16, 24, 24}));
  const torch::Tensor first = batch->image.select(1, 0).contiguous();
  const torch::Tensor second = batch->image.select(1, 1).contiguous();
  expect_inverse_channels(first.data_ptr<float>(), second.data_ptr<float>(), first.numel());
}

TEST(Channels, TheWriterRefusesAnotherChannelCount) {
  test::ScratchFolder folder;
  Geometry g;
  g.size = {4, 3, 2};
  const ImageVolume image(g, 0.5f);
  const LabelVolume label(g, 0);
  PreparedWriter writer(folder.path() / "p.h5", "nifti", TargetKind::Foreground,
                        fixed_class_names(TargetKind::Foreground), 3, kChannels);
  EXPECT_THROW(writer.add_sample({"one", {&image}, &label, nullptr, {0, 0, 0}, "i", "m"}), std::invalid_argument);
  Geometry other = g;
  other.size = {4, 3, 1};
  const ImageVolume flat(other, 0.5f);
  EXPECT_THROW(writer.add_sample({"grids", {&image, &flat}, &label, nullptr, {0, 0, 0}, "i", "m"}),
               std::invalid_argument);
  EXPECT_THROW(PreparedWriter(folder.path() / "q.h5", "nifti", TargetKind::Foreground,
                              fixed_class_names(TargetKind::Foreground), 3, {"T1", "T1"}),
               std::invalid_argument);
}

}  // namespace
}  // namespace hypera::data
