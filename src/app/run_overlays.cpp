#include "app/run_overlays.h"

#include <algorithm>
#include <string>

#include "core/train/data_source.h"
#include "core/train/run_model.h"
#include "data/io/overlay_png.h"

namespace hypera::app {
namespace fs = std::filesystem;
namespace {

// "best" when the run holds that checkpoint (or its previous copy), else "last".
std::string checkpoint_tag(const fs::path& run) {
  const fs::path checkpoints = run / "checkpoints";
  return fs::exists(checkpoints / "best") || fs::exists(checkpoints / "best.previous") ? "best" : "last";
}

// One sample's picture: the true and the predicted contours of the slice the picture shows.
void write_sample_overlay(core::RunModel& loaded, data::Sample sample, const fs::path& file) {
  const bool has_instances = !sample.instances.voxels.empty();
  // A 2D network on z slices needs only the slice shown; other networks predict the whole sample.
  const bool slice_only = loaded.config.model.spatial_dims == 2 && loaded.prediction.slice_axis == 2;
  if (slice_only && !sample.label.geometry.is_2d()) {
    for (data::ImageVolume& channel : sample.channels) channel = data::overlay_slice_of(channel);
    sample.label = data::overlay_slice_of(sample.label);
    if (has_instances) sample.instances = data::overlay_slice_of(sample.instances);
  }
  const data::LabelVolume labels = core::predict_labels(loaded.model, sample.channels, loaded.prediction);
  const data::ImageVolume& picture = sample.channels.front();  // the picture shows the first channel
  if (has_instances) {
    data::write_overlay_png(file, picture, &sample.instances, core::final_instances(labels, loaded.target));
  } else {
    const data::InstanceVolume truth = data::foreground_ids(sample.label);
    data::write_overlay_png(file, picture, &truth, data::foreground_ids(labels));
  }
}

}  // namespace

int64_t write_run_overlays(const fs::path& model_run, const fs::path& out_run,
                           const std::vector<core::ConfigSection>& sections, std::ostream& log) {
  core::RunModel loaded = core::load_run_model(model_run, checkpoint_tag(model_run), sections);
  std::ostream silent(nullptr);
  const data::PreparedDataset dataset = core::open_prepared_data(loaded.config.data, silent);
  std::vector<std::string> splits{"validation"};
  if (loaded.config.train.evaluate_test) splits.push_back("test");
  const fs::path folder = out_run / "overlays";
  fs::create_directories(folder);
  int64_t written = 0;
  for (const std::string& split : splits) {
    const std::vector<std::string>& names = dataset.split(split);
    const size_t count = std::min(names.size(), size_t(kOverlaySamplesPerSplit));
    for (size_t i = 0; i < count; ++i) {
      write_sample_overlay(loaded, dataset.load(names[i]), folder / (split + "_" + names[i] + ".png"));
      ++written;
    }
  }
  log << "overlays: " << written << " images in " << folder.string() << "\n";
  return written;
}

}  // namespace hypera::app
