// hypera_dist eval: every metric of core/measure for predicted masks against ground-truth masks, as a table
// on stdout and (--json) a JSON file with per-image and mean values.
#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <vector>

#include "app/argument_list.h"
#include "app/commands.h"
#include "app/dicom_folder.h"
#include "app/file_stem.h"
#include "core/measure/class_scores.h"
#include "core/measure/finite_means.h"
#include "core/measure/scores.h"
#include "core/train/run_classes.h"
#include "core/train/text_fields.h"
#include "data/io/image_reader.h"
#include "support/input_error.h"
#include "data/io/targets.h"
#include "support/durable_file.h"
#include "support/json_text.h"
#include "support/number_text.h"

namespace hypera::app {
namespace fs = std::filesystem;
namespace {

const char* const kUsage =
    "usage: hypera_dist eval --pred P --gt G [--json FILE] [--spacing x,y[,z]] [--kind labels|instances|bbbc039]\n"
    "                        [--class C | --classes FILE] [--tolerance MM] [--boundary-tolerance PX]\n"
    "                        [--percentile Q] [--dicom-series UID]\n"
    "\n"
    "Scores predicted masks P against ground-truth masks G. P and G are both files (one pair) or folders\n"
    "whose files are paired by name without extension (a.png with a.png or a.tif); a file of one folder\n"
    "without a partner in the other is an error naming it. A file and a folder: the folder's file of the\n"
    "same name. Formats: PNG, TIFF, NIfTI (.nii, .nii.gz); a folder of DICOM files and no such file is one\n"
    "DICOM series, scored like a file named as the folder.\n"
    "\n"
    "  --kind labels      (default) label masks; the scored foreground is --class (default: every non-zero value)\n"
    "  --classes FILE     label masks of classes 0..K-1 named by FILE, one name per line (a run's classes.txt):\n"
    "                     adds dice_<name> and hd95_<name> of every class above 0 and their means over the\n"
    "                     classes, mean_dice and mean_hd95, as a run of data.target=classes reports them\n"
    "  --kind instances   object ids (0 background); adds the object-level scores, and the voxel metrics\n"
    "                     score the foreground (every object)\n"
    "  --kind bbbc039     BBBC039 mask PNGs (and hypera_dist infer's PNGs): objects are the connected components\n"
    "                     (8-connectivity) of equal non-zero red values; adds the object-level scores\n"
    "  --spacing x,y[,z]  voxel size for every file (default: the ground truth's NIfTI header, 1 for PNG/TIFF;\n"
    "                     without it, a prediction whose header spacing differs is an error)\n"
    "  --tolerance MM     normalized surface Dice tolerance, physical units (default 1)\n"
    "  --boundary-tolerance PX   boundary F1 tolerance in pixels whatever the spacing (default 2)\n"
    "  --percentile Q     percentile of hd95 (default 95)\n"
    "  --json FILE        per-image and mean values of every metric\n"
    "  --dicom-series UID the SeriesInstanceUID read from each DICOM folder (needed when one holds several)\n"
    "\n"
    "Metrics (MONAI's definitions): dice, iou, precision, recall, volume_similarity; hausdorff, hd95 (larger of\n"
    "the two directed percentiles), assd (symmetric), surface_dice, boundary_f1, with surface = mask minus its\n"
    "erosion by the cross and distances in physical units; components, holes and compactness of both masks;\n"
    "for instances, object F1, precision and recall at IoU > 0.50, 0.55, ..., 0.95, their mean F1, splits,\n"
    "merges, missed and extra objects.\n"
    "\n"
    "Empty masks (MONAI 1.x conventions):\n"
    "  metric              both empty   only prediction empty   only truth empty\n"
    "  dice, iou           1            0                       0\n"
    "  precision           NaN          NaN                     0\n"
    "  recall              NaN          0                       NaN\n"
    "  volume_similarity   1            0                       0\n"
    "  hausdorff, hd95     NaN          +inf                    +inf\n"
    "  assd                NaN          +inf                    +inf\n"
    "  surface_dice        NaN          0                       0\n"
    "  boundary_f1         NaN          0                       0\n"
    "  object F1/precision/recall: 1 when neither mask has an object.\n"
    "(MONAI gives NaN for hd95 with one mask empty, an artefact of interpolating between infinities; here +inf.)\n"
    "The mean over images takes each metric's finite values only (NaN when it has none); the images where it\n"
    "is NaN or infinite are counted instead: the table's row \"not finite\" and, in the JSON's mean,\n"
    "<metric>_nonfinite for each metric with at least one. JSON has no NaN or infinity: such values are\n"
    "written as null, and the object \"non_finite\" next to them names each one as \"nan\" or \"inf\";\n"
    "pred_voxels and gt_voxels tell which empty case an image is. The table prints nan and inf.\n";

enum class MaskKind { Labels, Instances, Bbbc039 };

MaskKind parse_kind(const std::string& text) {
  if (text == "labels") return MaskKind::Labels;
  if (text == "instances") return MaskKind::Instances;
  if (text == "bbbc039") return MaskKind::Bbbc039;
  throw InputError("option --kind: '" + text + "' is not labels, instances or bbbc039");
}

double option_number(const std::string& option, const std::string& text) {
  const auto value = support::parse_number(text);
  if (!value || !std::isfinite(*value)) throw InputError("option --" + option + ": '" + text + "' is not a number");
  return *value;
}

std::optional<std::array<double, 3>> parse_spacing(const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  const auto fields = core::split_fields(*text);
  if (fields.size() != 2 && fields.size() != 3) {
    throw InputError("option --spacing: '" + *text + "' is not x,y or x,y,z");
  }
  std::array<double, 3> spacing{1, 1, 1};
  for (size_t i = 0; i < fields.size(); ++i) {
    spacing[i] = option_number("spacing", fields[i]);
    if (spacing[i] <= 0) throw InputError("option --spacing: '" + *text + "' has a value that is not positive");
  }
  return spacing;
}

// Whether the file's format is one eval reads masks from: PNG, TIFF or NIfTI.
bool is_mask_file(const fs::path& path) {
  const std::string extension = format_extension(path);
  return extension == ".png" || extension == ".tif" || extension == ".tiff" || extension == ".nii" ||
         extension == ".nii.gz";
}

// Mask files of a folder by stem; two files with one stem are an error.
std::map<std::string, fs::path> masks_in(const fs::path& folder, const std::string& option) {
  std::map<std::string, fs::path> masks;
  for (const auto& entry : fs::directory_iterator(folder)) {
    if (!entry.is_regular_file() || !is_mask_file(entry.path())) continue;
    const auto [it, added] = masks.emplace(stem_of(entry.path()), entry.path());
    if (!added) {
      throw InputError("--" + option + " " + folder.string() + ": " + it->second.filename().string() + " and " +
                       entry.path().filename().string() + " have the same name");
    }
  }
  if (masks.empty()) throw InputError("--" + option + " " + folder.string() + ": no PNG, TIFF or NIfTI files");
  return masks;
}

std::string listed(const std::vector<std::string>& names) {
  std::string text;
  for (size_t i = 0; i < names.size() && i < 5; ++i) text += (i ? ", " : "") + names[i];
  if (names.size() > 5) text += " and " + std::to_string(names.size() - 5) + " more";
  return text;
}

// A --pred or --gt folder holding DICOM files and no PNG, TIFF or NIfTI mask: one DICOM series volume.
bool is_series_folder(const fs::path& path) { return is_dicom_series_folder(path, is_mask_file); }

struct MaskPair {
  std::string name;
  fs::path pred, gt;
};

std::vector<MaskPair> pair_masks(fs::path pred, fs::path gt) {
  for (const auto& [option, path] : {std::pair{"pred", pred}, std::pair{"gt", gt}}) {
    if (!fs::exists(path)) throw InputError(std::string("--") + option + " " + path.string() + ": no such file or folder");
  }
  // A DICOM series folder pairs like a file named as the folder.
  const bool pred_series = is_series_folder(pred), gt_series = is_series_folder(gt);
  if (pred_series) pred = trimmed_folder(pred);
  if (gt_series) gt = trimmed_folder(gt);
  const bool pred_folder = fs::is_directory(pred) && !pred_series, gt_folder = fs::is_directory(gt) && !gt_series;
  if (!pred_folder && !gt_folder) return {{stem_of(gt), pred, gt}};
  if (!pred_folder || !gt_folder) {
    const fs::path& file = pred_folder ? gt : pred;
    const fs::path& folder = pred_folder ? pred : gt;
    const auto masks = masks_in(folder, pred_folder ? "pred" : "gt");
    const auto it = masks.find(stem_of(file));
    if (it == masks.end()) {
      throw InputError(folder.string() + ": no file named like " + file.filename().string());
    }
    return {{it->first, pred_folder ? it->second : pred, gt_folder ? it->second : gt}};
  }
  const auto preds = masks_in(pred, "pred"), gts = masks_in(gt, "gt");
  std::vector<std::string> no_gt, no_pred;
  for (const auto& [stem, path] : preds) {
    if (!gts.count(stem)) no_gt.push_back(path.filename().string());
  }
  for (const auto& [stem, path] : gts) {
    if (!preds.count(stem)) no_pred.push_back(path.filename().string());
  }
  if (!no_gt.empty()) throw InputError("--pred " + pred.string() + ": no ground truth in --gt for " + listed(no_gt));
  if (!no_pred.empty()) throw InputError("--gt " + gt.string() + ": no prediction in --pred for " + listed(no_pred));
  std::vector<MaskPair> pairs;
  for (const auto& [stem, path] : gts) pairs.push_back({stem, preds.at(stem), path});
  return pairs;
}

// A mask as read from its file: integer values checked, kept as object ids.
data::InstanceVolume read_ids(const fs::path& path, MaskKind kind, const data::DicomSeries& series) {
  if (kind == MaskKind::Bbbc039) {
    if (format_extension(path) != ".png") throw InputError(path.string() + ": --kind bbbc039 needs PNG masks");
    return data::read_bbbc039_instances(path);
  }
  const data::ImageVolume image = data::read_image(path, series);
  data::InstanceVolume ids(image.geometry);
  for (size_t i = 0; i < image.voxels.size(); ++i) {
    const float v = image.voxels[i];
    if (!(v >= 0 && v < 2147483648.0f) || v != std::floor(v)) {
      throw InputError(path.string() + ": value " + support::format_number(v) + " at voxel " + std::to_string(i) +
                       " is not a non-negative integer label");
    }
    ids.voxels[i] = static_cast<int32_t>(v);
  }
  return ids;
}

// 1 where the voxel belongs to the scored class (class_value < 0: any non-zero value), else 0.
data::LabelVolume class_mask(const data::InstanceVolume& ids, int64_t class_value) {
  data::LabelVolume mask(ids.geometry);
  std::transform(ids.voxels.begin(), ids.voxels.end(), mask.voxels.begin(), [&](int32_t v) {
    return uint8_t(class_value < 0 ? v != 0 : v == class_value);
  });
  return mask;
}

std::string size_text(const data::Geometry& g) {
  return std::to_string(g.nx()) + "x" + std::to_string(g.ny()) + "x" + std::to_string(g.nz());
}

std::string spacing_text(const std::array<double, 3>& s) {
  return support::format_number(s[0]) + "," + support::format_number(s[1]) + "," + support::format_number(s[2]);
}

// Same size; the spacing of both set to the override or, without one, the ground truth's (which the
// prediction's header must agree with to float32 precision).
void reconcile_geometry(const MaskPair& pair, data::InstanceVolume& pred, data::InstanceVolume& gt,
                        const std::optional<std::array<double, 3>>& spacing) {
  if (!pred.geometry.same_grid(gt.geometry)) {
    throw InputError(pair.pred.string() + ": " + size_text(pred.geometry) + " voxels, but " + pair.gt.string() +
                     " has " + size_text(gt.geometry));
  }
  if (spacing) {
    pred.geometry.spacing = gt.geometry.spacing = *spacing;
    return;
  }
  for (int axis = 0; axis < 3; ++axis) {
    const double a = pred.geometry.spacing[axis], b = gt.geometry.spacing[axis];
    if (std::abs(a - b) > 1e-6 * std::max(std::abs(a), std::abs(b))) {
      throw InputError(pair.pred.string() + ": spacing " + spacing_text(pred.geometry.spacing) + " differs from " +
                       pair.gt.string() + " (" + spacing_text(gt.geometry.spacing) + "); give --spacing");
    }
  }
  pred.geometry.spacing = gt.geometry.spacing;
}

struct ImageResult {
  MaskPair pair;
  std::array<double, 3> spacing;
  std::vector<core::NamedValue> values;
};

// class_names: empty, or the names of --classes (then kind is Labels).
ImageResult score_pair(const MaskPair& pair, MaskKind kind, int64_t class_value,
                       const std::vector<std::string>& class_names,
                       const std::optional<std::array<double, 3>>& spacing, const core::ScoreOptions& options,
                       const data::DicomSeries& series) {
  data::InstanceVolume pred = read_ids(pair.pred, kind, series);
  data::InstanceVolume gt = read_ids(pair.gt, kind, series);
  reconcile_geometry(pair, pred, gt, spacing);
  ImageResult result{pair, gt.geometry.spacing, {}};
  result.values = core::named_values(core::score_labels(class_mask(pred, class_value), class_mask(gt, class_value), options));
  std::vector<core::NamedValue> more;
  if (kind != MaskKind::Labels) more = core::named_values(core::score_instances(pred, gt));
  if (!class_names.empty()) {
    const int classes = static_cast<int>(class_names.size());
    more = core::class_scores(data::class_labels_of(pred, classes, pair.pred.string(), " of --classes"),
                              data::class_labels_of(gt, classes, pair.gt.string(), " of --classes"), class_names,
                              options);
  }
  result.values.insert(result.values.end(), more.begin(), more.end());
  return result;
}

// ---- output ----

// "metrics": {"name": value, ...} with null for NaN and infinities, then their "non_finite": {...} sibling.
std::string json_metrics(const std::vector<core::NamedValue>& values, const std::string& indent) {
  std::vector<std::string> metrics, non_finite;
  for (const core::NamedValue& named : values) {
    const double v = named.value;
    metrics.push_back(support::json_member(named.name, support::json_number(v)));
    if (!std::isfinite(v)) {
      const char* kind = std::isnan(v) ? "nan" : v > 0 ? "inf" : "-inf";
      non_finite.push_back(support::json_member(named.name, support::json_string(kind)));
    }
  }
  return support::json_member("metrics", support::json_object(metrics)) + ",\n" + indent +
         support::json_member("non_finite", support::json_object(non_finite));
}

std::string json_numbers(const std::array<double, 3>& values) {
  return support::json_array({support::json_number(values[0]), support::json_number(values[1]),
                              support::json_number(values[2])});
}

std::string json_report(const std::vector<ImageResult>& results, const std::vector<core::NamedValue>& mean,
                        const std::string& kind, int64_t class_value, const core::ScoreOptions& options) {
  using support::json_member, support::json_number, support::json_string;
  const std::string options_object = support::json_object(
      {json_member("hd_percentile", json_number(options.hd_percentile)),
       json_member("surface_dice_tolerance", json_number(options.surface_dice_tolerance)),
       json_member("boundary_f1_tolerance_px", json_number(options.boundary_f1_tolerance_px))});
  std::string json = "{\n  " + json_member("kind", json_string(kind)) + ",\n  " +
                     json_member("class", class_value < 0 ? json_string("foreground") : std::to_string(class_value)) +
                     ",\n  " + json_member("options", options_object) + ",\n  \"images\": [";
  for (size_t i = 0; i < results.size(); ++i) {
    const ImageResult& r = results[i];
    json += (i ? ",\n" : "\n") + std::string("    {") + json_member("name", json_string(r.pair.name)) + ", " +
            json_member("pred", json_string(r.pair.pred.string())) + ", " +
            json_member("gt", json_string(r.pair.gt.string())) + ", " +
            json_member("spacing", json_numbers(r.spacing)) + ",\n      " + json_metrics(r.values, "      ") + "}";
  }
  return json + "\n  ],\n  \"mean\": {" + json_member("images", std::to_string(results.size())) + ",\n    " +
         json_metrics(mean, "    ") + "}\n}\n";
}

// The table's columns: the headline metrics (all of them are in the JSON), with the classes' means for --classes.
std::vector<std::string> table_columns(MaskKind kind, bool classes) {
  std::vector<std::string> columns = {"dice",      "iou",  "precision", "recall",      "volume_similarity",
                                      "hausdorff", "hd95", "assd",      "surface_dice", "boundary_f1"};
  if (kind != MaskKind::Labels) {
    for (const char* name : {"f1@0.50", "mean_f1", "splits", "merges", "missed", "extra"}) columns.push_back(name);
  }
  if (classes) columns.insert(columns.end(), {"mean_dice", "mean_hd95"});
  return columns;
}

void print_row(std::ostream& out, const std::vector<core::NamedValue>& values, const std::vector<std::string>& columns,
               const std::string& name) {
  for (const std::string& column : columns) {
    const auto it = std::find_if(values.begin(), values.end(), [&](const auto& v) { return v.name == column; });
    std::ostringstream cell;
    if (it != values.end()) cell << std::setprecision(4) << it->value;
    out << std::setw(std::max<int>(9, static_cast<int>(column.size()))) << cell.str() << " ";
  }
  out << name << "\n";
}

// Per column, the count of images where it is not finite (the mean's <column>_nonfinite entry, 0 without
// one); empty when every column is finite everywhere.
std::vector<core::NamedValue> nonfinite_row(const std::vector<core::NamedValue>& mean,
                                            const std::vector<std::string>& columns) {
  std::vector<core::NamedValue> counts;
  bool any = false;
  for (const std::string& column : columns) {
    const std::string name = core::nonfinite_name(column);
    const auto it = std::find_if(mean.begin(), mean.end(), [&](const auto& v) { return v.name == name; });
    counts.push_back({column, it == mean.end() ? 0.0 : it->value});
    any = any || it != mean.end();
  }
  return any ? counts : std::vector<core::NamedValue>{};
}

// `mean`: the means of every metric and the counts of non-finite values (finite_means.h).
void print_table(std::ostream& out, const std::vector<ImageResult>& results, const std::vector<core::NamedValue>& mean,
                 const std::vector<std::string>& columns) {
  for (const std::string& column : columns) out << std::setw(std::max<int>(9, static_cast<int>(column.size()))) << column << " ";
  out << "image\n";
  for (const ImageResult& r : results) print_row(out, r.values, columns, r.pair.name);
  const std::string of = " of " + std::to_string(results.size());
  print_row(out, mean, columns, "mean" + of + " (finite values only)");
  const auto counts = nonfinite_row(mean, columns);
  if (!counts.empty()) print_row(out, counts, columns, "not finite (images" + of + ")");
}

// The means over the images' finite values, then the counts of non-finite values (finite_means.h).
std::vector<core::NamedValue> mean_over_images(const std::vector<ImageResult>& results) {
  core::FiniteMeans tally(core::names_of(results.front().values));
  for (const ImageResult& r : results) tally.add(r.values);
  return tally.means_and_counts();
}

std::optional<std::string> value_of(const SplitArguments& split, const std::string& name) {
  const auto it = split.values.find(name);
  return it == split.values.end() ? std::nullopt : std::optional<std::string>(it->second);
}

}  // namespace

int run_eval(const Arguments& arguments) {
  const auto split = split_arguments(
      arguments, {"pred", "gt", "json", "spacing", "kind", "class", "classes", "tolerance", "boundary-tolerance",
                  "percentile", kDicomSeriesOption},
      {"help"});
  if (split.flags.count("help")) {
    std::cout << kUsage;
    return 0;
  }
  if (!split.rest.empty()) throw InputError("eval: unexpected argument '" + split.rest.front() + "' (see --help)");
  const std::string kind_name = value_of(split, "kind").value_or("labels");
  const MaskKind kind = parse_kind(kind_name);
  const auto spacing = parse_spacing(value_of(split, "spacing"));
  int64_t class_value = -1;
  if (const auto text = value_of(split, "class")) {
    const double value = option_number("class", *text);
    if (value < 0 || value != std::floor(value) || value > 2147483647.0) {
      throw InputError("option --class: '" + *text + "' is not a non-negative integer");
    }
    if (kind != MaskKind::Labels) throw InputError("option --class: only with --kind labels");
    class_value = static_cast<int64_t>(value);
  }
  std::vector<std::string> class_names;
  if (const auto file = value_of(split, "classes")) {
    if (kind != MaskKind::Labels || class_value >= 0) {
      throw InputError("option --classes: only with --kind labels and without --class");
    }
    class_names = core::read_class_list(*file);
  }
  core::ScoreOptions options;
  if (const auto t = value_of(split, "tolerance")) options.surface_dice_tolerance = option_number("tolerance", *t);
  if (const auto t = value_of(split, "boundary-tolerance")) {
    options.boundary_f1_tolerance_px = option_number("boundary-tolerance", *t);
  }
  if (const auto t = value_of(split, "percentile")) options.hd_percentile = option_number("percentile", *t);
  if (options.surface_dice_tolerance < 0) throw InputError("option --tolerance: must not be negative");
  if (options.boundary_f1_tolerance_px < 0) throw InputError("option --boundary-tolerance: must not be negative");
  if (options.hd_percentile < 0 || options.hd_percentile > 100) throw InputError("option --percentile: not in 0..100");

  const data::DicomSeries series = dicom_series_choice(split);
  if (!series.uid.empty() && !is_series_folder(required(split, "pred")) && !is_series_folder(required(split, "gt"))) {
    throw InputError("option --dicom-series: neither --pred nor --gt is a folder of DICOM files");
  }
  const auto pairs = pair_masks(required(split, "pred"), required(split, "gt"));
  std::vector<ImageResult> results;
  for (const MaskPair& pair : pairs) {
    results.push_back(score_pair(pair, kind, class_value, class_names, spacing, options, series));
  }
  const auto mean = mean_over_images(results);

  print_table(std::cout, results, mean, table_columns(kind, !class_names.empty()));
  if (const auto json = value_of(split, "json")) {
    support::write_file_atomically(*json, json_report(results, mean, kind_name, class_value, options));
    std::cout << "wrote " << *json << "\n";
  }
  return 0;
}

}  // namespace hypera::app
