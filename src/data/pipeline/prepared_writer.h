#pragma once
// Writes one prepared data set (layout: prepared_format.h) to a new file. Callers wrap it in
// support::write_file_atomically (support/durable_file.h) so that only a finished file ever appears under
// the final name. Not thread-safe (one thread writes); takes lock_hdf5() around every HDF5 call, so other threads
// may read other prepared files meanwhile. HDF5 failures throw std::runtime_error naming the file.
#include <array>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "data/io/targets.h"
#include "data/io/volume.h"

namespace hypera::data {

// "foreground" or "three_class": the spelling stored in the file and accepted by parse_target_kind.
std::string target_kind_name(TargetKind kind);

struct SampleRecord {
  std::string name;
  const ImageVolume* image = nullptr;          // normalized to [0, 1]
  const LabelVolume* label = nullptr;          // same grid as image
  const InstanceVolume* instances = nullptr;   // optional; same grid as image
  std::array<int64_t, 3> origin_voxel{0, 0, 0};
  std::string image_source;
  std::string mask_source;
};

class PreparedWriter {
 public:
  // Creates (truncates) `path` and writes the root attributes; an uncreatable file throws InputError.
  PreparedWriter(const std::filesystem::path& path, const std::string& source_kind, TargetKind target,
                 int spatial_dims_of_samples);
  // Closes the file (finished or not).
  ~PreparedWriter();
  PreparedWriter(const PreparedWriter&) = delete;
  PreparedWriter& operator=(const PreparedWriter&) = delete;

  // Compresses and writes one sample group. Cost: dominated by deflate.
  void add_sample(const SampleRecord& sample);
  // Writes /splits (training, validation, test) and closes the file.
  void finish(const std::array<std::vector<std::string>, 3>& splits);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace hypera::data
