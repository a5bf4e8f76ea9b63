#include "data/io/labelled_dataset.h"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "common/expect_input_error.h"
#include "common/scratch_folder.h"

namespace hypera::data {
namespace {

namespace fs = std::filesystem;
using test::expect_input_error;
using test::input_error_message;
using test::ScratchFolder;
using Names = std::vector<std::string>;

void write_text(const fs::path& file, const std::string& text) {
  fs::create_directories(file.parent_path());
  std::ofstream out(file, std::ios::binary);
  out << text;
  ASSERT_TRUE(out.good()) << file;
}

void touch(const fs::path& file) { write_text(file, "not read"); }

Names names_of(const std::vector<LabelledCase>& cases) {
  Names names;
  for (const auto& c : cases) names.push_back(c.name);
  return names;
}

// An nnU-Net v2 folder with the given labels JSON and training cases (label and image files).
void write_nnunet(const fs::path& root, const std::string& labels, const Names& cases,
                  const std::string& channels = R"({"0": "CT"})") {
  write_text(root / "dataset.json", R"({"channel_names": )" + channels + R"(, "labels": )" + labels +
                                        R"(, "numTraining": )" + std::to_string(cases.size()) +
                                        R"(, "file_ending": ".nii.gz"})");
  for (const auto& name : cases) {
    touch(root / "imagesTr" / (name + "_0000.nii.gz"));
    touch(root / "labelsTr" / (name + ".nii.gz"));
  }
}

using Paths = std::vector<fs::path>;

const char* const kTwoLabels = R"({"background": 0, "liver": 1})";

// An MSD folder: dataset.json with `labels`, `modality`, and the training cases `cases` (files written).
void write_msd(const fs::path& root, const std::string& labels, const Names& cases,
               const std::string& modality = R"({"0": "MRI"})", const std::string& extra = "") {
  std::string training;
  for (const auto& name : cases) {
    training += std::string(training.empty() ? "" : ", ") + R"({"image": "./imagesTr/)" + name +
                R"(.nii.gz", "label": "./labelsTr/)" + name + R"(.nii.gz"})";
    touch(root / "imagesTr" / (name + ".nii.gz"));
    touch(root / "labelsTr" / (name + ".nii.gz"));
  }
  write_text(root / "dataset.json", R"({"name": "Hippocampus", "modality": )" + modality + R"(, "labels": )" + labels +
                                        R"(, "training": [)" + training + "]" + extra + "}");
}

const char* const kMsdLabels = R"({"0": "background", "1": "Anterior", "2": "Posterior"})";

TEST(LabelledDataset, ReadsAnNnunetFolder) {
  ScratchFolder root;
  write_nnunet(root.path(), R"({"background": 0, "liver tumour": 2, "liver": 1})", {"case_c", "case_a", "case_b"});
  touch(root / "labelsTr" / "notes.txt");  // not a case: wrong ending
  touch(root / "imagesTs" / "test_a_0000.nii.gz");
  touch(root / "labelsTs" / "test_a.nii.gz");
  touch(root / "imagesTs" / "test_b_0000.nii.gz");  // unlabelled: not a case
  const LabelledDataset dataset = read_nnunet_dataset(root.path());
  EXPECT_EQ(dataset.layout, "nnunet");
  EXPECT_EQ(dataset.class_names, (Names{"background", "liver", "liver_tumour"}));
  EXPECT_EQ(names_of(dataset.training), (Names{"case_a", "case_b", "case_c"}));
  EXPECT_EQ(dataset.channel_names, Names{"CT"});
  EXPECT_EQ(dataset.training[0].images, Paths{root / "imagesTr" / "case_a_0000.nii.gz"});
  EXPECT_EQ(dataset.training[0].label, root / "labelsTr" / "case_a.nii.gz");
  ASSERT_EQ(names_of(dataset.test), Names{"test_a"});
  EXPECT_EQ(dataset.test[0].images, Paths{root / "imagesTs" / "test_a_0000.nii.gz"});
  EXPECT_EQ(dataset.test[0].label, root / "labelsTs" / "test_a.nii.gz");
  EXPECT_TRUE(dataset.validation_folds.empty());
}

