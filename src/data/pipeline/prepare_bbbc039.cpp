#include <algorithm>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "support/input_error.h"
#include "data/io/normalization.h"
#include "data/io/tiff_io.h"
#include "data/pipeline/prepare_common.h"
#include "data/pipeline/prepare.h"
#include "data/pipeline/prepared_format.h"
#include "data/pipeline/prepared_writer.h"

namespace hypera::data {
namespace {

namespace fs = std::filesystem;

struct SourcePair {
  std::string name;  // the file stem, used as the sample name
  fs::path image;
  fs::path mask;
};

std::string trimmed(const std::string& line) {
  const auto first = line.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  const auto last = line.find_last_not_of(" \t\r\n");
  return line.substr(first, last - first + 1);
}

// Reads one split file and checks that every named mask and its image exist.
std::vector<SourcePair> read_split(const fs::path& root, const std::string& split) {
  const fs::path list = root / (split + ".txt");
  std::ifstream in(list);
  if (!in) throw InputError(list.string() + ": split file not found or unreadable");
  std::vector<SourcePair> pairs;
  std::string line;
  while (std::getline(in, line)) {
    const std::string name = trimmed(line);
    if (name.empty()) continue;
    SourcePair pair;
    pair.mask = root / "masks" / name;
    pair.name = fs::path(name).stem().string();
    pair.image = root / "images" / (pair.name + ".tif");
    if (!fs::is_regular_file(pair.mask)) {
      throw InputError(list.string() + ": names " + pair.mask.string() + ", which does not exist");
    }
    if (!fs::is_regular_file(pair.image)) {
      throw InputError(list.string() + ": names " + name + " but its image " + pair.image.string() +
                       " does not exist");
    }
    pairs.push_back(std::move(pair));
  }
  return pairs;
}

}  // namespace

PrepareSummary prepare_bbbc039(const fs::path& root, TargetKind target, const fs::path& out_h5,
                               const SampleProgress& on_sample) {
  std::array<std::vector<SourcePair>, 3> sources;
  std::set<std::string> seen;
  for (size_t i = 0; i < sources.size(); ++i) {
    sources[i] = read_split(root, prepared::kSplitNames[i]);
    for (const SourcePair& pair : sources[i]) {
      if (!seen.insert(pair.name).second) {
        throw InputError((root / (std::string(prepared::kSplitNames[i]) + ".txt")).string() + ": sample " +
                         pair.name + " is listed twice");
      }
    }
  }

  PrepareSummary summary;
  summary.output = out_h5;
  const int64_t total = static_cast<int64_t>(seen.size());
  write_prepared_file(out_h5, [&](const fs::path& tmp) {
    PreparedWriter writer(tmp, "bbbc039", target, fixed_class_names(target), 2);
    int64_t written = 0;
    if (on_sample) on_sample(written, total);
    std::array<std::vector<std::string>, 3> splits;
    for (size_t i = 0; i < sources.size(); ++i) {
      for (const SourcePair& pair : sources[i]) {
        ImageVolume image = read_tiff(pair.image);
        const InstanceVolume instances = read_bbbc039_instances(pair.mask);
        if (!image.geometry.same_grid(instances.geometry)) {
          throw InputError(pair.mask.string() + ": mask is " + grid_text(instances.geometry) + " but image " +
                           pair.image.string() + " is " + grid_text(image.geometry));
        }
        if (!image.geometry.is_2d()) {
          throw InputError(pair.image.string() + ": expected a 2D image, got " + grid_text(image.geometry));
        }
        normalize_percentiles(image);
        const LabelVolume label = make_target(instances, target);

        SampleRecord record;
        record.name = pair.name;
        record.channels = {&image};
        record.label = &label;
        record.instances = &instances;
        record.image_source = pair.image.string();
        record.mask_source = pair.mask.string();
        writer.add_sample(record);

        splits[i].push_back(pair.name);
        summary.voxels += image.geometry.voxel_count();
        summary.foreground_voxels += count_foreground(label);
        summary.instances += *std::max_element(instances.voxels.begin(), instances.voxels.end());
        if (on_sample) on_sample(++written, total);
      }
      summary.split_sizes[i] = static_cast<int64_t>(splits[i].size());
      summary.samples += summary.split_sizes[i];
    }
    writer.finish(splits);
  });
  return summary;
}

}  // namespace hypera::data
