#include <map>
#include <memory>
#include <string>
#include <vector>

#include "data/io/image_reader.h"
#include "data/io/labelled_dataset.h"
#include "data/io/normalization.h"
#include "data/pipeline/prepare.h"
#include "data/pipeline/prepare_common.h"
#include "data/pipeline/prepared_writer.h"
#include "support/input_error.h"

namespace hypera::data {
namespace {

namespace fs = std::filesystem;

// Foreground: every class above 0 becomes 1.
void merge_to_foreground(LabelVolume& labels) {
  for (uint8_t& v : labels.voxels) v = v > 0 ? 1 : 0;
}

}  // namespace

PrepareSummary prepare_labelled_dataset(const LabelledDataset& dataset, TargetKind target, int fold,
                                        const fs::path& out_h5, const SampleProgress& on_sample) {
  if (target == TargetKind::ThreeClass) {
    throw InputError("option 'data.target': three_class needs instances; a " + dataset.layout +
                     " data set takes classes or foreground");
  }
  const auto [training, validation] = fold_cases(dataset, fold);
  std::map<std::string, const LabelledCase*> by_name;
  for (const auto* cases : {&dataset.training, &dataset.test}) {
    for (const LabelledCase& c : *cases) {
      if (!by_name.emplace(c.name, &c).second) {
        throw InputError(c.label.string() + ": case '" + c.name + "' appears twice (training and test?)");
      }
    }
  }
  std::vector<std::string> test;
  for (const LabelledCase& c : dataset.test) test.push_back(c.name);
  const std::array<std::vector<std::string>, 3> splits{training, validation, test};
  const std::vector<std::string> class_names =
      target == TargetKind::Classes ? dataset.class_names : fixed_class_names(target);
  const int classes = static_cast<int>(dataset.class_names.size());
  const int channels = static_cast<int>(dataset.channel_names.size());

  PrepareSummary summary;
  summary.output = out_h5;
  const int64_t total = static_cast<int64_t>(training.size() + validation.size() + test.size());
  write_prepared_file(out_h5, [&](const fs::path& tmp) {
    std::unique_ptr<PreparedWriter> writer;
    int spatial_dims = 0;
    if (on_sample) on_sample(0, total);
    for (size_t split = 0; split < splits.size(); ++split) {
      for (const std::string& name : splits[split]) {
        const LabelledCase& c = *by_name.at(name);
        std::vector<ImageVolume> image = read_image_channels(c.images, channels);
        const Geometry& grid = image.front().geometry;
        // A label file whose values are not the classes of dataset.json would train on wrong targets silently.
        LabelVolume label = class_labels_of(read_image(c.label), classes, c.label.string(), " of dataset.json");
        if (!grid.same_grid(label.geometry)) {
          throw InputError(c.label.string() + ": label is " + grid_text(label.geometry) + " but image " +
                           c.images.front().string() + " is " + grid_text(grid));
        }
        const int dims = grid.is_2d() ? 2 : 3;
        if (!writer) {
          spatial_dims = dims;
          writer =
              std::make_unique<PreparedWriter>(tmp, dataset.layout, target, class_names, dims, dataset.channel_names);
        } else if (dims != spatial_dims) {
          throw InputError(c.images.front().string() + ": is " + std::to_string(dims) +
                           "D but the cases before it are " + std::to_string(spatial_dims) + "D");
        }
        SampleRecord record;
        for (ImageVolume& channel : image) {
          normalize_percentiles(channel);
          record.channels.push_back(&channel);
        }
        if (target == TargetKind::Foreground) merge_to_foreground(label);

        record.name = c.name;
        record.label = &label;
        for (const fs::path& file : c.images) {
          record.image_source += (record.image_source.empty() ? "" : ";") + file.string();
        }
        record.mask_source = c.label.string();
        writer->add_sample(record);
        summary.voxels += grid.voxel_count();
        summary.foreground_voxels += count_foreground(label);
        ++summary.samples;
        if (on_sample) on_sample(summary.samples, total);
      }
      summary.split_sizes[split] = static_cast<int64_t>(splits[split].size());
    }
    writer->finish(splits);
  });
  return summary;
}

}  // namespace hypera::data
