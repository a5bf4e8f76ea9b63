// prepare_bbbc039 and prepare_volume_pair on real data, and their refusal of bad input.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <set>

#include "support/input_error.h"
#include "data/io/nifti_io.h"
#include "data/io/png_io.h"
#include "data/pipeline/prepared_dataset.h"
#include "pipeline_fixtures.h"
#include "common/file_bytes.h"
#include "common/real_data.h"
#include "common/expect_input_error.h"
#include "common/scratch_folder.h"
#include "common/two_dicom_series.h"

namespace hypera::data {
namespace {

namespace fs = std::filesystem;
using test::ScratchFolder;

std::string stem_of(const std::string& mask_name) { return fs::path(mask_name).stem().string(); }

TEST(PrepareBbbc039, FixtureSplitFilesName3_1_1ExistingPairs) {
  const std::array<std::pair<const char*, size_t>, 3> expected{{{"training", 3}, {"validation", 1}, {"test", 1}}};
  std::set<std::string> all;
  for (const auto& [split, count] : expected) {
    const std::vector<std::string> names = testing::split_names(split, 1000);
    EXPECT_EQ(names.size(), count) << split;
    for (const std::string& name : names) {
      EXPECT_TRUE(fs::is_regular_file(test::bbbc039_root() / "masks" / name)) << name;
      EXPECT_TRUE(fs::is_regular_file(test::bbbc039_root() / "images" / (stem_of(name) + ".tif"))) << name;
      all.insert(name);
    }
  }
  EXPECT_EQ(all.size(), 5u) << "a file is listed in two splits";
}

TEST(PrepareBbbc039, SmallCopyOpensWithSplitsShapesLabelsAndInstances) {
  const auto& prepared = testing::small_bbbc039_three_class();
  EXPECT_EQ(prepared.summary.samples, 5);
  EXPECT_EQ(prepared.summary.split_sizes, (std::array<int64_t, 3>{3, 1, 1}));
  EXPECT_GT(prepared.summary.instances, 50);

  const PreparedDataset dataset = PreparedDataset::open(prepared.path);
  EXPECT_EQ(dataset.info().format, "hypera-prepared-2");
  EXPECT_EQ(dataset.info().source_kind, "bbbc039");
  EXPECT_EQ(dataset.info().target, "three_class");
  EXPECT_EQ(dataset.info().num_classes, 3);
  EXPECT_EQ(dataset.info().spatial_dims_of_samples, 2);
  EXPECT_EQ(dataset.sample_names().size(), 5u);

  int64_t foreground = 0;
  for (const char* split : {"training", "validation", "test"}) {
    std::vector<std::string> expected;
    for (const std::string& name : testing::split_names(split, 3)) expected.push_back(stem_of(name));
    ASSERT_EQ(dataset.split(split), expected) << split;
    for (const std::string& name : expected) {
      const Sample sample = dataset.load(name);
      EXPECT_EQ(sample.name, name);
      EXPECT_EQ(sample.channels[0].geometry.size, (std::array<int64_t, 3>{696, 520, 1}));
      ASSERT_EQ(sample.label.voxels.size(), sample.channels[0].voxels.size());
      ASSERT_EQ(sample.instances.voxels.size(), sample.channels[0].voxels.size());
      const auto [low, high] = std::minmax_element(sample.channels[0].voxels.begin(), sample.channels[0].voxels.end());
      EXPECT_GE(*low, 0.0f);
      EXPECT_LT(*low, 0.01f);
      EXPECT_LE(*high, 1.0f);
      EXPECT_GT(*high, 0.99f);
      std::set<int> labels(sample.label.voxels.begin(), sample.label.voxels.end());
      EXPECT_TRUE(labels.count(0));
      EXPECT_LE(*labels.rbegin(), 2);
      for (size_t i = 0; i < sample.label.voxels.size(); ++i) {
        ASSERT_EQ(sample.label.voxels[i] > 0, sample.instances.voxels[i] > 0) << name << " voxel " << i;
      }
      foreground += std::count_if(sample.label.voxels.begin(), sample.label.voxels.end(), [](uint8_t v) { return v; });
      EXPECT_EQ(sample.image_source, (prepared.path.parent_path() / "bbbc039" / "images" / (name + ".tif")).string());
      EXPECT_EQ(fs::path(sample.mask_source).filename().string(), name + ".png");
    }
  }
  EXPECT_EQ(foreground, prepared.summary.foreground_voxels);
  EXPECT_FALSE(fs::exists(prepared.path.string() + ".tmp"));
}

TEST(PrepareBbbc039, MissingFileInSplitNamesItAndKeepsTheOldOutput) {
  ScratchFolder dir;
  testing::make_small_bbbc039(dir / "root", 1);
  std::ofstream(dir / "root" / "validation.txt", std::ios::app) << "IXMtest_Z99_s9_missing.png\n";
  const fs::path out = dir / "out.h5";
  std::ofstream(out) << "previous content";
  try {
    prepare_bbbc039(dir / "root", TargetKind::Foreground, out);
    FAIL() << "no InputError";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("IXMtest_Z99_s9_missing.png"), std::string::npos) << error.what();
    EXPECT_NE(std::string(error.what()).find("validation.txt"), std::string::npos) << error.what();
  }
  EXPECT_EQ(test::read_text(out), "previous content");
  EXPECT_FALSE(fs::exists(out.string() + ".tmp"));
}

TEST(PrepareBbbc039, ImageAndMaskOfDifferentSizesNameTheMask) {
  ScratchFolder dir;
  testing::make_small_bbbc039(dir / "root", 1);
  const std::string mask_name = testing::split_names("test", 1).front();
  const fs::path mask = dir / "root" / "masks" / mask_name;
  std::vector<uint8_t> rgb(3 * 40 * 30, 0);
  rgb[3 * (10 * 40 + 10)] = 1;
  write_png_rgb8(mask, 40, 30, rgb);
  const fs::path out = dir / "out.h5";
  try {
    prepare_bbbc039(dir / "root", TargetKind::Foreground, out);
    FAIL() << "no InputError";
  } catch (const InputError& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find(mask.string()), std::string::npos) << message;
    EXPECT_NE(message.find("40x30x1"), std::string::npos) << message;
    EXPECT_NE(message.find("696x520x1"), std::string::npos) << message;
  }
  EXPECT_FALSE(fs::exists(out));
  EXPECT_FALSE(fs::exists(out.string() + ".tmp"));
}

