#include "core/train/data_source.h"

#include <filesystem>

#include "support/checksum_sidecar.h"
#include "support/input_error.h"
#include "data/io/targets.h"
#include "data/pipeline/prepared_format.h"

namespace hypera::core {
namespace fs = std::filesystem;

namespace {

// The nnunet or msd data set at data.root.
data::LabelledDataset read_labelled(const DataOptions& o) {
  if (o.root.empty()) throw InputError("option 'data.root': needed for data.source=" + o.source);
  return o.source == "nnunet" ? data::read_nnunet_dataset(o.root) : data::read_msd_dataset(o.root);
}

// Why data.prepared must be written from the source before it is opened: "" when it is there with its checksum
// sidecar, or when source is "prepared" (PreparedDataset::open then refuses what is missing).
std::string reason_to_prepare(const DataOptions& o) {
  if (o.source == "prepared") return "";
  if (!fs::exists(o.prepared)) return "preparing " + o.prepared;
  const fs::path sidecar = support::checksum_sidecar_of(o.prepared);
  if (!fs::exists(sidecar)) {
    return o.prepared + " has no checksum " + sidecar.string() + " (written by an older HYPERA?): preparing it again";
  }
  return "";
}

// prepare_data with a line on `log` saying why (`reason`) and from where, and one with the split sizes.
void prepare_logged(const DataOptions& o, const std::string& reason, std::ostream& log) {
  log << reason << " from " << (o.source == "volume_pair" ? o.image : o.root) << std::endl;
  const auto summary = prepare_data(o);
  log << "prepared " << summary.samples << " samples (training " << summary.split_sizes[0] << ", validation "
      << summary.split_sizes[1] << ", test " << summary.split_sizes[2] << ")" << std::endl;
}

// Opens data.prepared; a file of the previous format is prepared again from its source first (where the source
// is known: with data.source=prepared the refusal stands).
data::PreparedDataset open_current(const DataOptions& o, std::ostream& log) {
  try {
    return data::PreparedDataset::open(o.prepared);
  } catch (const data::OutdatedPreparedFile&) {
    if (o.source == "prepared") throw;
    prepare_logged(o, o.prepared + " is of the previous format " + data::prepared::kPreviousFormat +
                          " (variable-length strings): preparing it again", log);
  }
  return data::PreparedDataset::open(o.prepared);
}

}  // namespace

data::PrepareSummary prepare_data(const DataOptions& o, const data::SampleProgress& on_sample) {
  const auto target = data::parse_target_kind(o.target);
  const bool labelled = o.source == "nnunet" || o.source == "msd";
  if (target == data::TargetKind::Classes && !labelled) {
    throw InputError("option 'data.target': classes needs a data set with class labels (data.source nnunet or msd), "
                     "not " + o.source);
  }
  const fs::path out = o.prepared;
  if (out.has_parent_path()) fs::create_directories(out.parent_path());
  if (labelled) {
    return data::prepare_labelled_dataset(read_labelled(o), target, o.fold, out, on_sample);
  }
  if (o.source == "bbbc039") {
    if (o.root.empty()) throw InputError("option 'data.root': needed for data.source=bbbc039");
    return data::prepare_bbbc039(o.root, target, out, on_sample);
  }
  if (o.source == "volume_pair") {
    return data::prepare_volume_pair(o.image, o.mask, o.mask_threshold, target, o.split_axis, o.slabs, out, on_sample,
                                     o.dicom_series);
  }
  throw InputError("option 'data.source': '" + o.source + "' names an already prepared file; nothing to prepare");
}

data::PreparedDataset open_prepared_data(const DataOptions& o, std::ostream& log) {
  if (o.prepared.empty()) throw InputError("option 'data.prepared': empty path");
  const std::string reason = reason_to_prepare(o);
  if (!reason.empty()) prepare_logged(o, reason, log);
  auto dataset = open_current(o, log);
  if (dataset.info().target != o.target) {
    throw InputError(o.prepared + ": holds target '" + dataset.info().target + "' but data.target is '" + o.target +
                     "' (set data.prepared to another file)");
  }
  if (o.source == "nnunet" || o.source == "msd") {
    const std::vector<std::string> validation = data::fold_cases(read_labelled(o), o.fold)[1];
    if (dataset.split("validation") != validation) {
      throw InputError(o.prepared + ": its validation split is not fold " + std::to_string(o.fold) + " of " + o.root +
                       " (prepared for another data.fold or data set: set data.prepared to another file)");
    }
  }
  return dataset;
}

}  // namespace hypera::core
