#include "data/io/labelled_dataset.h"

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <nlohmann/json.hpp>
#include <set>
#include <utility>

#include "data/io/class_names.h"
#include "data/io/crossval_folds.h"
#include "data/io/file_error.h"
#include "support/file_text.h"
#include "support/input_error.h"
#include "support/text_ending.h"

namespace hypera::data {
namespace fs = std::filesystem;
using Json = nlohmann::json;
namespace {

using support::ends_with;

constexpr std::uintmax_t kMaxJsonBytes = std::uintmax_t{16} << 20;
// Both files need 3 levels; the limit keeps a hostile file from building millions of nested values.
constexpr int kMaxJsonDepth = 64;
constexpr size_t kMaxClasses = 255;  // label volumes are uint8
constexpr int kDefaultFolds = 5;
constexpr uint32_t kFoldSeed = 12345;  // nnU-Net v2's (generate_crossval_split's KFold random_state)

// InputError "<file>: <problem>"; control characters (which may come from the file) become spaces so that the
// message stays one line.
[[noreturn]] void fail(const fs::path& file, std::string problem) {
  for (char& c : problem) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  }
  throw_file_error(file, problem);
}

Json read_json(const fs::path& file) {
  require_regular_file(file);
  std::error_code error;
  const std::uintmax_t bytes = fs::file_size(file, error);
  if (error) fail(file, "cannot be read (" + error.message() + ")");
  if (bytes > kMaxJsonBytes) fail(file, std::to_string(bytes) + " bytes; JSON files over 16 MiB are refused");
  const auto limit_depth = [&file](int depth, Json::parse_event_t, Json&) {
    if (depth > kMaxJsonDepth) fail(file, "JSON nested deeper than " + std::to_string(kMaxJsonDepth) + " levels");
    return true;
  };
  try {
    return Json::parse(support::read_file_text(file), limit_depth);
  } catch (const Json::exception& e) {
    fail(file, std::string("not valid JSON (") + e.what() + ")");
  }
}

const Json& member(const Json& object, const std::string& key, Json::value_t type, const char* type_name,
                   const fs::path& file) {
  const auto it = object.find(key);
  if (it == object.end()) fail(file, "has no \"" + key + "\"");
  if (it->type() != type) fail(file, "\"" + key + "\" must be " + type_name);
  return *it;
}

const Json& object_member(const Json& object, const std::string& key, const fs::path& file) {
  return member(object, key, Json::value_t::object, "an object", file);
}

const Json& array_member(const Json& object, const std::string& key, const fs::path& file) {
  return member(object, key, Json::value_t::array, "a list", file);
}

std::string string_value(const Json& value, const std::string& what, const fs::path& file) {
  if (!value.is_string()) fail(file, what + " must be a string");
  return value.get<std::string>();
}

int64_t whole_number(const Json& value, const std::string& what, const fs::path& file) {
  if (value.is_number_unsigned()) return int64_t(std::min<uint64_t>(value.get<uint64_t>(), INT64_MAX));
  if (value.is_number_integer()) return value.get<int64_t>();
  fail(file, what + " must be a whole number");
}

Json dataset_json(const fs::path& root) {
  const fs::path file = root / "dataset.json";
  Json json = read_json(file);
  if (!json.is_object()) fail(file, "must be a JSON object");
  return json;
}

// Fails unless the sorted pairs' numbers are 0..n-1, each once.
void require_consecutive(const std::vector<std::pair<int64_t, std::string>>& sorted, const std::string& what,
                         const fs::path& file) {
  std::string found;
  bool consecutive = true;
  for (size_t i = 0; i < sorted.size(); ++i) {
    consecutive = consecutive && sorted[i].first == int64_t(i);
    found += (i ? ", " : "") + std::to_string(sorted[i].first);
  }
  if (!consecutive) {
    fail(file, what + " must be 0.." + std::to_string(sorted.size() - 1) + ", each once (found " + found + ")");
  }
}

// (number, name) pairs of an object whose keys are numbers: {"0": "background", "1": "liver"} (MSD's labels,
// nnU-Net's channel_names, MSD's modality). `what` names the members in errors ("label", "channel").
std::vector<std::pair<int64_t, std::string>> numbered_names(const Json& object, const std::string& what,
                                                            const fs::path& file) {
  std::vector<std::pair<int64_t, std::string>> pairs;
  for (const auto& [key, value] : object.items()) {
    const bool digits = !key.empty() && key.size() <= 3 &&
                        std::all_of(key.begin(), key.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!digits) fail(file, what + " key '" + key + "' must be a number 0..999");
    pairs.emplace_back(std::stoi(key), string_value(value, what + " " + key, file));
  }
  return pairs;
}

// The image channels by index from nnU-Net's channel_names or MSD's modality ({"0": "T1", "1": "T2"}): keys
// 0..C-1 each once, C in 1..kMaxImageChannels, names cleaned like class names and distinct.
std::vector<std::string> channel_names(const Json& channels, const fs::path& file) {
  std::vector<std::pair<int64_t, std::string>> pairs = numbered_names(channels, "channel", file);
  if (pairs.empty() || pairs.size() > size_t(kMaxImageChannels)) {
    fail(file, "names " + std::to_string(pairs.size()) + " image channels; 1 to " +
                   std::to_string(kMaxImageChannels) + " are supported");
  }
  std::sort(pairs.begin(), pairs.end());
  require_consecutive(pairs, "channel numbers", file);
  std::vector<std::string> names;
  for (const auto& pair : pairs) names.push_back(cleaned_class_name(pair.second));
  if (!valid_channel_names(names)) {
    fail(file, "channel names '" + join_class_names(names) + "' must be non-empty and distinct (after replacing "
                                                               "characters outside [A-Za-z0-9_-] by '_')");
  }
  return names;
}

// Class names by label value from (value, name) pairs: the values must be 0..K-1, each once, K in 2..255.
std::vector<std::string> class_names(std::vector<std::pair<int64_t, std::string>> labels, const fs::path& file) {
  if (labels.size() > kMaxClasses) {
    fail(file, std::to_string(labels.size()) + " labels; at most " + std::to_string(kMaxClasses) + " are supported");
  }
  if (labels.size() < 2) fail(file, "needs at least 2 labels (the background 0 and a class)");
  std::sort(labels.begin(), labels.end());
  if (labels.front().first != 0) fail(file, "has no background label 0");
  require_consecutive(labels, "label values", file);
  std::vector<std::string> names;
  std::set<std::string> seen;
  for (const auto& [value, name] : labels) {
    const std::string clean = cleaned_class_name(name);
    if (clean.empty()) fail(file, "label " + std::to_string(value) + " has an empty name");
    if (!seen.insert(clean).second)
      fail(file, "two labels are named '" + clean + "' (after replacing characters outside [A-Za-z0-9_-] by '_')");
    names.push_back(clean);
  }
  return names;
}

void require_training_cases(const std::vector<LabelledCase>& training, const fs::path& where) {
  if (training.size() < 2)
    fail(where, "holds " + std::to_string(training.size()) + " training cases; at least 2 are needed");
}

void require_count(const Json& json, const std::string& key, size_t found, const std::string& what,
                   const fs::path& file) {
  const int64_t listed = whole_number(json.at(key), "\"" + key + "\"", file);
  if (listed != int64_t(found)) {
    fail(file,
         "\"" + key + "\" is " + std::to_string(listed) + " but " + what + " " + std::to_string(found) + " cases");
  }
}

// A fold's validation names must be distinct training cases and leave at least one case for training.
void check_fold(const std::vector<std::string>& validation, size_t fold, const std::set<std::string>& training,
                const fs::path& file) {
  const std::string where = "fold " + std::to_string(fold);
  if (validation.empty()) fail(file, where + " has no validation case");
  std::set<std::string> seen;
  for (const auto& name : validation) {
    if (!training.count(name)) fail(file, where + " validates '" + name + "', which is not a training case");
    if (!seen.insert(name).second) fail(file, where + " names '" + name + "' twice");
  }
  if (seen.size() == training.size()) fail(file, where + " leaves no training case");
}

std::set<std::string> names_of(const std::vector<LabelledCase>& cases) {
  std::set<std::string> names;
  for (const auto& c : cases) names.insert(c.name);
  return names;
}

// root/splits_final.json (nnU-Net's: a list of {"train": [...], "val": [...]}); only "val" is read, since a
// fold trains on every other training case. Empty when the file does not exist.
std::vector<std::vector<std::string>> read_validation_folds(const fs::path& root,
                                                            const std::vector<LabelledCase>& training) {
  const fs::path file = root / "splits_final.json";
  std::error_code error;
  if (!fs::exists(file, error)) return {};
  const Json splits = read_json(file);
  if (!splits.is_array() || splits.empty()) fail(file, "must be a non-empty list of folds {\"val\": [case names]}");
  const std::set<std::string> names = names_of(training);
  std::vector<std::vector<std::string>> folds;
  for (size_t f = 0; f < splits.size(); ++f) {
    if (!splits[f].is_object()) fail(file, "fold " + std::to_string(f) + " must be an object with \"val\"");
    std::vector<std::string> validation;
    for (const Json& name : array_member(splits[f], "val", file)) {
      validation.push_back(string_value(name, "fold " + std::to_string(f) + "'s \"val\" entries", file));
    }
    check_fold(validation, f, names, file);
    folds.push_back(std::move(validation));
  }
  return folds;
}

void sort_cases(std::vector<LabelledCase>& cases, const fs::path& file) {
  std::sort(cases.begin(), cases.end(), [](const LabelledCase& a, const LabelledCase& b) { return a.name < b.name; });
  for (size_t i = 1; i < cases.size(); ++i) {
    if (cases[i].name == cases[i - 1].name) fail(file, "two cases are named '" + cases[i].name + "'");
  }
}

// ---- nnU-Net v2 ----

std::vector<std::pair<int64_t, std::string>> nnunet_labels(const Json& labels, const fs::path& file) {
  std::vector<std::pair<int64_t, std::string>> pairs;
  for (const auto& [name, value] : labels.items()) {
    if (value.is_array()) fail(file, "label '" + name + "' is a list: region-based labels are not supported");
    if (name == "ignore") fail(file, "an \"ignore\" label (partial annotation) is not supported");
    pairs.emplace_back(whole_number(value, "label '" + name + "'", file), name);
  }
  return pairs;
}

// The cases of labels/<case><ending> with images images/<case>_0000<ending> .. <case>_<channels-1><ending>; none
// when `labels` does not exist and `optional`.
std::vector<LabelledCase> nnunet_cases(const fs::path& images, const fs::path& labels, const std::string& ending,
                                       size_t channels, bool optional) {
  std::error_code error;
  if (!fs::is_directory(labels, error)) {
    if (optional) return {};
    fail(labels, "no such folder");
  }
  std::vector<LabelledCase> cases;
  for (fs::directory_iterator it(labels, error), end; !error && it != end; it.increment(error)) {
    const std::string file = it->path().filename().string();
    std::error_code type_error;
    if (file.size() <= ending.size() || !ends_with(file, ending) || !it->is_regular_file(type_error)) continue;
    const std::string name = file.substr(0, file.size() - ending.size());
    LabelledCase c{name, {}, it->path()};
    for (size_t channel = 0; channel < channels; ++channel) {
      c.images.push_back(images / (name + nnunet_channel_suffix(int(channel)) + ending));
      require_regular_file(c.images.back());
    }
    cases.push_back(std::move(c));
  }
  if (error) fail(labels, "cannot be listed (" + error.message() + ")");
  sort_cases(cases, labels);
  return cases;
}

// ---- MSD ----

// root/<relative>, which must be relative, without "..", without a NUL character, and an existing file.
fs::path listed_file(const fs::path& root, const Json& value, const std::string& what, const fs::path& file) {
  const std::string text = string_value(value, what, file);
  // JSON allows "\u0000"; the file system would see the path cut at it, so that the existence check (and a later
  // open) would be of another file than the one listed, and the case name would come from the uncut path.
  if (text.find('\0') != std::string::npos) fail(file, what + " '" + text + "' must not contain a NUL character");
  const fs::path relative(text);
  if (relative.empty() || relative.has_root_path())
    fail(file, what + " '" + text + "' must be a path relative to the data set folder");
  for (const auto& part : relative) {
    if (part == "..") fail(file, what + " '" + text + "' must not contain '..'");
  }
  const fs::path path = (root / relative).lexically_normal();
  require_regular_file(path);
  return path;
}

std::string msd_case_name(const fs::path& file) {
  const std::string name = file.filename().string();
  const std::string nifti_gz = ".nii.gz";
  if (name.size() > nifti_gz.size() && ends_with(name, nifti_gz)) return name.substr(0, name.size() - nifti_gz.size());
  return file.stem().string();
}

std::vector<LabelledCase> msd_training(const fs::path& root, const Json& list, const fs::path& file) {
  std::vector<LabelledCase> cases;
  for (size_t i = 0; i < list.size(); ++i) {
    const std::string what = "training[" + std::to_string(i) + "]";
    if (!list[i].is_object()) fail(file, what + " must be an object with \"image\" and \"label\"");
    const fs::path image =
        listed_file(root, member(list[i], "image", Json::value_t::string, "a string", file), what + ".image", file);
    const fs::path label =
        listed_file(root, member(list[i], "label", Json::value_t::string, "a string", file), what + ".label", file);
    cases.push_back({msd_case_name(label), {image}, label});
  }
  sort_cases(cases, file);
  return cases;
}

// The test images that have a label of the same file name in labelsTs.
std::vector<LabelledCase> msd_labelled_test(const fs::path& root, const Json& list, const fs::path& file) {
  std::vector<LabelledCase> cases;
  for (size_t i = 0; i < list.size(); ++i) {
    const fs::path image = listed_file(root, list[i], "test[" + std::to_string(i) + "]", file);
    const fs::path label = root / "labelsTs" / image.filename();
    std::error_code error;
    if (fs::is_regular_file(label, error)) cases.push_back({msd_case_name(image), {image}, label});
  }
  sort_cases(cases, file);
  return cases;
}

}  // namespace

