#include "data/pipeline/example_brain_dataset.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/expect_input_error.h"
#include "common/file_bytes.h"
#include "common/real_data.h"
#include "common/scratch_folder.h"
#include "data/io/labelled_dataset.h"
#include "data/io/nifti_io.h"

namespace hypera::data {
namespace {

namespace fs = std::filesystem;
using test::ScratchFolder;

ExampleBrainOptions small_options(const fs::path& out, const std::string& layout) {
  ExampleBrainOptions options;
  options.layout = layout;
  options.out = out;
  options.downsample = 4;
  options.cases = 5;
  options.test_cases = 1;
  return options;
}

// The class the header gives an AAL region.
uint8_t expected_class(float region) {
  if (region == 0) return 0;
  if (region <= 90) return int(region) % 2 == 1 ? 1 : 2;
  return 3;
}

// The files of one written case; `image` holds one volume or (MSD, several channels) one per channel.
struct CaseFiles {
  std::string name;
  fs::path image;
  fs::path label;
};

std::vector<CaseFiles> files_of(const std::vector<LabelledCase>& cases) {
  std::vector<CaseFiles> files;
  for (const auto& c : cases) files.push_back({c.name, c.images.front(), c.label});
  return files;
}

// The cases small_options writes, found by name without a dataset reader: brain_000..brain_004, brain_002 the
// test case; the image file of each is <name><image_ending>.
std::vector<CaseFiles> small_cases(const fs::path& out, const std::string& image_ending) {
  std::vector<CaseFiles> cases;
  for (int i = 0; i < 5; ++i) {
    const std::string name = "brain_00" + std::to_string(i);
    const std::string split = i == 2 ? "Ts" : "Tr";
    cases.push_back(
        {name, out / ("images" + split) / (name + image_ending), out / ("labels" + split) / (name + ".nii.gz")});
  }
  return cases;
}

// Every voxel of every case, found back in the source through the case's affine: the label is the class of
// the atlas there and volume `channel` of the image the intensity of mricron template `source` there. Also
// returns the classes seen.
void expect_cases_match_the_source(const std::vector<CaseFiles>& cases, std::array<bool, 4>& seen,
                                   const std::string& source_name = "ch2.nii.gz", size_t channel = 0) {
  const ImageVolume source = read_nifti(test::mricron_template(source_name));
  const ImageVolume atlas = read_nifti(test::mricron_template("aal.nii.gz"));
  const auto& a = source.geometry.affine;  // axis-aligned 1 mm: index = world - translation
  for (const auto& c : cases) {
    const std::vector<ImageVolume> channels = read_nifti_volumes(c.image);
    ASSERT_LT(channel, channels.size()) << c.image;
    const ImageVolume& image = channels[channel];
    const ImageVolume label = read_nifti(c.label);
    ASSERT_EQ(image.geometry.size, label.geometry.size) << c.name;
    EXPECT_EQ(image.geometry.affine, label.geometry.affine) << c.name;
    EXPECT_EQ(label.geometry.spacing, (std::array<double, 3>{4, 4, 4})) << c.name;
    const auto& m = label.geometry.affine;
    for (int64_t z = 0; z < label.geometry.nz(); ++z) {
      for (int64_t y = 0; y < label.geometry.ny(); ++y) {
        for (int64_t x = 0; x < label.geometry.nx(); ++x) {
          std::array<int64_t, 3> at{};
          for (int row = 0; row < 3; ++row) {
            const double world = m[row * 4] * x + m[row * 4 + 1] * y + m[row * 4 + 2] * z + m[row * 4 + 3];
            at[row] = std::llround(world - a[row * 4 + 3]);
          }
          const float value = label.at(x, y, z);
          ASSERT_EQ(value, expected_class(atlas.at(at[0], at[1], at[2]))) << c.name << " " << x << "," << y << "," << z;
          ASSERT_EQ(image.at(x, y, z), source.at(at[0], at[1], at[2])) << c.name;
          seen[size_t(value)] = true;
        }
      }
    }
  }
}

TEST(ExampleBrainDataset, NnunetFolderReadsBackWithTheSourcesVoxels) {
  ScratchFolder out;
  const auto summary = write_example_brain_dataset(small_options(out.path(), "nnunet"));
  EXPECT_EQ(summary.training_cases, 4);
  EXPECT_EQ(summary.test_cases, 1);
  EXPECT_EQ(summary.skipped_slabs, 0);
  const LabelledDataset dataset = read_nnunet_dataset(out.path());
  EXPECT_EQ(dataset.class_names,
            (std::vector<std::string>{"background", "left_cerebrum", "right_cerebrum", "cerebellum"}));
  ASSERT_EQ(dataset.training.size(), 4u);
  ASSERT_EQ(dataset.test.size(), 1u);
  EXPECT_EQ(dataset.training[0].images, std::vector<fs::path>{out / "imagesTr" / "brain_000_0000.nii.gz"});
  EXPECT_EQ(dataset.test[0].label, out / "labelsTs" / "brain_002.nii.gz");  // the middle one of 5: spread
  std::array<bool, 4> seen{};
  std::vector<LabelledCase> cases = dataset.training;
  cases.push_back(dataset.test[0]);
  std::sort(cases.begin(), cases.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  expect_cases_match_the_source(files_of(cases), seen);
  EXPECT_EQ(seen, (std::array<bool, 4>{true, true, true, true}));
  // The slabs follow each other bottom to top, from the first labelled slice (AAL: z = 10, world -61 mm).
  double next_z = -61;
  for (const auto& c : cases) {
    const auto geometry = read_nifti(c.label).geometry;
    EXPECT_DOUBLE_EQ(geometry.affine[11], next_z) << c.name;
    next_z += 4.0 * double(geometry.nz());
  }
}

TEST(ExampleBrainDataset, MsdFolderReplacesAnEarlierRun) {
  ScratchFolder out;
  ExampleBrainOptions options = small_options(out.path(), "nnunet");
  options.cases = 6;
  write_example_brain_dataset(options);
  const auto summary = write_example_brain_dataset(small_options(out.path(), "msd"));
  EXPECT_FALSE(fs::exists(out / "imagesTr" / "brain_000_0000.nii.gz"));  // the nnU-Net run's files are gone
  EXPECT_FALSE(fs::exists(out / "labelsTs" / "brain_003.nii.gz"));  // the nnU-Net run's test case
  const LabelledDataset dataset = read_msd_dataset(out.path());
  EXPECT_EQ(dataset.class_names.size(), 4u);
  EXPECT_EQ(int(dataset.training.size()), summary.training_cases);
  ASSERT_EQ(dataset.test.size(), 1u);
  EXPECT_EQ(dataset.test[0].images, std::vector<fs::path>{out / "imagesTs" / "brain_002.nii.gz"});
  int64_t voxels = 0;
  for (const auto& count : summary.class_voxels) voxels += count;
  int64_t written = 0;
  for (const auto& c : dataset.training) written += read_nifti(c.label).geometry.voxel_count();
  written += read_nifti(dataset.test[0].label).geometry.voxel_count();
  EXPECT_EQ(voxels, written);
  EXPECT_GT(summary.class_voxels[3], 0);
}

nlohmann::json dataset_json(const fs::path& out) {
  return nlohmann::json::parse(test::read_text(out / "dataset.json"));
}

TEST(ExampleBrainDataset, OneChannelIsTheDefault) {
  ScratchFolder out;
  for (const std::string layout : {"nnunet", "msd"}) {
    write_example_brain_dataset(small_options(out.path(), layout));
    const nlohmann::json json = dataset_json(out.path());
    EXPECT_EQ(json[layout == "nnunet" ? "channel_names" : "modality"], (nlohmann::json{{"0", "T1"}})) << layout;
    EXPECT_FALSE(fs::exists(out / "imagesTr" / "brain_000_0001.nii.gz"));
  }
  EXPECT_EQ(read_nifti_volumes(out / "imagesTr" / "brain_000.nii.gz").size(), 1u);  // the msd run's image: 3D
}

TEST(ExampleBrainDataset, TwoChannelNnunetCasesTraceBothChannelsToTheirSources) {
  ScratchFolder out;
  ExampleBrainOptions options = small_options(out.path(), "nnunet");
  options.channels = 2;
  const auto summary = write_example_brain_dataset(options);
  EXPECT_EQ(summary.training_cases, 4);
  EXPECT_EQ(dataset_json(out.path())["channel_names"], (nlohmann::json{{"0", "T1"}, {"1", "T1_brain"}}));
  std::array<bool, 4> seen{};
  expect_cases_match_the_source(small_cases(out.path(), "_0000.nii.gz"), seen, "ch2.nii.gz");
  expect_cases_match_the_source(small_cases(out.path(), "_0001.nii.gz"), seen, "ch2bet.nii.gz");
  EXPECT_EQ(seen, (std::array<bool, 4>{true, true, true, true}));
  for (const auto& c : small_cases(out.path(), "_0001.nii.gz")) {
    const ImageVolume brain = read_nifti(c.image);
    const ImageVolume head = read_nifti(out / c.image.parent_path().filename() / (c.name + "_0000.nii.gz"));
    EXPECT_EQ(brain.geometry.affine, head.geometry.affine) << c.name;
    EXPECT_NE(brain.voxels, head.voxels) << c.name;  // the skull is gone from channel 1
  }
}

TEST(ExampleBrainDataset, TwoChannelMsdCasesAreFourDimensional) {
  ScratchFolder out;
  ExampleBrainOptions options = small_options(out.path(), "msd");
  options.channels = 2;
  write_example_brain_dataset(options);
  EXPECT_EQ(dataset_json(out.path())["modality"], (nlohmann::json{{"0", "T1"}, {"1", "T1_brain"}}));
  const std::vector<CaseFiles> cases = small_cases(out.path(), ".nii.gz");
  for (const auto& c : cases) {
    ASSERT_EQ(read_nifti_volumes(c.image).size(), 2u) << c.image;
    test::expect_input_error([&] { read_nifti(c.image); }, c.image);  // one-volume readers refuse it
  }
  std::array<bool, 4> seen{};
  expect_cases_match_the_source(cases, seen, "ch2.nii.gz", 0);
  expect_cases_match_the_source(cases, seen, "ch2bet.nii.gz", 1);
  EXPECT_EQ(seen, (std::array<bool, 4>{true, true, true, true}));
}

TEST(ExampleBrainDataset, BadOptionsAndGridsAreRefused) {
  ScratchFolder out;
  ExampleBrainOptions options = small_options(out.path(), "nnunet");
  options.layout = "decathlon";
  EXPECT_NE(test::input_error_message([&] { write_example_brain_dataset(options); }).find("--layout"),
            std::string::npos);
  options = small_options(out.path(), "nnunet");
  options.downsample = 9;
  EXPECT_NE(test::input_error_message([&] { write_example_brain_dataset(options); }).find("--downsample"),
            std::string::npos);
  options = small_options(out.path(), "nnunet");
  options.test_cases = 4;
  EXPECT_NE(test::input_error_message([&] { write_example_brain_dataset(options); }).find("--test-cases"),
            std::string::npos);
  options = small_options(out.path(), "nnunet");
  options.atlas = test::mricron_template("JHU-WhiteMatter-labels-2mm.nii.gz");  // a 2 mm grid
  test::expect_input_error([&] { write_example_brain_dataset(options); }, options.atlas);
  options = small_options(out.path(), "msd");
  options.channels = 3;
  EXPECT_NE(test::input_error_message([&] { write_example_brain_dataset(options); }).find("--channels"),
            std::string::npos);
  options.channels = 2;
  options.second_image = test::mricron_template("JHU-WhiteMatter-labels-2mm.nii.gz");
  test::expect_input_error([&] { write_example_brain_dataset(options); }, options.second_image);
  EXPECT_FALSE(fs::exists(out / "dataset.json"));
  options.channels = 1;
  options.second_image = out / "absent.nii.gz";  // one channel does not read the second image
  EXPECT_NO_THROW(write_example_brain_dataset(options));
}

}  // namespace
}  // namespace hypera::data
