#include "core/postprocess/seeded_growth.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <queue>
#include <vector>

#include "core/postprocess/neighbourhood.h"
#include "support/input_error.h"

namespace hypera::core {
namespace {

// An unsigned integer that sorts like the float (-0 counts as +0).
uint32_t height_key(float height) {
  if (height == 0) height = 0;
  uint32_t bits = 0;
  std::memcpy(&bits, &height, sizeof bits);
  return (bits & 0x80000000u) != 0 ? ~bits : bits | 0x80000000u;
}

// The flood's front: voxels taken highest level first, first pushed first within a level. One FIFO per
// level (linked through the push order) and a heap of the levels whose FIFO is not empty, so the heap
// moves only when a level empties or fills again.
class LevelQueue {
 public:
  explicit LevelQueue(size_t levels) : head_(levels, kNone), tail_(levels, kNone) {}

  bool empty() const { return active_.empty(); }

  void push(uint32_t level, int64_t voxel) {
    const auto order = static_cast<uint32_t>(voxel_.size());
    voxel_.push_back(voxel);
    next_.push_back(kNone);
    if (head_[level] == kNone) {
      head_[level] = order;
      active_.push(level);
    } else {
      next_[tail_[level]] = order;
    }
    tail_[level] = order;
  }

  int64_t pop() {
    const uint32_t level = active_.top();
    const uint32_t order = head_[level];
    head_[level] = next_[order];
    if (head_[level] == kNone) active_.pop();
    return voxel_[order];
  }

 private:
  static constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();
  std::vector<uint32_t> head_, tail_;  // per level: first and last push order in its FIFO
  std::vector<uint32_t> next_;         // per push order: the next push order in its level's FIFO
  std::vector<int64_t> voxel_;         // per push order: the voxel
  std::priority_queue<uint32_t> active_;
};

// Sorts 32-bit keys ascending: two stable counting passes over 16-bit digits, O(keys + 2^16).
void radix_sort(std::vector<uint32_t>& keys) {
  std::vector<uint32_t> buffer(keys.size());
  std::vector<size_t> start(65537);
  for (const int shift : {0, 16}) {
    std::fill(start.begin(), start.end(), 0);
    for (const uint32_t k : keys) ++start[((k >> shift) & 0xffffu) + 1];
    for (size_t d = 1; d < start.size(); ++d) start[d] += start[d - 1];
    for (const uint32_t k : keys) buffer[start[(k >> shift) & 0xffffu]++] = k;
    keys.swap(buffer);
  }
}

}  // namespace

data::InstanceVolume grow_seeds(const data::InstanceVolume& seeds, const data::LabelVolume& mask,
                                const data::ImageVolume& surface) {
  if (!seeds.geometry.same_grid(mask.geometry) || !surface.geometry.same_grid(mask.geometry)) {
    throw InputError("seeded growth: seeds, mask and surface must be on the same grid");
  }
  if (seeds.voxels.size() >= std::numeric_limits<uint32_t>::max()) {
    throw InputError("seeded growth: 2^32 - 1 voxels or more");
  }
  // Levels: the distinct heights of the voxels that can enter the front (seeds and mask voxels), ascending.
  const auto n = static_cast<int64_t>(seeds.voxels.size());
  std::vector<uint32_t> levels;
  for (int64_t i = 0; i < n; ++i) {
    if (seeds.voxels[i] != 0 || mask.voxels[i] != 0) levels.push_back(height_key(surface.voxels[i]));
  }
  radix_sort(levels);
  levels.erase(std::unique(levels.begin(), levels.end()), levels.end());
  auto level_of = [&](int64_t i) {
    return static_cast<uint32_t>(std::lower_bound(levels.begin(), levels.end(), height_key(surface.voxels[i])) -
                                 levels.begin());
  };

  data::InstanceVolume labels = seeds;
  LevelQueue front(levels.size());
  // open[q]: a mask voxel that no flood has reached yet. One byte per voxel, so that the neighbour tests
  // of a flood that jumps across the grid stay in cache.
  std::vector<uint8_t> open(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) {
    open[i] = labels.voxels[i] == 0 && mask.voxels[i] != 0;
    if (labels.voxels[i] != 0) front.push(level_of(i), i);
  }
  while (!front.empty()) {
    const int64_t p = front.pop();
    const int32_t id = labels.voxels[p];
    for_each_neighbour(mask.geometry, p, [&](int64_t q) {
      if (open[q] != 0) {
        open[q] = 0;
        labels.voxels[q] = id;
        front.push(level_of(q), q);
      }
    });
  }
  return labels;
}

}  // namespace hypera::core
