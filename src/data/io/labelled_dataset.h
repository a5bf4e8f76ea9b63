#pragma once
// The case lists of the two common folder layouts of labelled medical data sets, nnU-Net v2 "raw" data sets
// and Medical Segmentation Decathlon (MSD) tasks, and the cross-validation fold of a case. Only
// dataset.json (and splits_final.json) are read; the images and labels are checked to exist, not opened.
//
// Errors: every problem is a hypera::InputError with one line that starts with the file (or folder) at
// fault: dataset.json missing, over 16 MiB, not JSON or with members of the wrong type; region-based labels
// (nnU-Net's lists of label values) or an "ignore" label; label values that are not 0..K-1 each once (0 is
// the background); K outside 2..255; a class name that is empty or clashes with another after cleaning;
// channel (modality) numbers that are not 0..C-1, C outside 1..16, or channel names that clash after cleaning;
// a listed case whose image (any channel's) or label file is missing; fewer than 2 training cases; two cases
// with one name; a numTraining (or MSD numTest) that disagrees with the cases found; an MSD path that is
// absolute, has a ".." component or holds a NUL character ("\u0000"); a splits_final.json that is not a list of
// {"val": [names]} or names a case that is not a training case.
// Cost: one read and parse of dataset.json (and splits_final.json), one listing of the label folders and
// one stat per file. Thread-safe (no shared state).
#include <array>
#include <filesystem>
#include <string>
#include <vector>

namespace hypera::data {

struct LabelledCase {
  std::string name;             // case identifier (nnU-Net: the label file name without file_ending)
  // nnU-Net: one file per image channel, <case>_0000, <case>_0001, ...; MSD: one file whose 4th dimension holds
  // every channel (data/io/image_reader.h's read_image_channels reads either)
  std::vector<std::filesystem::path> images;
  std::filesystem::path label;  // its label file: integer class values 0..K-1
};

struct LabelledDataset {
  std::string layout;                    // "nnunet" | "msd"
  std::vector<std::string> class_names;  // index = label value; [0] is the background; at least 2
  std::vector<std::string> channel_names{"image"};  // the image channels in order (nnU-Net channel_names, MSD modality)
  std::vector<LabelledCase> training;    // labelled training cases, sorted by name
  std::vector<LabelledCase> test;        // labelled test cases, sorted by name; empty when there are none
  std::vector<std::vector<std::string>>
      validation_folds;  // from root/splits_final.json when present: fold f's "val" names; empty otherwise
};

// Class and channel names are cleaned for use in file names and metric columns: every character outside
// [A-Za-z0-9_-] becomes '_'. Case names and lists are sorted by byte order of the name.

// nnU-Net v2 raw data set folder: dataset.json with channel_names {"0": name, ...} (or v1's modality), labels
// {name: int}, numTraining and file_ending. Training cases are the files of labelsTr whose names end in
// file_ending (other files are ignored); the images of case c are imagesTr/c_0000<file_ending>, c_0001, ... (one
// per channel). Test cases are those of
// labelsTs likewise, with images in imagesTs; without labelsTs there are none (unlabelled test images are
// not cases). numTraining must equal the number of training cases found.
LabelledDataset read_nnunet_dataset(const std::filesystem::path& root);

// "_0000", "_0001", ..., "_0012": the suffix nnU-Net gives the file of image channel `channel` (>= 0).
std::string nnunet_channel_suffix(int channel);

// MSD task folder: dataset.json with modality {"0": name, ...} (the channels of each 4D image), labels
// {"0": "background", "1": name, ...}, training [{"image": "./imagesTr/x.nii.gz", "label": "./labelsTr/x.nii.gz"},
// ...] and test
// ["./imagesTs/y.nii.gz", ...]; paths are relative to root. A test image is a labelled test case when
// labelsTs/<its file name> exists; the others are left out. A case's name is its label's (for test cases its
// image's) file name without ".nii.gz" (or its last extension). numTraining and numTest, where present, must
// equal the list lengths.
LabelledDataset read_msd_dataset(const std::filesystem::path& root);

// The cases of fold `fold` (0-based): {training names, validation names}, each sorted.
// With validation_folds: fold f's val list, and every other training case for training (validation_folds.size()
// folds). A val name that is not a training case, a repeated name, or a fold that leaves no training case is
// an InputError naming splits_final.json.
// Without: nnU-Net v2's own assignment, the one it writes into a new splits_final.json: on the training names
// sorted (byte order, which for UTF-8 is nnU-Net's code point order), fold f validates the names that
// scikit-learn's KFold(n_splits=5, shuffle=True, random_state=12345) puts in test fold f
// (kfold_validation_indices, data/io/crossval_folds.h; checked against scikit-learn). nnU-Net needs at least 5
// cases; for 2..4 HYPERA uses n folds of the same KFold (n_splits = n, one case each), min(5, n) folds in all.
// Errors: fewer than 2 training cases; fold outside 0..folds-1 (InputError naming option 'data.fold').
// Cost: O(cases log cases).
std::array<std::vector<std::string>, 2> fold_cases(const LabelledDataset& dataset, int fold);

}  // namespace hypera::data
