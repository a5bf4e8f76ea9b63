#pragma once
// Read access to a prepared data set (layout: prepared_format.h), opened read-only; every MPI rank may
// open the same file at once.
//
// Thread safety: the serial HDF5 library is not thread-safe, so every method takes the process-wide
// lock_hdf5() (hdf5_lock.h). A PreparedDataset may be shared between threads; their loads run one at
// a time. Cost: load() reads and inflates one sample (a BBBC039 sample: about 35 ms on the 2-core
// development machine under load).
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "data/io/targets.h"
#include "data/io/volume.h"
#include "support/input_error.h"

namespace hypera::data {

struct PreparedInfo {
  std::string format;        // "hypera-prepared-2"
  std::string source_kind;   // "bbbc039" | "nifti" | "dicom" | "nnunet" | "msd"
  std::string target;        // "foreground" | "three_class" | "classes"
  TargetKind target_kind = TargetKind::Foreground;
  int num_classes = 2;
  std::vector<std::string> class_names;  // num_classes names, index = label value (data/io/class_names.h)
  std::vector<std::string> channel_names{"image"};  // the image channels (modalities), at least one; same rule
  int spatial_dims_of_samples = 2;
};

struct Sample {
  std::string name;
  std::vector<ImageVolume> channels;  // one per PreparedInfo::channel_names, each [0, 1], on label's grid
  LabelVolume label;          // 0 .. num_classes - 1
  InstanceVolume instances;   // object ids on the same grid; no voxels when the data set has none
  std::array<int64_t, 3> origin_voxel{0, 0, 0};  // position of this sample in its source volume
  std::string image_source;
  std::string mask_source;
};

// A prepared file of the previous format (prepared_format.h: kPreviousFormat), which open() refuses; callers that
// know the file's source prepare it again (core/train/data_source.h).
class OutdatedPreparedFile : public InputError {
 public:
  using InputError::InputError;
};

class PreparedDataset {
 public:
  // Opens and validates the file. First, before any HDF5 call, the whole file is read once and its size and
  // CRC-32C compared with its sidecar "<path>.crc32c" (written by write_prepared_file, prepared_writer.h): no
  // sidecar, or one that disagrees, throws InputError ("prepare it again"), because damaged files can crash or
  // hang libhdf5 1.10 itself (H5HG_read, H5C_protect). Cost: one sequential read of the whole file, on every rank
  // that opens it (measured on the 2-core development machine under load, the file in the page cache: about
  // 0.8 GB/s, 0.23 s for the 195 MB BBBC039 file, 0.013 s for the 10.8 MB MRI file). Then the file must be HDF5
  // with format "hypera-prepared-2", the root attributes (fixed-length string attributes; spatial_dims_of_samples
  // 2 or 3; channel_names, where present, 2..16 valid names), /samples and /splits with training, validation,
  // test, no split longer than /samples, and every split name must be a sample. A file of the previous format
  // (its format attribute a variable-length string) throws OutdatedPreparedFile before any string is read.
  // Anything else (missing, not HDF5, truncated, wrong layout) throws InputError naming the file. The checksum
  // finds damage, not a crafted file given a matching sidecar: such a file can still crash HDF5 1.10.8 through
  // its object headers (H5C_protect); since format 2 no string is read from HDF5's global heap, the crafted
  // heaps that hung or crashed it (H5HG_read) are no longer reached.
  static PreparedDataset open(const std::filesystem::path& path);

  PreparedDataset(PreparedDataset&&) noexcept;
  PreparedDataset& operator=(PreparedDataset&&) noexcept;
  ~PreparedDataset();

  const std::filesystem::path& path() const;
  const PreparedInfo& info() const;
  // Sample names of "training", "validation" or "test", in stored order; another name throws InputError.
  const std::vector<std::string>& split(const std::string& split_name) const;
  // Every sample in /samples, in HDF5's (alphabetical) order.
  const std::vector<std::string>& sample_names() const;
  // Reads one sample with every image channel of info().channel_names. Unknown name, a missing channel,
  // channels/label/instances of different shapes, more voxels (times channels) than HYPERA_MAX_VOXELS (checked
  // before any allocation), non-positive spacing, a non-finite affine, labels
  // outside 0..num_classes-1 or unreadable (corrupt, truncated) data throw InputError naming the file
  // (and, but for the voxel limit, the sample).
  Sample load(const std::string& name) const;

 private:
  struct State;
  explicit PreparedDataset(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace hypera::data
