#pragma once
// Writes one prepared data set (layout: prepared_format.h) to a new file. Callers wrap it in
// write_prepared_file (below) so that only a finished file, with its checksum sidecar, ever appears under the
// final name. Not thread-safe (one thread writes); takes lock_hdf5() around every HDF5 call, so other threads
// may read other prepared files meanwhile. HDF5 failures throw std::runtime_error naming the file.
#include <array>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "data/io/targets.h"
#include "data/io/volume.h"

namespace hypera::data {

struct SampleRecord {
  std::string name;
  std::vector<const ImageVolume*> channels;   // one per channel of the writer, each normalized to [0, 1]
  const LabelVolume* label = nullptr;          // on the grid of every channel
  const InstanceVolume* instances = nullptr;   // optional; same grid
  std::array<int64_t, 3> origin_voxel{0, 0, 0};
  std::string image_source;
  std::string mask_source;
};

// Puts a prepared file in place at `path` beside its checksum sidecar "<path>.crc32c" (support/checksum_sidecar.h),
// which PreparedDataset::open verifies before any HDF5 call. write(staged) writes the complete file at `staged`
// ("<path>.tmp", usually with a PreparedWriter). The order, chosen so that no crash leaves a sidecar beside a file
// it does not describe:
//   1. write(staged); when it throws, the staged file is removed and the old file and sidecar stay as they were;
//   2. the staged file's size and CRC-32C are computed (one more pass over the file);
//   3. the old sidecar is removed and its folder fsynced;
//   4. the staged file is fsynced and renamed onto `path`, the folder fsynced (support::write_file_atomically);
//   5. the sidecar is written atomically (its own temporary file, fsync, rename, fsync).
// A crash between 3 and 5 leaves a file without a sidecar, which is never trusted: open_prepared_data
// (core/train/data_source.h) prepares it again from its source, PreparedDataset::open refuses it. Errors: those of
// `write`, and InputError naming the file or sidecar that cannot be written, synced, renamed or removed.
void write_prepared_file(const std::filesystem::path& path,
                         const std::function<void(const std::filesystem::path& staged)>& write);

class PreparedWriter {
 public:
  // Creates (truncates) `path` and writes the root attributes; an uncreatable file throws InputError.
  // class_names: index = label value, at least 2, each of [A-Za-z0-9_-] only (they are stored joined by ','):
  // fixed_class_names(target) for foreground and three_class, the data set's for classes; anything else throws
  // std::invalid_argument. channel_names: the image channels, valid_channel_names (data/io/class_names.h), else
  // std::invalid_argument; stored only when there are several, so single-channel files are as before they existed.
  PreparedWriter(const std::filesystem::path& path, const std::string& source_kind, TargetKind target,
                 const std::vector<std::string>& class_names, int spatial_dims_of_samples,
                 const std::vector<std::string>& channel_names = {"image"});
  // Closes the file (finished or not).
  ~PreparedWriter();
  PreparedWriter(const PreparedWriter&) = delete;
  PreparedWriter& operator=(const PreparedWriter&) = delete;

  // Compresses and writes one sample group. A sample with another number of channels than the writer's, or whose
  // volumes are not on one grid, throws std::invalid_argument. Cost: dominated by deflate.
  void add_sample(const SampleRecord& sample);
  // Writes /splits (training, validation, test) and closes the file.
  void finish(const std::array<std::vector<std::string>, 3>& splits);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace hypera::data
