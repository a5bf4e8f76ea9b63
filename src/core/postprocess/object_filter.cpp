#include "core/postprocess/object_filter.h"

#include <algorithm>
#include <string>
#include <vector>

#include "support/input_error.h"

namespace hypera::core {
namespace {

int32_t max_id(const data::InstanceVolume& objects) {
  int32_t m = 0;
  for (const int32_t id : objects.voxels) {
    if (id < 0) throw InputError("object filter: negative object id " + std::to_string(id));
    m = std::max(m, id);
  }
  return m;
}

// Voxels per id; size[0] (the background) stays 0: skipping it keeps the loop free of one long chain of
// increments of the same counter.
std::vector<int64_t> sizes(const data::InstanceVolume& objects, int32_t count) {
  std::vector<int64_t> size(static_cast<size_t>(count) + 1, 0);
  for (const int32_t id : objects.voxels) {
    if (id != 0) ++size[id];
  }
  return size;
}

// Keeps the ids with keep[id] (id > 0), renumbered 1..N in id order.
data::InstanceVolume relabel_kept(const data::InstanceVolume& objects, const std::vector<bool>& keep) {
  std::vector<int32_t> new_id(keep.size(), 0);
  int32_t next = 0;
  for (size_t id = 1; id < keep.size(); ++id) {
    if (keep[id]) new_id[id] = ++next;
  }
  data::InstanceVolume result(objects.geometry);
  for (size_t i = 0; i < result.voxels.size(); ++i) result.voxels[i] = new_id[objects.voxels[i]];
  return result;
}

}  // namespace

data::InstanceVolume remove_objects(const data::InstanceVolume& objects, const data::ImageVolume& probability,
                                    int64_t min_size, double min_confidence) {
  if (min_size < 0) throw InputError("postprocess.min_size: must be >= 0, got " + std::to_string(min_size));
  if (!(min_confidence >= 0 && min_confidence <= 1)) {
    throw InputError("postprocess.min_confidence: must be in [0, 1], got " + std::to_string(min_confidence));
  }
  if (!probability.geometry.same_grid(objects.geometry)) {
    throw InputError("object removal: probability map and objects must be on the same grid");
  }
  const int32_t count = max_id(objects);
  const std::vector<int64_t> size = sizes(objects, count);
  std::vector<double> sum(static_cast<size_t>(count) + 1, 0.0);
  for (size_t i = 0; i < objects.voxels.size(); ++i) {
    if (objects.voxels[i] != 0) sum[objects.voxels[i]] += probability.voxels[i];
  }
  std::vector<bool> keep(static_cast<size_t>(count) + 1, false);
  for (int32_t id = 1; id <= count; ++id) {
    keep[id] = size[id] > 0 && size[id] >= min_size && sum[id] >= min_confidence * static_cast<double>(size[id]);
  }
  return relabel_kept(objects, keep);
}

data::InstanceVolume keep_largest(const data::InstanceVolume& objects, int64_t max_objects) {
  if (max_objects < 0) {
    throw InputError("postprocess.max_objects: must be >= 0, got " + std::to_string(max_objects));
  }
  const int32_t count = max_id(objects);
  const std::vector<int64_t> size = sizes(objects, count);
  std::vector<int32_t> ids;
  for (int32_t id = 1; id <= count; ++id) {
    if (size[id] > 0) ids.push_back(id);
  }
  if (max_objects > 0 && static_cast<int64_t>(ids.size()) > max_objects) {
    std::stable_sort(ids.begin(), ids.end(), [&](int32_t a, int32_t b) { return size[a] > size[b]; });
    ids.resize(static_cast<size_t>(max_objects));
  } else if (static_cast<int32_t>(ids.size()) == count) {
    return objects;  // every id 1..count kept, none empty: the renumbering is the identity
  }
  std::vector<bool> keep(static_cast<size_t>(count) + 1, false);
  for (const int32_t id : ids) keep[id] = true;
  return relabel_kept(objects, keep);
}

}  // namespace hypera::core