TEST(LabelledDataset, ReadsAnMsdFolder) {
  ScratchFolder root;
  write_msd(
      root.path(), R"({"0": "background", "1": "Anterior", "2": "Posterior hippocampus"})",
      {"hippocampus_3", "hippocampus_1"}, R"({"0": "MRI"})",
      R"(, "numTraining": 2, "test": ["./imagesTs/hippocampus_9.nii.gz", "imagesTs/hippocampus_8.nii.gz"], "numTest": 2)");
  touch(root / "imagesTs" / "hippocampus_8.nii.gz");
  touch(root / "imagesTs" / "hippocampus_9.nii.gz");
  touch(root / "labelsTs" / "hippocampus_9.nii.gz");  // only this test image is labelled
  const LabelledDataset dataset = read_msd_dataset(root.path());
  EXPECT_EQ(dataset.layout, "msd");
  EXPECT_EQ(dataset.class_names, (Names{"background", "Anterior", "Posterior_hippocampus"}));
  EXPECT_EQ(names_of(dataset.training), (Names{"hippocampus_1", "hippocampus_3"}));
  EXPECT_EQ(dataset.channel_names, Names{"MRI"});
  EXPECT_EQ(dataset.training[1].images, Paths{root / "imagesTr" / "hippocampus_3.nii.gz"});
  EXPECT_EQ(dataset.training[1].label, root / "labelsTr" / "hippocampus_3.nii.gz");
  ASSERT_EQ(names_of(dataset.test), Names{"hippocampus_9"});
  EXPECT_EQ(dataset.test[0].label, root / "labelsTs" / "hippocampus_9.nii.gz");
}

TEST(LabelledDataset, FoldsComeFromSplitsFinalJson) {
  ScratchFolder root;
  write_nnunet(root.path(), kTwoLabels, {"a", "b", "c", "d"});
  write_text(root / "splits_final.json",
             R"([{"train": ["c", "d"], "val": ["b", "a"]}, {"train": ["a", "b"], "val": ["c", "d"]}])");
  const LabelledDataset dataset = read_nnunet_dataset(root.path());
  ASSERT_EQ(dataset.validation_folds.size(), 2u);
  EXPECT_EQ(fold_cases(dataset, 0), (std::array<Names, 2>{Names{"c", "d"}, Names{"a", "b"}}));
  EXPECT_EQ(fold_cases(dataset, 1), (std::array<Names, 2>{Names{"a", "b"}, Names{"c", "d"}}));
  const std::string message = input_error_message([&] { fold_cases(dataset, 2); });
  EXPECT_NE(message.find("data.fold"), std::string::npos) << message;
}

TEST(LabelledDataset, SplitsNamingAnUnknownCaseAreRefused) {
  ScratchFolder root;
  write_msd(root.path(), kMsdLabels, {"a", "b", "c"});
  write_text(root / "splits_final.json", R"([{"train": ["a", "b"], "val": ["z"]}])");
  expect_input_error([&] { read_msd_dataset(root.path()); }, root / "splits_final.json");
  write_text(root / "splits_final.json", R"([{"train": [], "val": ["a", "b", "c"]}])");  // nothing left to train on
  expect_input_error([&] { read_msd_dataset(root.path()); }, root / "splits_final.json");
  write_text(root / "splits_final.json", R"({"val": ["a"]})");
  expect_input_error([&] { read_msd_dataset(root.path()); }, root / "splits_final.json");
  write_text(root / "splits_final.json", "[{");
  expect_input_error([&] { read_msd_dataset(root.path()); }, root / "splits_final.json");
  // A data set built in code with a bad fold: fold_cases checks it too.
  LabelledDataset dataset;
  dataset.training = {{"a", {"a.nii"}, "a.nii"}, {"b", {"b.nii"}, "b.nii"}};
  dataset.validation_folds = {{"z"}};
  expect_input_error([&] { fold_cases(dataset, 0); }, "splits_final.json");
}

