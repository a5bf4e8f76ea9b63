// prepare_labelled_dataset on NIfTI cases written here: classes kept with their names, foreground merged, the
// fold's splits, and refusal of labels that are not the data set's classes.
#include <gtest/gtest.h>

#include <set>

#include "common/expect_input_error.h"
#include "common/scratch_folder.h"
#include "data/io/nifti_io.h"
#include "data/pipeline/prepare.h"
#include "data/pipeline/prepared_dataset.h"
#include "support/input_error.h"

namespace hypera::data {
namespace {

namespace fs = std::filesystem;

// A data set of `cases` 6x5x4 volumes, the first `test_cases` of them test cases, with classes 0..3: case k has
// class 1 in its first x column, class 2 in its second and class 3 in voxel (5, 4, 3) when k is odd.
LabelledDataset write_cases(const fs::path& root, int cases, int test_cases) {
  LabelledDataset dataset;
  dataset.layout = "nnunet";
  dataset.class_names = {"background", "left", "right", "small"};
  Geometry g;
  g.size = {6, 5, 4};
  g.spacing = {2, 2, 3};
  for (int k = 0; k < cases; ++k) {
    ImageVolume image(g);
    LabelVolume label(g, 0);
    for (size_t i = 0; i < image.voxels.size(); ++i) image.voxels[i] = float((i * 7 + k) % 13);
    for (int64_t z = 0; z < 4; ++z) {
      for (int64_t y = 0; y < 5; ++y) {
        label.at(0, y, z) = 1;
        label.at(1, y, z) = 2;
      }
    }
    if (k % 2 == 1) label.at(5, 4, 3) = 3;
    const std::string name = "case_" + std::to_string(k);
    LabelledCase c{name, {root / (name + "_0000.nii.gz")}, root / (name + ".nii.gz")};
    write_nifti(c.images.front(), image);
    write_nifti(c.label, label);
    (k < test_cases ? dataset.test : dataset.training).push_back(c);
  }
  return dataset;
}

TEST(PrepareLabelled, KeepsTheClassesTheirNamesAndTheFoldsSplits) {
  test::ScratchFolder dir;
  const LabelledDataset dataset = write_cases(dir.path(), 7, 1);
  const PrepareSummary summary = prepare_labelled_dataset(dataset, TargetKind::Classes, 1, dir.path() / "p.h5");
  EXPECT_EQ(summary.samples, 7);
  const PreparedDataset prepared = PreparedDataset::open(dir.path() / "p.h5");
  EXPECT_EQ(prepared.info().target, "classes");
  EXPECT_EQ(prepared.info().source_kind, "nnunet");
  EXPECT_EQ(prepared.info().num_classes, 4);
  EXPECT_EQ(prepared.info().class_names, dataset.class_names);
  EXPECT_EQ(prepared.info().spatial_dims_of_samples, 3);
  const auto [training, validation] = fold_cases(dataset, 1);
  EXPECT_EQ(prepared.split("training"), training);
  EXPECT_EQ(prepared.split("validation"), validation);
  EXPECT_EQ(prepared.split("test"), std::vector<std::string>{"case_0"});
  const Sample odd = prepared.load("case_1");
  EXPECT_EQ(odd.label.at(0, 2, 1), 1);
  EXPECT_EQ(odd.label.at(1, 2, 1), 2);
  EXPECT_EQ(odd.label.at(5, 4, 3), 3);
  EXPECT_EQ(odd.label.at(3, 3, 3), 0);
  EXPECT_EQ(odd.channels[0].geometry.spacing, (std::array<double, 3>{2, 2, 3}));
  EXPECT_TRUE(odd.instances.voxels.empty());
}

TEST(PrepareLabelled, ForegroundMergesEveryClassAboveZero) {
  test::ScratchFolder dir;
  const LabelledDataset dataset = write_cases(dir.path(), 4, 0);
  prepare_labelled_dataset(dataset, TargetKind::Foreground, 0, dir.path() / "p.h5");
  const PreparedDataset prepared = PreparedDataset::open(dir.path() / "p.h5");
  EXPECT_EQ(prepared.info().class_names, fixed_class_names(TargetKind::Foreground));
  EXPECT_TRUE(prepared.split("test").empty());
  const Sample odd = prepared.load("case_1");
  const std::set<uint8_t> values(odd.label.voxels.begin(), odd.label.voxels.end());
  EXPECT_EQ(values, (std::set<uint8_t>{0, 1}));
  EXPECT_EQ(odd.label.at(5, 4, 3), 1);
}

TEST(PrepareLabelled, RefusesLabelsOutsideTheClassesAndThreeClass) {
  test::ScratchFolder dir;
  LabelledDataset dataset = write_cases(dir.path(), 4, 0);
  test::expect_input_error(
      [&] { prepare_labelled_dataset(dataset, TargetKind::ThreeClass, 0, dir.path() / "p.h5"); }, "data.target");
  dataset.class_names.pop_back();  // class 3 is now beyond the classes of the data set
  const fs::path odd_label = dataset.training[1].label;
  test::expect_input_error(
      [&] { prepare_labelled_dataset(dataset, TargetKind::Classes, 0, dir.path() / "p.h5"); }, odd_label);
  EXPECT_FALSE(fs::exists(dir.path() / "p.h5"));
}

TEST(PrepareLabelled, RefusesAnImageAndLabelOnDifferentGrids) {
  test::ScratchFolder dir;
  LabelledDataset dataset = write_cases(dir.path(), 4, 0);
  Geometry other;
  other.size = {6, 5, 3};
  write_nifti(dataset.training[2].label, LabelVolume(other, 0));
  test::expect_input_error(
      [&] { prepare_labelled_dataset(dataset, TargetKind::Classes, 0, dir.path() / "p.h5"); },
      dataset.training[2].label);
}

// Gives every case of `dataset` a second channel: nnU-Net's <case>_0001 file, or (four_d) both channels in one 4D
// file as MSD stores them. Channel 1 is 1000 - 3 x channel 0, so that percentile normalization maps it to
// 1 - (normalized channel 0).
void add_second_channel(LabelledDataset& dataset, bool four_d) {
  dataset.channel_names = {"T1", "T2"};
  for (auto* cases : {&dataset.training, &dataset.test}) {
    for (LabelledCase& c : *cases) {
      ImageVolume first = read_nifti(c.images.front());
      ImageVolume second = first;
      for (float& v : second.voxels) v = 1000 - 3 * v;
      if (four_d) {
        c.images = {c.images.front().parent_path() / (c.name + "_4d.nii.gz")};
        write_nifti_volumes(c.images.front(), {first, second});
      } else {
        c.images.push_back(c.images.front().parent_path() / (c.name + "_0001.nii.gz"));
        write_nifti(c.images.back(), second);
      }
    }
  }
}

TEST(PrepareLabelled, ChannelFilesAndA4DFileGiveTheSameTwoChannelSamples) {
  std::vector<Sample> loaded;
  for (const bool four_d : {false, true}) {
    test::ScratchFolder dir;
    LabelledDataset dataset = write_cases(dir.path(), 5, 1);
    add_second_channel(dataset, four_d);
    prepare_labelled_dataset(dataset, TargetKind::Classes, 0, dir.path() / "p.h5");
    const PreparedDataset prepared = PreparedDataset::open(dir.path() / "p.h5");
    EXPECT_EQ(prepared.info().channel_names, (std::vector<std::string>{"T1", "T2"}));
    loaded.push_back(prepared.load("case_3"));
  }
  for (const Sample& sample : loaded) {
    ASSERT_EQ(sample.channels.size(), 2u);
    EXPECT_TRUE(sample.channels[1].geometry.same_grid(sample.label.geometry));
    EXPECT_EQ(sample.channels[1].geometry.spacing, sample.label.geometry.spacing);
    for (size_t i = 0; i < sample.label.voxels.size(); ++i) {  // each channel normalized on its own
      ASSERT_NEAR(sample.channels[1].voxels[i], 1 - sample.channels[0].voxels[i], 1e-5) << i;
    }
  }
  EXPECT_EQ(loaded[0].channels[0].voxels, loaded[1].channels[0].voxels);
  EXPECT_EQ(loaded[0].channels[1].voxels, loaded[1].channels[1].voxels);
}

TEST(PrepareLabelled, RefusesChannelsOnDifferentGridsOrOfAnotherCount) {
  test::ScratchFolder dir;
  LabelledDataset dataset = write_cases(dir.path(), 4, 0);
  add_second_channel(dataset, false);
  Geometry other;
  other.size = {6, 5, 3};
  write_nifti(dataset.training[1].images[1], ImageVolume(other, 0));
  test::expect_input_error(
      [&] { prepare_labelled_dataset(dataset, TargetKind::Classes, 0, dir.path() / "p.h5"); },
      dataset.training[1].images[1]);
  LabelledDataset four_d = write_cases(dir.path(), 4, 0);
  add_second_channel(four_d, true);
  four_d.channel_names = {"T1", "T2", "PD"};  // three channels listed, two in the file
  test::expect_input_error(  // the first case prepared, whichever it is
      [&] { prepare_labelled_dataset(four_d, TargetKind::Classes, 0, dir.path() / "p.h5"); },
      "_4d.nii.gz: holds 2 volume(s); expected 3 image channels");
  EXPECT_FALSE(fs::exists(dir.path() / "p.h5"));
}

}  // namespace
}  // namespace hypera::data
