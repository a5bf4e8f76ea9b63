#include "core/measure/object_scores.h"

#include <cstddef>
#include <unordered_map>

#include "core/measure/object_overlap.h"

namespace hypera::core {
namespace {

// Objects (keys of `count`) with at least two parts.
int64_t with_two_parts(const std::unordered_map<int32_t, int>& count) {
  int64_t n = 0;
  for (const auto& [id, parts] : count) n += parts >= 2;
  return n;
}

// Objects of which less than half is covered by the other grid's objects.
int64_t mostly_uncovered(const std::unordered_map<int32_t, int64_t>& area,
                         const std::unordered_map<int32_t, int64_t>& covered) {
  int64_t n = 0;
  for (const auto& [id, voxels] : area) {
    const auto it = covered.find(id);
    n += 2 * (it == covered.end() ? 0 : it->second) < voxels;
  }
  return n;
}

}  // namespace

ObjectScores score_instances(const data::InstanceVolume& pred, const data::InstanceVolume& gt) {
  const ObjectOverlap table = object_overlap(pred, gt, "score_instances");
  ObjectScores s;
  s.true_objects = static_cast<int64_t>(table.gt_area.size());
  s.predicted_objects = static_cast<int64_t>(table.pred_area.size());
  double f1_sum = 0;
  for (std::size_t i = 0; i < kObjectIouThresholds.size(); ++i) {
    s.at[i] = match_objects(table, kObjectIouThresholds[i]);
    f1_sum += s.at[i].f1;
  }
  s.mean_f1 = f1_sum / static_cast<double>(kObjectIouThresholds.size());

  std::unordered_map<int32_t, int> fragments;  // per true object
  std::unordered_map<int32_t, int> held;       // per predicted object
  for (const auto& [key, voxels] : table.overlap) {
    const int32_t p = ObjectOverlap::pred_of(key);
    const int32_t g = ObjectOverlap::gt_of(key);
    const auto inter = static_cast<double>(voxels);
    const auto p_area = static_cast<double>(table.pred_area.at(p));
    const auto g_area = static_cast<double>(table.gt_area.at(g));
    if (2 * inter > p_area && inter >= kSignificantFraction * g_area) ++fragments[g];
    if (2 * inter > g_area && inter >= kSignificantFraction * p_area) ++held[p];
  }
  s.splits = with_two_parts(fragments);
  s.merges = with_two_parts(held);
  s.missed = mostly_uncovered(table.gt_area, table.gt_covered);
  s.extra = mostly_uncovered(table.pred_area, table.pred_covered);
  return s;
}

}  // namespace hypera::core