TEST(LabelledDataset, NnunetFoldsPartitionTheCasesAndAreStable) {
  LabelledDataset dataset;
  for (int i = 11; i >= 0; --i) dataset.training.push_back({"case_" + std::to_string(10 + i), {"i"}, "l"});
  std::multiset<std::string> validated;
  for (int fold = 0; fold < 5; ++fold) {
    const auto [training, validation] = fold_cases(dataset, fold);
    EXPECT_FALSE(validation.empty());
    EXPECT_EQ(training.size() + validation.size(), 12u);
    for (const auto& name : validation) {
      EXPECT_EQ(std::count(training.begin(), training.end(), name), 0) << name;
      validated.insert(name);
    }
    EXPECT_TRUE(std::is_sorted(training.begin(), training.end()));
    EXPECT_TRUE(std::is_sorted(validation.begin(), validation.end()));
    EXPECT_EQ(fold_cases(dataset, fold), fold_cases(dataset, fold));
  }
  EXPECT_EQ(validated.size(), 12u);
  EXPECT_EQ(std::set<std::string>(validated.begin(), validated.end()).size(), 12u);  // each case once
  // nnU-Net v2's assignment (scikit-learn's KFold(n_splits=5, shuffle=True, random_state=12345) on the sorted
  // names), from tests/data/io/nnunet_folds_reference.txt: "n=12 folds=5 fold=0 val=0 3 8" and
  // "n=12 folds=5 fold=3 val=1 4", indices into case_10..case_21.
  EXPECT_EQ(fold_cases(dataset, 0)[1], (Names{"case_10", "case_13", "case_18"}));
  EXPECT_EQ(fold_cases(dataset, 3)[1], (Names{"case_11", "case_14"}));
  EXPECT_THROW(fold_cases(dataset, 5), InputError);
  EXPECT_THROW(fold_cases(dataset, -1), InputError);
  // Fewer cases than 5: one fold per case, KFold(n_splits=3) ("n=3 folds=3 fold=2 val=2": case_19..case_21).
  dataset.training.resize(3);
  EXPECT_EQ(fold_cases(dataset, 2)[1], Names{"case_21"});
  const std::string message = input_error_message([&] { fold_cases(dataset, 3); });
  EXPECT_NE(message.find("data.fold"), std::string::npos) << message;
  dataset.training.resize(1);
  EXPECT_THROW(fold_cases(dataset, 0), InputError);
}

TEST(LabelledDataset, BadDatasetJsonIsRefusedNamingIt) {
  ScratchFolder root;
  const fs::path json = root / "dataset.json";
  const auto nnunet = [&] { read_nnunet_dataset(root.path()); };
  expect_input_error(nnunet, json);  // missing
  write_nnunet(root.path(), kTwoLabels, {"a", "b"});
  write_text(json, "{\"labels\": ");
  expect_input_error(nnunet, json);  // not JSON
  write_text(json, "[1, 2]");
  expect_input_error(nnunet, json);  // not an object
  write_text(json,
             R"({"channel_names": {"0": "CT"}, "labels": "background", "numTraining": 2, "file_ending": ".nii.gz"})");
  expect_input_error(nnunet, json);  // labels of the wrong type
  write_text(
      json,
      R"({"channel_names": {"0": "CT"}, "labels": {"background": 0, "liver": 1}, "numTraining": "2", "file_ending": ".nii.gz"})");
  expect_input_error(nnunet, json);  // numTraining of the wrong type
  write_text(json, std::string(200000, '[') + std::string(200000, ']'));
  expect_input_error(nnunet, json);  // deep: refused, not a crash
  EXPECT_NE(input_error_message(nnunet).find("nested deeper than"), std::string::npos);
  write_text(json, "");
  fs::resize_file(json, (std::uintmax_t{16} << 20) + 1);
  expect_input_error(nnunet, json);  // over 16 MiB
}

