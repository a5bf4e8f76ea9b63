#include "data/pipeline/prepared_dataset.h"

#include <H5Cpp.h>

#include <algorithm>
#include <map>
#include <set>
#include <stdexcept>

#include "support/input_error.h"
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

std::vector<std::string> group_members(const H5::Group& group) {
  std::vector<std::string> names;
  const hsize_t count = group.getNumObjs();
  names.reserve(count);
  for (hsize_t i = 0; i < count; ++i) names.push_back(group.getObjnameByIdx(i));
  return names;
}

H5::Group open_group(const H5::Group& parent, const std::string& name) {
  if (!parent.nameExists(name) || parent.childObjType(name) != H5O_TYPE_GROUP) {
    throw std::runtime_error("missing group '" + name + "'");
  }
  return parent.openGroup(name);
}

// Reads a [nz, ny, nx] dataset into a Volume whose size is {nx, ny, nz}.
template <class T>
Volume<T> read_volume(const H5::Group& group, const std::string& name, H5T_class_t expected_class,
                      const H5::PredType& memory_type) {
  if (!group.nameExists(name)) throw std::runtime_error("missing dataset '" + name + "'");
  H5::DataSet dataset = group.openDataSet(name);
  H5::DataSpace space = dataset.getSpace();
  if (space.getSimpleExtentNdims() != 3) throw std::runtime_error("dataset '" + name + "' is not 3-D");
  if (dataset.getTypeClass() != expected_class) throw std::runtime_error("dataset '" + name + "' has the wrong type");
  hsize_t dims[3];
  space.getSimpleExtentDims(dims);
  Geometry geometry;
  geometry.size = {static_cast<int64_t>(dims[2]), static_cast<int64_t>(dims[1]), static_cast<int64_t>(dims[0])};
  Volume<T> volume(geometry);
  dataset.read(volume.voxels.data(), memory_type);
  return volume;
}

}  // namespace

PreparedDataset::PreparedDataset(std::unique_ptr<State> state) : state_(std::move(state)) {}
PreparedDataset::PreparedDataset(PreparedDataset&&) noexcept = default;
PreparedDataset& PreparedDataset::operator=(PreparedDataset&&) noexcept = default;
PreparedDataset::~PreparedDataset() = default;

PreparedDataset PreparedDataset::open(const std::filesystem::path& path) {
  const std::string where = path.string();
  if (!std::filesystem::is_regular_file(path)) throw InputError(where + ": prepared data set not found");
  auto state = std::make_unique<State>();
  state->path = path;
  auto lock = lock_hdf5();
  try {
    if (!H5::H5File::isHdf5(where)) throw InputError(where + ": not an HDF5 file");
    state->file = std::make_unique<H5::H5File>(where, H5F_ACC_RDONLY);
    const H5::H5File& file = *state->file;
    PreparedInfo& info = state->info;
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
    if (info.num_classes != num_classes(info.target_kind)) {
      throw InputError(where + ": num_classes " + std::to_string(info.num_classes) + " does not match target '" +
                       info.target + "'");
    }
    state->names = group_members(open_group(file, prepared::kSamplesGroup));
    const std::set<std::string> known(state->names.begin(), state->names.end());
    const H5::Group splits = open_group(file, prepared::kSplitsGroup);
    for (const char* split : prepared::kSplitNames) {
      std::vector<std::string> members = h5::read_string_list(splits, split);
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
    const H5::Group group = state_->file->openGroup(std::string(prepared::kSamplesGroup) + "/" + name);
    sample.image = read_volume<float>(group, "image", H5T_FLOAT, H5::PredType::NATIVE_FLOAT);
    sample.label = read_volume<uint8_t>(group, "label", H5T_INTEGER, H5::PredType::NATIVE_UINT8);
    if (group.nameExists("instances")) {
      sample.instances = read_volume<int32_t>(group, "instances", H5T_INTEGER, H5::PredType::NATIVE_INT32);
    }
    Geometry geometry = sample.image.geometry;
    const std::vector<double> spacing = h5::read_doubles_attribute(group, "spacing", 3);
    const std::vector<double> affine = h5::read_doubles_attribute(group, "affine", 16);
    std::copy(spacing.begin(), spacing.end(), geometry.spacing.begin());
    std::copy(affine.begin(), affine.end(), geometry.affine.begin());
    const std::vector<int64_t> origin = h5::read_int64s_attribute(group, "origin_voxel", 3);
    std::copy(origin.begin(), origin.end(), sample.origin_voxel.begin());
    sample.image_source = h5::read_string_attribute(group, "image_source");
    sample.mask_source = h5::read_string_attribute(group, "mask_source");
    if (!geometry.same_grid(sample.label.geometry) ||
        (!sample.instances.voxels.empty() && !geometry.same_grid(sample.instances.geometry))) {
      throw std::runtime_error("image, label and instances have different shapes");
    }
    sample.image.geometry = geometry;
    sample.label.geometry = geometry;
    if (!sample.instances.voxels.empty()) sample.instances.geometry = geometry;
  } catch (const H5::Exception& error) {
    throw InputError(where + " is unreadable (" + h5::describe(error) + ")");
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