TEST(PrepareVolumePair, Ch2BrainIsCutIntoFiveWithinSubjectSlabs) {
  const auto& prepared = testing::ch2_slabs();
  const double brain_fraction =
      static_cast<double>(prepared.summary.foreground_voxels) / static_cast<double>(prepared.summary.voxels);
  EXPECT_EQ(prepared.summary.voxels, 181 * 217 * 181);
  EXPECT_GT(brain_fraction, 0.10);  // about 1.1-1.6 litres of brain in a 7.1-litre box
  EXPECT_LT(brain_fraction, 0.30);

  const PreparedDataset dataset = PreparedDataset::open(prepared.path);
  EXPECT_EQ(dataset.info().source_kind, "nifti");
  EXPECT_EQ(dataset.info().target, "foreground");
  EXPECT_EQ(dataset.info().spatial_dims_of_samples, 3);
  EXPECT_EQ(dataset.split("training"), (std::vector<std::string>{"ch2_slab0", "ch2_slab2", "ch2_slab4"}));
  EXPECT_EQ(dataset.split("validation"), (std::vector<std::string>{"ch2_slab1"}));
  EXPECT_EQ(dataset.split("test"), (std::vector<std::string>{"ch2_slab3"}));

  const ImageVolume whole = read_nifti(test::mricron_template("ch2.nii.gz"));
  int64_t z = 0;
  int64_t foreground = 0;
  for (int s = 0; s < 5; ++s) {
    const Sample slab = dataset.load("ch2_slab" + std::to_string(s));
    const auto& size = slab.channels[0].geometry.size;
    EXPECT_EQ(size[0], 181);
    EXPECT_EQ(size[1], 217);
    EXPECT_EQ(size[2], (s + 1) * 181 / 5 - s * 181 / 5);
    EXPECT_EQ(slab.origin_voxel, (std::array<int64_t, 3>{0, 0, z}));
    EXPECT_TRUE(slab.instances.voxels.empty());
    // The slab's affine puts its voxel (0, 0, 0) where the source voxel (0, 0, z) is.
    const auto& a = whole.geometry.affine;
    for (int row = 0; row < 3; ++row) {
      EXPECT_NEAR(slab.channels[0].geometry.affine[row * 4 + 3], a[row * 4 + 2] * z + a[row * 4 + 3], 1e-9);
    }
    foreground += std::count_if(slab.label.voxels.begin(), slab.label.voxels.end(), [](uint8_t v) { return v; });
    z += size[2];
  }
  EXPECT_EQ(z, 181);
  EXPECT_EQ(foreground, prepared.summary.foreground_voxels);
}

TEST(PrepareVolumePair, RefusesMismatchedGridsAndBadOptions) {
  ScratchFolder dir;
  Geometry small;
  small.size = {20, 30, 10};
  write_nifti(dir / "small.nii.gz", LabelVolume(small, 1));
  const fs::path out = dir / "out.h5";
  try {
    prepare_volume_pair(test::mricron_template("ch2.nii.gz"), dir / "small.nii.gz", 0, TargetKind::Foreground, 2, 5,
                        out);
    FAIL() << "no InputError";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("small.nii.gz"), std::string::npos) << error.what();
  }
  EXPECT_THROW(prepare_volume_pair(dir / "small.nii.gz", dir / "small.nii.gz", 0, TargetKind::Foreground, 3, 5, out),
               InputError);
  EXPECT_THROW(prepare_volume_pair(dir / "small.nii.gz", dir / "small.nii.gz", 0, TargetKind::Foreground, 2, 11, out),
               InputError);
  EXPECT_FALSE(fs::exists(out));
}

// data.dicom_series: a DICOM folder of two series (tests/common/two_dicom_series.h) as image and mask.
TEST(PrepareVolumePair, DicomFolderOfSeveralSeriesNeedsDataDicomSeries) {
  ScratchFolder dir;
  fs::create_directory(dir / "series");
  test::copy_two_dicom_series(dir / "series");
  const fs::path out = dir / "out.h5";
  const auto prepare = [&](const std::string& uid) {
    return prepare_volume_pair(dir / "series", dir / "series", 0, TargetKind::Foreground, 2, 3, out, {}, uid);
  };
  const std::string several = test::input_error_message([&] { prepare(""); });
  EXPECT_NE(several.find("choose one with data.dicom_series"), std::string::npos) << several;
  EXPECT_NE(several.find(test::kThreeSliceSeries), std::string::npos) << several;
  const std::string absent = test::input_error_message([&] { prepare("9.9.9"); });
  EXPECT_NE(absent.find("no DICOM series 9.9.9"), std::string::npos) << absent;
  EXPECT_FALSE(fs::exists(out));

  EXPECT_EQ(prepare(test::kThreeSliceSeries).voxels, 16 * 16 * 3);
  EXPECT_EQ(prepare(test::kFiveSliceSeries).voxels, 16 * 16 * 5);
}

}  // namespace
}  // namespace hypera::data
