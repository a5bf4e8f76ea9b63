#include "data/pipeline/prepared_dataset.h"

#include <H5Cpp.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>

#include "data/io/class_names.h"
#include "support/checksum_sidecar.h"
#include "support/input_error.h"
#include "data/io/size_limits.h"
#include "data/pipeline/h5_helpers.h"
#include "data/pipeline/hdf5_lock.h"
#include "data/pipeline/prepared_format.h"

namespace hypera::data {

struct PreparedDataset::State {
  std::filesystem::path path;
  PreparedInfo info;
  std::unique_ptr<H5::H5File> file;
  std::map<std::string, std::vector<std::string>> splits;
  std::vector<std::string> names;

  ~State() {
    if (!file) return;
    auto lock = lock_hdf5();
    file.reset();
  }
};

namespace {

// The group's link names. No reserve(): a corrupt link count must not size an allocation; the first
// missing link fails (H5::Exception) instead.
std::vector<std::string> group_members(const H5::Group& group) {
  std::vector<std::string> names;
  const hsize_t count = group.getNumObjs();
  for (hsize_t i = 0; i < count; ++i) names.push_back(group.getObjnameByIdx(i));
  return names;
}

H5::Group open_group(const H5::Group& parent, const std::string& name) {
  if (!parent.nameExists(name) || parent.childObjType(name) != H5O_TYPE_GROUP) {
    throw std::runtime_error("missing group '" + name + "'");
  }
  return parent.openGroup(name);
}

// A [nz, ny, nx] dataset, opened but not read; size is {nx, ny, nz} (an extent above INT64_MAX reads as
// negative, which checked_voxel_count refuses).
struct StoredVolume {
  H5::DataSet dataset;
  std::array<int64_t, 3> size{};
};

// Whether a dataset of extent `dims` is stored as the format writes it: in chunks of 3 dimensions, none larger than
// the extent, through the deflate filter. libhdf5 1.10 reads a chunk larger than the extent, or one whose filter
// pipeline is gone, past the end of its buffers (both found by fuzzing); with deflate in the pipeline a short chunk
// fails to inflate instead.
bool stored_as_written(const H5::DataSet& dataset, const hsize_t dims[3]) {
  const H5::DSetCreatPropList properties = dataset.getCreatePlist();
  if (properties.getLayout() != H5D_CHUNKED) return false;
  hsize_t chunk[3];
  if (properties.getChunk(3, chunk) != 3) return false;
  for (int d = 0; d < 3; ++d) {
    if (chunk[d] < 1 || (dims[d] > 0 && chunk[d] > dims[d])) return false;  // an empty extent is refused later
  }
  const int filters = properties.getNfilters();
  for (int i = 0; i < filters; ++i) {
    unsigned flags = 0, configuration = 0;
    size_t values = 0;
    if (H5Pget_filter2(properties.getId(), unsigned(i), &flags, &values, nullptr, 0, nullptr, &configuration) ==
        H5Z_FILTER_DEFLATE) {
      return true;
    }
  }
  return false;
}

// The dataset must be 3-D, stored as written (stored_as_written), and hold elements of `expected_class` and
// `expected_bytes` (the format's float32, uint8 or int32): libhdf5 1.10 trusts a stored element size and reads that
// many bytes per element past its own buffers (a crafted 16 MB "float", found by fuzzing), so another size is
// refused before any read.
StoredVolume open_volume(const H5::Group& group, const std::string& name, H5T_class_t expected_class,
                         size_t expected_bytes) {
  if (!group.nameExists(name) || group.childObjType(name) != H5O_TYPE_DATASET) {
    throw std::runtime_error("missing dataset '" + name + "'");
  }
  StoredVolume stored{group.openDataSet(name), {}};
  const H5::DataSpace space = stored.dataset.getSpace();
  if (space.getSimpleExtentNdims() != 3) throw std::runtime_error("dataset '" + name + "' is not 3-D");
  if (stored.dataset.getTypeClass() != expected_class) {
    throw std::runtime_error("dataset '" + name + "' has the wrong type");
  }
  const size_t bytes = stored.dataset.getDataType().getSize();
  if (bytes != expected_bytes) {
    throw std::runtime_error("dataset '" + name + "' stores elements of " + std::to_string(bytes) + " bytes, not " +
                             std::to_string(expected_bytes));
  }
  hsize_t dims[3];
  space.getSimpleExtentDims(dims);
  if (!stored_as_written(stored.dataset, dims)) {
    throw std::runtime_error("dataset '" + name + "' is not stored in deflate-compressed chunks within its extent");
  }
  stored.size = {static_cast<int64_t>(dims[2]), static_cast<int64_t>(dims[1]), static_cast<int64_t>(dims[0])};
  return stored;
}

std::string size_text(const std::array<int64_t, 3>& size) {
  return std::to_string(size[0]) + "x" + std::to_string(size[1]) + "x" + std::to_string(size[2]);
}

// Reads a dataset whose size the caller has checked (same_sizes and checked_voxel_count).
template <class T>
Volume<T> read_volume(const StoredVolume& stored, const H5::PredType& memory_type) {
  Geometry geometry;
  geometry.size = stored.size;
  Volume<T> volume(geometry);
  stored.dataset.read(volume.voxels.data(), memory_type);
  return volume;
}

// Compares the file with its sidecar (support/checksum_sidecar.h) before HDF5 sees a byte of it: damaged files
// crash or hang libhdf5 1.10 itself.
void verify_checksum(const std::filesystem::path& path) {
  const std::string where = path.string();
  const std::string sidecar = support::checksum_sidecar_of(path).string();
  const std::optional<support::FileChecksum> recorded = support::read_checksum_sidecar(path);
  if (!recorded) {
    throw InputError(where + ": no checksum " + sidecar +
                     " (written by an older HYPERA, or its writing was interrupted); prepare it again");
  }
  const support::FileChecksum actual = support::checksum_file(path);
  if (actual.size != recorded->size) {
    throw InputError(where + ": damaged (" + std::to_string(actual.size) + " bytes, " + sidecar + " records " +
                     std::to_string(recorded->size) + "; delete both and prepare again)");
  }
  if (actual.crc32c != recorded->crc32c) {
    char crcs[40];
    std::snprintf(crcs, sizeof crcs, "CRC-32C %08x differs from %08x", static_cast<unsigned>(actual.crc32c),
                  static_cast<unsigned>(recorded->crc32c));
    throw InputError(where + ": damaged (" + crcs + " in " + sidecar + "; delete both and prepare again)");
  }
}

// The root attribute "class_names": required for target "classes"; files of the fixed targets have none and take
// fixed_class_names (prepared_format.h), a present one must be those names.
std::vector<std::string> read_class_names(const H5::H5File& file, TargetKind target, const std::string& where) {
  if (!file.attrExists("class_names")) {
    if (target == TargetKind::Classes) throw InputError(where + ": target 'classes' without the class_names attribute");
    return fixed_class_names(target);
  }
  std::vector<std::string> names = split_class_names(h5::read_string_attribute(file, "class_names"));
  if (!class_names_suit(names, target)) {
    throw InputError(where + ": class_names '" + join_class_names(names) + "' are not valid for target '" +
                     target_kind_name(target) + "'");
  }
  return names;
}

// The root attribute "channel_names": absent in single-channel files (one channel, "image"); a present one names
// at least 2 valid channels.
std::vector<std::string> read_channel_names(const H5::H5File& file, const std::string& where) {
  if (!file.attrExists("channel_names")) return {"image"};
  std::vector<std::string> names = split_class_names(h5::read_string_attribute(file, "channel_names"));
  if (names.size() < 2 || !valid_channel_names(names)) {
    throw InputError(where + ": channel_names '" + join_class_names(names) + "' are not 2.." +
                     std::to_string(kMaxImageChannels) + " distinct names of [A-Za-z0-9_-]");
  }
  return names;
}

}  // namespace

PreparedDataset::PreparedDataset(std::unique_ptr<State> state) : state_(std::move(state)) {}
PreparedDataset::PreparedDataset(PreparedDataset&&) noexcept = default;
PreparedDataset& PreparedDataset::operator=(PreparedDataset&&) noexcept = default;
PreparedDataset::~PreparedDataset() = default;

PreparedDataset PreparedDataset::open(const std::filesystem::path& path) {
  const std::string where = path.string();
  if (!std::filesystem::is_regular_file(path)) throw InputError(where + ": prepared data set not found");
  verify_checksum(path);
  auto state = std::make_unique<State>();
  state->path = path;
  auto lock = lock_hdf5();
  try {
    if (!H5::H5File::isHdf5(where)) throw InputError(where + ": not an HDF5 file");
    state->file = std::make_unique<H5::H5File>(where, H5F_ACC_RDONLY);
    const H5::H5File& file = *state->file;
    PreparedInfo& info = state->info;
    if (h5::is_variable_string_attribute(file, "format")) {
      throw OutdatedPreparedFile(where + ": written in format " + prepared::kPreviousFormat +
                                 " (variable-length strings), which this HYPERA no longer reads; prepare it again");
    }
    info.format = h5::read_string_attribute(file, "format");
    if (info.format != prepared::kFormat) {
      throw InputError(where + ": format is '" + info.format + "', expected '" + prepared::kFormat + "'");
    }
    info.source_kind = h5::read_string_attribute(file, "source_kind");
    info.target = h5::read_string_attribute(file, "target");
    try {
      info.target_kind = parse_target_kind(info.target);
    } catch (const InputError& error) {
      throw InputError(where + ": " + error.what());
    }
    info.num_classes = h5::read_int_attribute(file, "num_classes");
    info.spatial_dims_of_samples = h5::read_int_attribute(file, "spatial_dims_of_samples");
    info.class_names = read_class_names(file, info.target_kind, where);
    info.channel_names = read_channel_names(file, where);
    if (info.num_classes != static_cast<int>(info.class_names.size())) {
      throw InputError(where + ": num_classes " + std::to_string(info.num_classes) + " does not match its " +
                       std::to_string(info.class_names.size()) + " class names");
    }
    if (info.spatial_dims_of_samples != 2 && info.spatial_dims_of_samples != 3) {
      throw InputError(where + ": spatial_dims_of_samples is " + std::to_string(info.spatial_dims_of_samples) +
                       ", expected 2 or 3");
    }
    state->names = group_members(open_group(file, prepared::kSamplesGroup));
    const std::set<std::string> known(state->names.begin(), state->names.end());
    const H5::Group splits = open_group(file, prepared::kSplitsGroup);
    for (const char* split : prepared::kSplitNames) {
      std::vector<std::string> members = h5::read_string_list(splits, split, known.size());
      for (const std::string& member : members) {
        if (!known.count(member)) {
          throw InputError(where + ": split '" + split + "' names sample '" + member + "', which is not in /samples");
        }
      }
      state->splits[split] = std::move(members);
    }
  } catch (const H5::Exception& error) {
    throw InputError(where + ": corrupt or truncated HDF5 file (" + h5::describe(error) + ")");
  } catch (const InputError&) {
    throw;
  } catch (const std::runtime_error& error) {
    throw InputError(where + ": not a prepared data set (" + error.what() + ")");
  }
  return PreparedDataset(std::move(state));
}

const std::filesystem::path& PreparedDataset::path() const { return state_->path; }
const PreparedInfo& PreparedDataset::info() const { return state_->info; }
const std::vector<std::string>& PreparedDataset::sample_names() const { return state_->names; }

const std::vector<std::string>& PreparedDataset::split(const std::string& split_name) const {
  const auto found = state_->splits.find(split_name);
  if (found == state_->splits.end()) {
    throw InputError("split: '" + split_name + "' is not one of training, validation, test");
  }
  return found->second;
}

Sample PreparedDataset::load(const std::string& name) const {
  const std::string where = state_->path.string() + ": sample '" + name + "'";
  if (std::find(state_->names.begin(), state_->names.end(), name) == state_->names.end()) {
    throw InputError(where + " does not exist");
  }
  Sample sample;
  sample.name = name;
  auto lock = lock_hdf5();
  try {
    const H5::Group group = open_group(*state_->file, std::string(prepared::kSamplesGroup) + "/" + name);
    const StoredVolume label = open_volume(group, "label", H5T_INTEGER, sizeof(uint8_t));
    std::vector<StoredVolume> channels;
    for (size_t c = 0; c < state_->info.channel_names.size(); ++c) {
      channels.push_back(open_volume(group, prepared::image_dataset_name(c), H5T_FLOAT, sizeof(float)));
    }
    std::optional<StoredVolume> instances;
    if (group.nameExists("instances")) instances = open_volume(group, "instances", H5T_INTEGER, sizeof(int32_t));
    const bool one_shape = std::all_of(channels.begin(), channels.end(),
                                       [&](const StoredVolume& channel) { return channel.size == label.size; });
    if (!one_shape || (instances && instances->size != label.size)) {
      std::string shapes;
      for (size_t c = 0; c < channels.size(); ++c) {
        shapes += prepared::image_dataset_name(c) + " (" + size_text(channels[c].size) + "), ";
      }
      throw std::runtime_error(shapes + "label (" + size_text(label.size) +
                               (instances ? "), instances (" + size_text(instances->size) : std::string()) +
                               ") have different shapes");
    }
    checked_voxel_count(state_->path, {label.size[0], label.size[1], label.size[2], int64_t(channels.size())});
    for (const StoredVolume& channel : channels) {
      sample.channels.push_back(read_volume<float>(channel, H5::PredType::NATIVE_FLOAT));
    }
    sample.label = read_volume<uint8_t>(label, H5::PredType::NATIVE_UINT8);
    if (instances) sample.instances = read_volume<int32_t>(*instances, H5::PredType::NATIVE_INT32);
    Geometry geometry = sample.label.geometry;
    const std::vector<double> spacing = h5::read_doubles_attribute(group, "spacing", 3);
    const std::vector<double> affine = h5::read_doubles_attribute(group, "affine", 16);
    if (!std::all_of(spacing.begin(), spacing.end(), [](double v) { return std::isfinite(v) && v > 0; }) ||
        !std::all_of(affine.begin(), affine.end(), [](double v) { return std::isfinite(v); })) {
      throw std::runtime_error("spacing is not positive or affine is not finite");
    }
    std::copy(spacing.begin(), spacing.end(), geometry.spacing.begin());
    std::copy(affine.begin(), affine.end(), geometry.affine.begin());
    const std::vector<int64_t> origin = h5::read_int64s_attribute(group, "origin_voxel", 3);
    std::copy(origin.begin(), origin.end(), sample.origin_voxel.begin());
    sample.image_source = h5::read_string_attribute(group, "image_source");
    sample.mask_source = h5::read_string_attribute(group, "mask_source");
    for (ImageVolume& channel : sample.channels) channel.geometry = geometry;
    sample.label.geometry = geometry;
    if (!sample.instances.voxels.empty()) sample.instances.geometry = geometry;
  } catch (const H5::Exception& error) {
    throw InputError(where + " is unreadable (" + h5::describe(error) + ")");
  } catch (const InputError&) {
    throw;
  } catch (const std::runtime_error& error) {
    throw InputError(where + ": " + error.what());
  }
  const int classes = state_->info.num_classes;
  if (std::any_of(sample.label.voxels.begin(), sample.label.voxels.end(), [classes](uint8_t v) { return v >= classes; })) {
    throw InputError(where + ": label values outside 0.." + std::to_string(classes - 1));
  }
  return sample;
}

}  // namespace hypera::data