std::string nnunet_channel_suffix(int channel) {
  const std::string digits = std::to_string(channel);
  return "_" + std::string(digits.size() < 4 ? 4 - digits.size() : 0, '0') + digits;
}

LabelledDataset read_nnunet_dataset(const fs::path& root) {
  const fs::path file = root / "dataset.json";
  const Json json = dataset_json(root);
  LabelledDataset dataset;
  dataset.layout = "nnunet";
  // nnU-Net v2 falls back to v1's "modality" when "channel_names" is absent; so does this reader.
  dataset.channel_names =
      channel_names(object_member(json, json.contains("channel_names") ? "channel_names" : "modality", file), file);
  dataset.class_names = class_names(nnunet_labels(object_member(json, "labels", file), file), file);
  const std::string ending =
      string_value(member(json, "file_ending", Json::value_t::string, "a string", file), "\"file_ending\"", file);
  if (ending.empty() || ending.find('/') != std::string::npos)
    fail(file, "\"file_ending\" must be a file name ending such as \".nii.gz\"");
  if (!json.contains("numTraining")) fail(file, "has no \"numTraining\"");
  const size_t channels = dataset.channel_names.size();
  dataset.training = nnunet_cases(root / "imagesTr", root / "labelsTr", ending, channels, false);
  require_count(json, "numTraining", dataset.training.size(), "labelsTr holds", file);
  require_training_cases(dataset.training, root / "labelsTr");
  dataset.test = nnunet_cases(root / "imagesTs", root / "labelsTs", ending, channels, true);
  dataset.validation_folds = read_validation_folds(root, dataset.training);
  return dataset;
}