TEST(LabelledDataset, BadLabelsAreRefused) {
  ScratchFolder root;
  const fs::path json = root / "dataset.json";
  const auto nnunet = [&] { read_nnunet_dataset(root.path()); };
  write_nnunet(root.path(), R"({"background": 0, "whole tumour": [1, 2, 3], "core": [2, 3]})", {"a", "b"});
  const std::string message = input_error_message(nnunet);
  EXPECT_NE(message.find("region-based labels are not supported"), std::string::npos) << message;
  expect_input_error(nnunet, json);
  write_nnunet(root.path(), R"({"background": 0, "liver": 1, "ignore": 2})", {"a", "b"});
  expect_input_error(nnunet, json);
  write_nnunet(root.path(), R"({"background": 0, "liver": 1, "tumour": 3})", {"a", "b"});
  expect_input_error(nnunet, json);  // not 0..K-1
  write_nnunet(root.path(), R"({"background": 0, "liver": 1, "tumour": 1})", {"a", "b"});
  expect_input_error(nnunet, json);  // a value twice
  write_nnunet(root.path(), R"({"liver": 1, "tumour": 2})", {"a", "b"});
  expect_input_error(nnunet, json);  // no background
  write_nnunet(root.path(), R"({"background": 0})", {"a", "b"});
  expect_input_error(nnunet, json);  // one class
  write_nnunet(root.path(), R"({"background": 0, "liver": 1.5})", {"a", "b"});
  expect_input_error(nnunet, json);  // not a whole number
  write_nnunet(root.path(), R"({"background": 0, "a b": 1, "a_b": 2})", {"a", "b"});
  expect_input_error(nnunet, json);  // the same name after cleaning
  std::string many = R"({"background": 0)";
  for (int value = 1; value <= 255; ++value) many += ", \"c" + std::to_string(value) + "\": " + std::to_string(value);
  write_nnunet(root.path(), many + "}", {"a", "b"});
  expect_input_error(nnunet, json);  // 256 classes
  write_nnunet(root.path(), many.substr(0, many.rfind(',')) + "}", {"a", "b"});
  EXPECT_EQ(read_nnunet_dataset(root.path()).class_names.size(), 255u);  // the most there may be

  const auto msd = [&] { read_msd_dataset(root.path()); };
  write_msd(root.path(), R"({"0": "background", "1": ""})", {"a", "b"});
  expect_input_error(msd, json);  // an empty name
  write_msd(root.path(), R"({"0": "background", "one": "x"})", {"a", "b"});
  expect_input_error(msd, json);  // a key that is not a value
  write_msd(root.path(), R"({"0": "background", "1": 1})", {"a", "b"});
  expect_input_error(msd, json);  // a name that is not a string
}

TEST(LabelledDataset, ChannelsAreReadInOrder) {
  ScratchFolder root;
  write_nnunet(root.path(), kTwoLabels, {"a", "b"}, R"({"1": "ADC map", "0": "T2"})");
  for (const char* name : {"a", "b"}) touch(root / "imagesTr" / (std::string(name) + "_0001.nii.gz"));
  const LabelledDataset nnunet = read_nnunet_dataset(root.path());
  EXPECT_EQ(nnunet.channel_names, (Names{"T2", "ADC_map"}));
  EXPECT_EQ(nnunet.training[1].images,
            (Paths{root / "imagesTr" / "b_0000.nii.gz", root / "imagesTr" / "b_0001.nii.gz"}));
  fs::remove(root / "imagesTr" / "b_0001.nii.gz");  // a channel file missing
  expect_input_error([&] { read_nnunet_dataset(root.path()); }, root / "imagesTr" / "b_0001.nii.gz");

  ScratchFolder msd_root;
  write_msd(msd_root.path(), kMsdLabels, {"a", "b"}, R"({"0": "FLAIR", "1": "T1w", "2": "t1gd", "3": "T2w"})");
  const LabelledDataset msd = read_msd_dataset(msd_root.path());
  EXPECT_EQ(msd.channel_names, (Names{"FLAIR", "T1w", "t1gd", "T2w"}));
  EXPECT_EQ(msd.training[0].images, Paths{msd_root / "imagesTr" / "a.nii.gz"});  // one 4D file
}

TEST(LabelledDataset, BadChannelListsAreRefused) {
  ScratchFolder root;
  const fs::path json = root / "dataset.json";
  const auto nnunet = [&] { read_nnunet_dataset(root.path()); };
  for (const char* channels : {R"({"0": "T2", "2": "ADC"})", R"({"1": "T2"})", R"({})", R"({"0": "T 2", "1": "T_2"})",
                               R"({"0": ""})", R"({"x": "T2"})", R"({"0": 2})"}) {
    write_nnunet(root.path(), kTwoLabels, {"a", "b"}, channels);
    expect_input_error(nnunet, json);
  }
  std::string seventeen = "{";
  for (int c = 0; c < 17; ++c) {
    seventeen += (c ? ", \"" : "\"") + std::to_string(c) + "\": \"m" + std::to_string(c) + "\"";
  }
  write_nnunet(root.path(), kTwoLabels, {"a", "b"}, seventeen + "}");
  const std::string message = input_error_message(nnunet);
  EXPECT_NE(message.find("names 17 image channels; 1 to 16"), std::string::npos) << message;
}

