#include "data/pipeline/prepared_writer.h"

#include <H5Cpp.h>

#include <algorithm>
#include <stdexcept>

#include "data/io/class_names.h"
#include "support/checksum_sidecar.h"
#include "support/durable_file.h"
#include "support/input_error.h"
#include "data/pipeline/h5_helpers.h"
#include "data/pipeline/hdf5_lock.h"
#include "data/pipeline/prepared_format.h"

namespace hypera::data {

void write_prepared_file(const std::filesystem::path& path,
                         const std::function<void(const std::filesystem::path& staged)>& write) {
  support::FileChecksum checksum;
  support::write_file_atomically(path, [&](const std::filesystem::path& staged) {
    write(staged);
    checksum = support::checksum_file(staged);
    support::remove_checksum_sidecar(path);
  });
  support::write_checksum_sidecar(path, checksum);
}

struct PreparedWriter::State {
  std::filesystem::path path;
  int spatial_dims = 2;
  size_t channels = 1;
  std::unique_ptr<H5::H5File> file;
  std::unique_ptr<H5::Group> samples;
};

namespace {

template <class T>
void write_volume(H5::Group& group, const std::string& name, const Volume<T>& volume, int spatial_dims,
                  const H5::PredType& file_type, const H5::PredType& memory_type) {
  const auto& size = volume.geometry.size;
  const hsize_t dims[3] = {static_cast<hsize_t>(size[2]), static_cast<hsize_t>(size[1]),
                           static_cast<hsize_t>(size[0])};
  const hsize_t edge = spatial_dims == 2 ? 256 : 32;
  const hsize_t chunk[3] = {spatial_dims == 2 ? 1 : std::min<hsize_t>(edge, dims[0]), std::min(edge, dims[1]),
                            std::min(edge, dims[2])};
  H5::DSetCreatPropList properties;
  properties.setChunk(3, chunk);
  properties.setShuffle();
  properties.setDeflate(1);
  H5::DataSet dataset = group.createDataSet(name, file_type, H5::DataSpace(3, dims), properties);
  dataset.write(volume.voxels.data(), memory_type);
}

}  // namespace

PreparedWriter::PreparedWriter(const std::filesystem::path& path, const std::string& source_kind,
                               TargetKind target, const std::vector<std::string>& class_names,
                               int spatial_dims_of_samples, const std::vector<std::string>& channel_names)
    : state_(std::make_unique<State>()) {
  if (!class_names_suit(class_names, target)) {
    throw std::invalid_argument("PreparedWriter: class names do not suit target '" + target_kind_name(target) + "'");
  }
  if (!valid_channel_names(channel_names)) throw std::invalid_argument("PreparedWriter: invalid channel names");
  state_->path = path;
  state_->spatial_dims = spatial_dims_of_samples;
  state_->channels = channel_names.size();
  auto lock = lock_hdf5();
  try {
    state_->file = std::make_unique<H5::H5File>(path.string(), H5F_ACC_TRUNC);
    h5::write_string_attribute(*state_->file, "format", prepared::kFormat);
    h5::write_string_attribute(*state_->file, "source_kind", source_kind);
    h5::write_string_attribute(*state_->file, "target", target_kind_name(target));
    h5::write_int_attribute(*state_->file, "num_classes", static_cast<int>(class_names.size()));
    if (target == TargetKind::Classes) {  // the fixed targets' files stay byte for byte as they were
      h5::write_string_attribute(*state_->file, "class_names", join_class_names(class_names));
    }
    if (channel_names.size() > 1) {  // single-channel files stay byte for byte as they were
      h5::write_string_attribute(*state_->file, "channel_names", join_class_names(channel_names));
    }
    h5::write_int_attribute(*state_->file, "spatial_dims_of_samples", spatial_dims_of_samples);
    state_->samples = std::make_unique<H5::Group>(state_->file->createGroup(prepared::kSamplesGroup));
  } catch (const H5::Exception& error) {
    state_->samples.reset();
    state_->file.reset();
    throw InputError(path.string() + ": cannot create HDF5 file (" + h5::describe(error) + ")");
  }
}

PreparedWriter::~PreparedWriter() {
  if (!state_->file) return;
  auto lock = lock_hdf5();
  try {
    state_->samples.reset();
    state_->file->close();
  } catch (const H5::Exception&) {
    // Only an unfinished file (an exception on the way) is closed here; it is being discarded.
  }
  state_->file.reset();
}

void PreparedWriter::add_sample(const SampleRecord& sample) {
  const Geometry& geometry = sample.label->geometry;
  if (sample.channels.size() != state_->channels) {
    throw std::invalid_argument("PreparedWriter::add_sample: '" + sample.name + "' has " +
                                std::to_string(sample.channels.size()) + " channels, the file " +
                                std::to_string(state_->channels));
  }
  const bool one_grid =
      std::all_of(sample.channels.begin(), sample.channels.end(),
                  [&](const ImageVolume* channel) { return channel->geometry.same_grid(geometry); }) &&
      (!sample.instances || sample.instances->geometry.same_grid(geometry));
  if (!one_grid) {
    throw std::invalid_argument("PreparedWriter::add_sample: image channels, label and instances of '" + sample.name +
                                "' must share one grid");
  }
  auto lock = lock_hdf5();
  try {
    H5::Group group = state_->samples->createGroup(sample.name);
    const int dims = state_->spatial_dims;
    for (size_t c = 0; c < sample.channels.size(); ++c) {
      write_volume(group, prepared::image_dataset_name(c), *sample.channels[c], dims, H5::PredType::IEEE_F32LE,
                   H5::PredType::NATIVE_FLOAT);
    }
    write_volume(group, "label", *sample.label, dims, H5::PredType::STD_U8LE, H5::PredType::NATIVE_UINT8);
    if (sample.instances) {
      write_volume(group, "instances", *sample.instances, dims, H5::PredType::STD_I32LE,
                   H5::PredType::NATIVE_INT32);
    }
    h5::write_doubles_attribute(group, "spacing", {geometry.spacing.begin(), geometry.spacing.end()});
    h5::write_doubles_attribute(group, "affine", {geometry.affine.begin(), geometry.affine.end()});
    h5::write_int64s_attribute(group, "origin_voxel", {sample.origin_voxel.begin(), sample.origin_voxel.end()});
    h5::write_string_attribute(group, "image_source", sample.image_source);
    h5::write_string_attribute(group, "mask_source", sample.mask_source);
  } catch (const H5::Exception& error) {
    throw std::runtime_error(state_->path.string() + ": cannot write sample '" + sample.name + "' (" +
                             h5::describe(error) + ")");
  }
}

void PreparedWriter::finish(const std::array<std::vector<std::string>, 3>& splits) {
  auto lock = lock_hdf5();
  try {
    H5::Group group = state_->file->createGroup(prepared::kSplitsGroup);
    for (size_t i = 0; i < splits.size(); ++i) h5::write_string_list(group, prepared::kSplitNames[i], splits[i]);
    group.close();
    state_->samples.reset();
    state_->file->close();
  } catch (const H5::Exception& error) {
    throw std::runtime_error(state_->path.string() + ": cannot finish HDF5 file (" + h5::describe(error) + ")");
  }
  state_->file.reset();
}

}  // namespace hypera::data