LabelledDataset read_msd_dataset(const fs::path& root) {
  const fs::path file = root / "dataset.json";
  const Json json = dataset_json(root);
  LabelledDataset dataset;
  dataset.layout = "msd";
  dataset.channel_names = channel_names(object_member(json, "modality", file), file);
  dataset.class_names = class_names(numbered_names(object_member(json, "labels", file), "label", file), file);
  const Json& training = array_member(json, "training", file);
  dataset.training = msd_training(root, training, file);
  if (json.contains("numTraining")) require_count(json, "numTraining", training.size(), "\"training\" lists", file);
  require_training_cases(dataset.training, file);
  if (json.contains("test")) {
    const Json& test = array_member(json, "test", file);
    if (json.contains("numTest")) require_count(json, "numTest", test.size(), "\"test\" lists", file);
    dataset.test = msd_labelled_test(root, test, file);
  }
  dataset.validation_folds = read_validation_folds(root, dataset.training);
  return dataset;
}

std::array<std::vector<std::string>, 2> fold_cases(const LabelledDataset& dataset, int fold) {
  std::vector<std::string> names;
  for (const auto& c : dataset.training) names.push_back(c.name);
  std::sort(names.begin(), names.end());
  if (names.size() < 2) {
    throw InputError("the data set has " + std::to_string(names.size()) + " training cases; a fold needs at least 2");
  }
  const bool from_file = !dataset.validation_folds.empty();
  const int folds =
      from_file ? int(dataset.validation_folds.size()) : int(std::min<size_t>(kDefaultFolds, names.size()));
  if (fold < 0 || fold >= folds) {
    throw InputError("option data.fold: " + std::to_string(fold) + " is outside 0.." + std::to_string(folds - 1) +
                     (from_file ? " (the folds of splits_final.json)" : " (nnU-Net's cross-validation folds)"));
  }
  std::vector<std::string> validation;
  if (from_file) {
    validation = dataset.validation_folds[size_t(fold)];
    check_fold(validation, size_t(fold), names_of(dataset.training), "splits_final.json");
  } else {
    for (size_t i : kfold_validation_indices(names.size(), size_t(folds), size_t(fold), kFoldSeed)) {
      validation.push_back(names[i]);
    }
  }
  std::sort(validation.begin(), validation.end());
  std::vector<std::string> training;
  std::set_difference(names.begin(), names.end(), validation.begin(), validation.end(), std::back_inserter(training));
  return {training, validation};
}

}  // namespace hypera::data
