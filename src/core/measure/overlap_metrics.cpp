#include "core/measure/overlap_metrics.h"

#include <algorithm>
#include <cstdlib>
#include <limits>
#include <string>
#include <tuple>
#include <unordered_set>
#include <vector>

#include "core/measure/object_overlap.h"
#include "core/measure/same_grid.h"
#include "support/input_error.h"

namespace hypera::core {
namespace {

// a / b with the empty convention: 1 when every count is zero, 0 for another 0/0.
double ratio(double numerator, double denominator, bool all_empty) {
  if (denominator > 0) {
    return numerator / denominator;
  }
  return all_empty ? 1.0 : 0.0;
}

struct Candidate {
  double iou;
  int32_t gt;
  int32_t pred;
};

}  // namespace

OverlapCounts overlap_counts(const data::LabelVolume& pred, const data::LabelVolume& gt, uint8_t cls) {
  require_same_grid(pred.geometry, gt.geometry, "overlap_counts");
  OverlapCounts counts;
  const size_t n = pred.voxels.size();
  for (size_t i = 0; i < n; ++i) {
    const bool p = pred.voxels[i] == cls;
    const bool g = gt.voxels[i] == cls;
    counts.tp += p && g;
    counts.fp += p && !g;
    counts.fn += g && !p;
  }
  return counts;
}

double dice(const OverlapCounts& c) {
  const bool empty = c.tp == 0 && c.fp == 0 && c.fn == 0;
  return ratio(2.0 * c.tp, 2.0 * c.tp + c.fp + c.fn, empty);
}

double iou(const OverlapCounts& c) {
  const bool empty = c.tp == 0 && c.fp == 0 && c.fn == 0;
  return ratio(c.tp, static_cast<double>(c.tp + c.fp + c.fn), empty);
}

double precision(const OverlapCounts& c) {
  return c.tp + c.fp > 0 ? static_cast<double>(c.tp) / static_cast<double>(c.tp + c.fp)
                         : std::numeric_limits<double>::quiet_NaN();
}

double recall(const OverlapCounts& c) {
  return c.tp + c.fn > 0 ? static_cast<double>(c.tp) / static_cast<double>(c.tp + c.fn)
                         : std::numeric_limits<double>::quiet_NaN();
}

double volume_similarity(const OverlapCounts& c) {
  const int64_t p = c.tp + c.fp;
  const int64_t g = c.tp + c.fn;
  return p + g > 0 ? 1.0 - static_cast<double>(std::abs(p - g)) / static_cast<double>(p + g) : 1.0;
}

double dice(const data::LabelVolume& pred, const data::LabelVolume& gt, uint8_t cls) {
  return dice(overlap_counts(pred, gt, cls));
}

double iou(const data::LabelVolume& pred, const data::LabelVolume& gt, uint8_t cls) {
  return iou(overlap_counts(pred, gt, cls));
}

ObjectMatchResult match_objects(const data::InstanceVolume& pred, const data::InstanceVolume& gt,
                                double iou_threshold) {
  const ObjectOverlap table = object_overlap(pred, gt, "match_objects");
  return match_objects(table, iou_threshold);
}

ObjectMatchResult match_objects(const ObjectOverlap& table, double iou_threshold) {
  if (!(iou_threshold >= 0 && iou_threshold <= 1)) {
    throw InputError("match_objects: iou_threshold must be in [0, 1], got " + std::to_string(iou_threshold));
  }
  std::vector<Candidate> candidates;
  for (const auto& [key, intersection] : table.overlap) {
    const int32_t p = ObjectOverlap::pred_of(key);
    const int32_t g = ObjectOverlap::gt_of(key);
    const double iou_value = static_cast<double>(intersection) /
                             static_cast<double>(table.pred_area.at(p) + table.gt_area.at(g) - intersection);
    if (iou_value > iou_threshold) {
      candidates.push_back({iou_value, g, p});
    }
  }
  std::sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
    return std::tie(b.iou, a.gt, a.pred) < std::tie(a.iou, b.gt, b.pred);
  });
  std::unordered_set<int32_t> matched_pred;
  std::unordered_set<int32_t> matched_gt;
  double iou_sum = 0;
  for (const Candidate& c : candidates) {
    if (matched_pred.count(c.pred) == 0 && matched_gt.count(c.gt) == 0) {
      matched_pred.insert(c.pred);
      matched_gt.insert(c.gt);
      iou_sum += c.iou;
    }
  }
  ObjectMatchResult r;
  r.tp = static_cast<int64_t>(matched_pred.size());
  r.fp = static_cast<int64_t>(table.pred_area.size()) - r.tp;
  r.fn = static_cast<int64_t>(table.gt_area.size()) - r.tp;
  const bool empty = table.pred_area.empty() && table.gt_area.empty();
  r.precision = ratio(r.tp, static_cast<double>(r.tp + r.fp), empty);
  r.recall = ratio(r.tp, static_cast<double>(r.tp + r.fn), empty);
  r.f1 = ratio(2.0 * r.tp, 2.0 * r.tp + r.fp + r.fn, empty);
  r.mean_matched_iou = r.tp > 0 ? iou_sum / r.tp : 0.0;
  return r;
}

}  // namespace hypera::core