TEST(LabelledDataset, MissingAndTooFewCasesAreRefused) {
  ScratchFolder root;
  const fs::path json = root / "dataset.json";
  write_nnunet(root.path(), kTwoLabels, {"a", "b"});
  touch(root / "labelsTr" / "c.nii.gz");  // no imagesTr/c_0000.nii.gz
  expect_input_error([&] { read_nnunet_dataset(root.path()); }, root / "imagesTr" / "c_0000.nii.gz");
  fs::remove(root / "labelsTr" / "c.nii.gz");
  touch(root / "labelsTs" / "t.nii.gz");  // a labelled test case without its image
  expect_input_error([&] { read_nnunet_dataset(root.path()); }, root / "imagesTs" / "t_0000.nii.gz");
  fs::remove_all(root / "labelsTs");
  write_text(
      json,
      R"({"channel_names": {"0": "CT"}, "labels": {"background": 0, "liver": 1}, "numTraining": 5, "file_ending": ".nii.gz"})");
  const std::string message = input_error_message([&] { read_nnunet_dataset(root.path()); });
  EXPECT_NE(message.find("5"), std::string::npos) << message;
  EXPECT_NE(message.find("2 cases"), std::string::npos) << message;
  expect_input_error([&] { read_nnunet_dataset(root.path()); }, json);
  fs::remove(root / "labelsTr" / "b.nii.gz");
  write_nnunet(root.path(), kTwoLabels, {"a"});
  expect_input_error([&] { read_nnunet_dataset(root.path()); }, root / "labelsTr");  // one training case
  fs::remove_all(root / "labelsTr");
  expect_input_error([&] { read_nnunet_dataset(root.path()); }, root / "labelsTr");  // no labelsTr

  ScratchFolder msd_root;
  const fs::path msd_json = msd_root / "dataset.json";
  const auto msd = [&] { read_msd_dataset(msd_root.path()); };
  write_msd(msd_root.path(), kMsdLabels, {"a", "b"});
  fs::remove(msd_root / "labelsTr" / "b.nii.gz");
  expect_input_error(msd, msd_root / "labelsTr" / "b.nii.gz");
  write_msd(msd_root.path(), kMsdLabels, {"a"});
  expect_input_error(msd, msd_json);  // one training case
  write_msd(msd_root.path(), kMsdLabels, {"a", "b"}, R"({"0": "MRI"})", R"(, "numTraining": 3)");
  expect_input_error(msd, msd_json);
  write_msd(msd_root.path(), kMsdLabels, {"a", "b"}, R"({"0": "MRI"})", R"(, "test": ["./imagesTs/missing.nii.gz"])");
  expect_input_error(msd, msd_root / "imagesTs" / "missing.nii.gz");
}

TEST(LabelledDataset, MsdPathsMustStayInsideTheFolder) {
  ScratchFolder root;
  const fs::path json = root / "dataset.json";
  const auto msd = [&] { read_msd_dataset(root.path()); };
  touch(root / "outside.nii.gz");
  for (const std::string bad : {"/etc/passwd", "./imagesTr/../../outside.nii.gz", "../outside.nii.gz", ""}) {
    write_msd(root.path(), kMsdLabels, {"a", "b"}, R"({"0": "MRI"})", R"(, "test": [")" + bad + R"("])");
    expect_input_error(msd, json);
  }
  // JSON allows \u0000 in a string; the file system would see the path cut there, an existing file here.
  touch(root / "imagesTs" / "c.nii.gz");
  touch(root / "labelsTs" / "c.nii.gz");
  write_msd(root.path(), kMsdLabels, {"a", "b"}, R"({"0": "MRI"})", R"(, "test": ["./imagesTs/c.nii.gz\u0000x"])");
  EXPECT_NE(input_error_message(msd).find("NUL"), std::string::npos);
  write_text(json, std::string(R"({"modality": {"0": "MRI"}, "labels": )") + kMsdLabels +
                       R"(, "training": [{"image": "./imagesTr/a.nii.gz", "label": "./labelsTr/a.nii.gz"},)"
                       R"( {"image": "./imagesTr/b.nii.gz", "label": "./labelsTr/a.nii.gz"}]})");
  expect_input_error(msd, json);  // two cases named 'a'
  write_text(json,
             std::string(R"({"modality": {"0": "MRI"}, "labels": )") + kMsdLabels + R"(, "training": ["a", "b"]})");
  expect_input_error(msd, json);  // entries that are not objects
}

}  // namespace
}  // namespace hypera::data
