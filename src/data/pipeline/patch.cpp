#include "data/pipeline/patch.h"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace hypera::data {
namespace {

// The k-th (0-based) foreground voxel of the view, as (width, height, depth) coordinates.
std::array<int64_t, 3> nth_foreground(const ItemView& view, int64_t k) {
  for (int64_t d = 0; d < view.size[2]; ++d) {
    for (int64_t h = 0; h < view.size[1]; ++h) {
      const uint8_t* row = view.label + d * view.stride[2] + h * view.stride[1];
      for (int64_t w = 0; w < view.size[0]; ++w) {
        if (row[w * view.stride[0]] > 0 && k-- == 0) return {w, h, d};
      }
    }
  }
  return {0, 0, 0};
}

int64_t count_foreground(const ItemView& view) {
  int64_t count = 0;
  for (int64_t d = 0; d < view.size[2]; ++d) {
    for (int64_t h = 0; h < view.size[1]; ++h) {
      const uint8_t* row = view.label + d * view.stride[2] + h * view.stride[1];
      for (int64_t w = 0; w < view.size[0]; ++w) count += row[w * view.stride[0]] > 0;
    }
  }
  return count;
}

// Fills patch.distance from the view's maps at `origin` (crop_patch's padding rule for voxels outside).
void crop_distance(const ItemView& view, const std::array<int64_t, 3>& origin, Patch& patch) {
  const int64_t voxels = patch.voxel_count();
  patch.distance_channels = view.distance_channels;
  patch.distance.resize(static_cast<size_t>(voxels * view.distance_channels));
  for (int c = 0; c < view.distance_channels; ++c) {
    const float* map = view.distance + c * view.distance_channel_step;
    float* out = patch.distance.data() + c * voxels;
    for (int64_t d = 0, i = 0; d < patch.size[2]; ++d) {
      const int64_t vd = origin[2] + d;
      const int64_t cd = std::clamp<int64_t>(vd, 0, view.size[2] - 1);
      for (int64_t h = 0; h < patch.size[1]; ++h) {
        const int64_t vh = origin[1] + h;
        const int64_t ch = std::clamp<int64_t>(vh, 0, view.size[1] - 1);
        for (int64_t w = 0; w < patch.size[0]; ++w, ++i) {
          const int64_t vw = origin[0] + w;
          const int64_t cw = std::clamp<int64_t>(vw, 0, view.size[0] - 1);
          const float value = map[cd * view.stride[2] + ch * view.stride[1] + cw * view.stride[0]];
          const bool inside = vw == cw && vh == ch && vd == cd;
          out[i] = inside ? value : std::max(value, 0.0f);
        }
      }
    }
  }
}

}  // namespace

ItemView item_view(const Sample& sample, const Item& item) {
  const auto& size = sample.label.geometry.size;
  const std::array<int64_t, 3> strides{1, size[0], size[0] * size[1]};
  ItemView view;
  for (const ImageVolume& channel : sample.channels) view.image.push_back(channel.voxels.data());
  view.label = sample.label.voxels.data();
  if (item.axis == -1) {
    view.size = size;
    view.stride = strides;
    return view;
  }
  if (item.axis < 0 || item.axis > 2 || item.slice < 0 || item.slice >= size[item.axis]) {
    throw std::out_of_range("item_view: slice " + std::to_string(item.slice) + " along axis " +
                            std::to_string(item.axis) + " is outside sample " + sample.name);
  }
  const int64_t offset = item.slice * strides[item.axis];
  for (const float*& channel : view.image) channel += offset;
  view.label += offset;
  int out = 0;
  for (int axis = 0; axis < 3; ++axis) {
    if (axis == item.axis) continue;
    view.size[out] = size[axis];
    view.stride[out] = strides[axis];
    ++out;
  }
  view.size[2] = 1;
  view.stride[2] = strides[item.axis];
  return view;
}

ItemView item_view(const SampleCache& cache, const Item& item) {
  const Sample& sample = cache[item.sample];
  ItemView view = item_view(sample, item);
  if (cache.distance_channels() > 0) {
    const std::vector<float>& maps = cache.distance_maps(item.sample);
    view.distance = maps.data() + (view.label - sample.label.voxels.data());
    view.distance_channels = cache.distance_channels();
    view.distance_channel_step = sample.label.geometry.voxel_count();
  }
  return view;
}

Patch crop_patch(const ItemView& view, const std::array<int64_t, 3>& patch_size, double foreground_p,
                 std::mt19937_64& rng) {
  std::array<int64_t, 3> low{}, high{};
  for (int a = 0; a < 3; ++a) {
    low[a] = std::min<int64_t>(0, view.size[a] - patch_size[a]);
    high[a] = std::max<int64_t>(0, view.size[a] - patch_size[a]);
  }
  std::array<int64_t, 3> origin{};
  const bool want_foreground = std::uniform_real_distribution<double>(0.0, 1.0)(rng) < foreground_p;
  const int64_t foreground = want_foreground ? count_foreground(view) : 0;
  if (foreground > 0) {
    const auto centre = nth_foreground(view, std::uniform_int_distribution<int64_t>(0, foreground - 1)(rng));
    for (int a = 0; a < 3; ++a) origin[a] = std::clamp(centre[a] - patch_size[a] / 2, low[a], high[a]);
  } else {
    for (int a = 0; a < 3; ++a) origin[a] = std::uniform_int_distribution<int64_t>(low[a], high[a])(rng);
  }

  Patch patch;
  patch.size = patch_size;
  patch.image_channels = static_cast<int>(view.image.size());
  const int64_t voxels = patch.voxel_count();
  patch.image.assign(static_cast<size_t>(voxels * patch.image_channels), 0.0f);
  patch.label.assign(static_cast<size_t>(voxels), 0);
  // The patch columns [w_begin, w_end) are the ones that land inside the view.
  const int64_t w_begin = std::max<int64_t>(0, -origin[0]);
  const int64_t w_end = std::min(patch_size[0], view.size[0] - origin[0]);
  for (int64_t d = 0; d < patch_size[2]; ++d) {
    const int64_t vd = origin[2] + d;
    if (vd < 0 || vd >= view.size[2]) continue;
    for (int64_t h = 0; h < patch_size[1]; ++h) {
      const int64_t vh = origin[1] + h;
      if (vh < 0 || vh >= view.size[1]) continue;
      const int64_t source_row = vd * view.stride[2] + vh * view.stride[1] + origin[0] * view.stride[0];
      const int64_t target_row = (d * patch_size[1] + h) * patch_size[0];
      // The row's columns [w_begin, w_end) of one array of the view into the same row of the patch's array.
      const auto copy_row = [&](const auto* from, auto* to) {
        for (int64_t w = w_begin; w < w_end; ++w) to[target_row + w] = from[source_row + w * view.stride[0]];
      };
      for (int c = 0; c < patch.image_channels; ++c) copy_row(view.image[size_t(c)], patch.image.data() + c * voxels);
      copy_row(view.label, patch.label.data());
    }
  }
  if (view.distance) crop_distance(view, origin, patch);
  return patch;
}

}  // namespace hypera::data
