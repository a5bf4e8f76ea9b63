#include "core/train/data_source.h"

#include <filesystem>

#include "support/checksum_sidecar.h"
#include "support/input_error.h"
#include "data/io/targets.h"

namespace hypera::core {
namespace fs = std::filesystem;

data::PrepareSummary prepare_data(const DataOptions& o, const data::SampleProgress& on_sample) {
  const auto target = data::parse_target_kind(o.target);
  const fs::path out = o.prepared;
  if (out.has_parent_path()) fs::create_directories(out.parent_path());
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

namespace {

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

}  // namespace

data::PreparedDataset open_prepared_data(const DataOptions& o, std::ostream& log) {
  if (o.prepared.empty()) throw InputError("option 'data.prepared': empty path");
  const std::string reason = reason_to_prepare(o);
  if (!reason.empty()) {
    log << reason << " from " << (o.source == "bbbc039" ? o.root : o.image) << std::endl;
    const auto summary = prepare_data(o);
    log << "prepared " << summary.samples << " samples (training " << summary.split_sizes[0] << ", validation "
        << summary.split_sizes[1] << ", test " << summary.split_sizes[2] << ")" << std::endl;
  }
  auto dataset = data::PreparedDataset::open(o.prepared);
  if (dataset.info().target != o.target) {
    throw InputError(o.prepared + ": holds target '" + dataset.info().target + "' but data.target is '" + o.target +
                     "' (set data.prepared to another file)");
  }
  return dataset;
}

}  // namespace hypera::core
