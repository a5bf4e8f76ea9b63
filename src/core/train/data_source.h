#pragma once
// From the [data] section to an opened prepared data set: prepares the HDF5 file from the configured
// source when it does not exist yet, then opens it read-only.
#include <ostream>

#include "core/train/run_config.h"
#include "data/pipeline/prepare.h"
#include "data/pipeline/prepared_dataset.h"

namespace hypera::core {

// Writes data.prepared from the configured source (bbbc039 or volume_pair) even if it exists.
// source "prepared" has nothing to convert and throws hypera::InputError.
data::PrepareSummary prepare_data(const DataOptions& options);

// Opens data.prepared, preparing it first (with a line on `log`) when it is missing and the source is not
// "prepared". Throws hypera::InputError for a missing or bad file.
data::PreparedDataset open_prepared_data(const DataOptions& options, std::ostream& log);

}  // namespace hypera::core
