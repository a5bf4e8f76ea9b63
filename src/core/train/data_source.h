#pragma once
// From the [data] section to an opened prepared data set: prepares the HDF5 file from the configured
// source when it does not exist yet (or has no checksum sidecar, or is of the previous format), then opens it
// read-only.
#include <ostream>

#include "core/train/run_config.h"
#include "data/pipeline/prepare.h"
#include "data/pipeline/prepared_dataset.h"

namespace hypera::core {

// Writes data.prepared from the configured source (bbbc039, volume_pair, nnunet or msd) even if it exists, reporting every
// written sample to `on_sample` when set (data::SampleProgress, prepare.h). source "prepared" has nothing to
// convert and throws hypera::InputError.
data::PrepareSummary prepare_data(const DataOptions& options, const data::SampleProgress& on_sample = {});

// Opens data.prepared (PreparedDataset::open: its checksum sidecar is verified first). When the source is not
// "prepared" and the file is missing, or has no sidecar "<data.prepared>.crc32c" (written by a HYPERA before
// the sidecar existed, or interrupted before its sidecar was written), or is of the previous format
// (data::OutdatedPreparedFile), it is prepared first, with a line on `log` saying why (and one with the sample
// counts). A sidecar that disagrees with its file is left alone:
// InputError ("damaged ... delete both and prepare again"), as for any missing or bad file with source
// "prepared".
data::PreparedDataset open_prepared_data(const DataOptions& options, std::ostream& log);

}  // namespace hypera::core
