#include <algorithm>
#include <string>
#include <vector>

#include "data/io/image_reader.h"
#include "support/input_error.h"
#include "data/io/normalization.h"
#include "data/pipeline/prepare_common.h"
#include "data/pipeline/prepare.h"
#include "data/pipeline/prepared_writer.h"

namespace hypera::data {
namespace {

namespace fs = std::filesystem;

// The split of slab s: the repeating pattern training, validation, training, test, training.
size_t slab_split(int slab) {
  static constexpr size_t kPattern[5] = {0, 1, 0, 2, 0};
  return kPattern[slab % 5];
}

std::string subject_stem(const fs::path& path) {
  fs::path name = path.filename();
  if (name.empty()) name = path.parent_path().filename();  // "folder/"
  if (name.extension() == ".gz") name = name.stem();
  if (name.extension() == ".nii" || name.extension() == ".dcm") name = name.stem();
  return name.string();
}

std::string source_kind_of(const fs::path& image) {
  return fs::is_directory(image) || image.extension() == ".dcm" ? "dicom" : "nifti";
}

// The box [origin, origin + size) of `volume` as a volume of its own; its affine maps the box's voxel
// (0, 0, 0) to the world position of the source voxel `origin`.
template <class T>
Volume<T> cut_box(const Volume<T>& volume, const std::array<int64_t, 3>& origin, const std::array<int64_t, 3>& size) {
  Geometry geometry = volume.geometry;
  geometry.size = size;
  const auto& a = volume.geometry.affine;
  for (int row = 0; row < 3; ++row) {
    geometry.affine[row * 4 + 3] =
        a[row * 4 + 0] * origin[0] + a[row * 4 + 1] * origin[1] + a[row * 4 + 2] * origin[2] + a[row * 4 + 3];
  }
  Volume<T> box(geometry);
  for (int64_t z = 0; z < size[2]; ++z) {
    for (int64_t y = 0; y < size[1]; ++y) {
      const T* source = &volume.at(origin[0], origin[1] + y, origin[2] + z);
      std::copy(source, source + size[0], &box.at(0, y, z));
    }
  }
  return box;
}

}  // namespace

PrepareSummary prepare_volume_pair(const fs::path& image_path, const fs::path& mask_path, double mask_threshold,
                                   TargetKind target, int split_axis, int slabs, const fs::path& out_h5,
                                   const SampleProgress& on_sample, const std::string& dicom_series) {
  if (split_axis < 0 || split_axis > 2) {
    throw InputError("split_axis: must be 0, 1 or 2 (x, y, z), got " + std::to_string(split_axis));
  }
  const DicomSeries series{dicom_series, "data.dicom_series"};
  ImageVolume image = read_image(image_path, series);
  const ImageVolume mask = read_image(mask_path, series);
  if (!image.geometry.same_grid(mask.geometry)) {
    throw InputError(mask_path.string() + ": mask is " + grid_text(mask.geometry) + " but image " +
                     image_path.string() + " is " + grid_text(image.geometry));
  }
  const int64_t extent = image.geometry.size[split_axis];
  if (slabs < 1 || slabs > extent) {
    throw InputError("slabs: must be between 1 and " + std::to_string(extent) + " (the extent of " +
                     image_path.string() + " along axis " + std::to_string(split_axis) + "), got " +
                     std::to_string(slabs));
  }

  normalize_percentiles(image);
  InstanceVolume foreground(mask.geometry, 0);
  std::transform(mask.voxels.begin(), mask.voxels.end(), foreground.voxels.begin(),
                 [mask_threshold](float v) { return v > mask_threshold ? 1 : 0; });
  const LabelVolume label = make_target(foreground, target);

  PrepareSummary summary;
  summary.output = out_h5;
  std::array<std::vector<std::string>, 3> splits;
  write_prepared_file(out_h5, [&](const fs::path& tmp) {
    PreparedWriter writer(tmp, source_kind_of(image_path), target, fixed_class_names(target),
                          image.geometry.is_2d() ? 2 : 3);
    const std::string stem = subject_stem(image_path);
    if (on_sample) on_sample(0, slabs);
    for (int s = 0; s < slabs; ++s) {
      const int64_t begin = s * extent / slabs;
      const int64_t end = (s + 1) * extent / slabs;
      std::array<int64_t, 3> origin{0, 0, 0};
      std::array<int64_t, 3> size = image.geometry.size;
      origin[split_axis] = begin;
      size[split_axis] = end - begin;
      const ImageVolume image_slab = cut_box(image, origin, size);
      const LabelVolume label_slab = cut_box(label, origin, size);

      SampleRecord record;
      record.name = stem + "_slab" + std::to_string(s);
      record.channels = {&image_slab};
      record.label = &label_slab;
      record.origin_voxel = origin;
      record.image_source = image_path.string();
      record.mask_source = mask_path.string();
      writer.add_sample(record);
      splits[slab_split(s)].push_back(record.name);
      if (on_sample) on_sample(s + 1, slabs);
    }
    writer.finish(splits);
  });
  summary.foreground_voxels = count_foreground(label);
  summary.voxels = image.geometry.voxel_count();
  summary.samples = slabs;
  for (size_t i = 0; i < splits.size(); ++i) summary.split_sizes[i] = static_cast<int64_t>(splits[i].size());
  return summary;
}

}  // namespace hypera::data
