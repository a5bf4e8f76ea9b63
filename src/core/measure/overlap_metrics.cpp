#include "core/measure/overlap_metrics.h"

#include <algorithm>
#include <string>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "data/io/input_error.h"

namespace hypera::core {
namespace {

std::string size_text(const data::Geometry& g) {
  return std::to_string(g.nx()) + "x" + std::to_string(g.ny()) + "x" + std::to_string(g.nz());
}

void require_same_grid(const data::Geometry& pred, const data::Geometry& gt, const char* who) {
  if (!pred.same_grid(gt)) {
    throw InputError(std::string(who) + ": prediction " + size_text(pred) + " and ground truth " + size_text(gt) +
                     " differ in size");
  }
}

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

double dice(const data::LabelVolume& pred, const data::LabelVolume& gt, uint8_t cls) {
  return dice(overlap_counts(pred, gt, cls));
}

double iou(const data::LabelVolume& pred, const data::LabelVolume& gt, uint8_t cls) {
  return iou(overlap_counts(pred, gt, cls));
}

ObjectMatchResult match_objects(const data::InstanceVolume& pred, const data::InstanceVolume& gt,
                                double iou_threshold) {
  require_same_grid(pred.geometry, gt.geometry, "match_objects");
  if (!(iou_threshold >= 0 && iou_threshold <= 1)) {
    throw InputError("match_objects: iou_threshold must be in [0, 1], got " + std::to_string(iou_threshold));
  }
  // Sparse overlap table, accumulated per run of equal (pred, gt) pairs: runs along x are long, so the
  // hash maps are touched a few times per object row rather than once per voxel.
  std::unordered_map<int32_t, int64_t> pred_area;
  std::unordered_map<int32_t, int64_t> gt_area;
  std::unordered_map<uint64_t, int64_t> overlap;
  const auto flush = [&](int32_t p, int32_t g, int64_t length) {
    if (length == 0) return;
    if (p != 0) pred_area[p] += length;
    if (g != 0) gt_area[g] += length;
    if (p != 0 && g != 0) {
      overlap[(uint64_t{static_cast<uint32_t>(p)} << 32) | static_cast<uint32_t>(g)] += length;
    }
  };
  int32_t run_p = 0;
  int32_t run_g = 0;
  int64_t run_length = 0;
  const size_t n = pred.voxels.size();
  for (size_t i = 0; i < n; ++i) {
    const int32_t p = pred.voxels[i];
    const int32_t g = gt.voxels[i];
    if (p == run_p && g == run_g) {
      ++run_length;
      continue;
    }
    flush(run_p, run_g, run_length);
    run_p = p;
    run_g = g;
    run_length = 1;
  }
  flush(run_p, run_g, run_length);

  std::vector<Candidate> candidates;
  for (const auto& [key, intersection] : overlap) {
    const auto p = static_cast<int32_t>(key >> 32);
    const auto g = static_cast<int32_t>(key & 0xffffffffu);
    const double iou_value =
        static_cast<double>(intersection) / static_cast<double>(pred_area[p] + gt_area[g] - intersection);
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
  r.fp = static_cast<int64_t>(pred_area.size()) - r.tp;
  r.fn = static_cast<int64_t>(gt_area.size()) - r.tp;
  const bool empty = pred_area.empty() && gt_area.empty();
  r.precision = ratio(r.tp, static_cast<double>(r.tp + r.fp), empty);
  r.recall = ratio(r.tp, static_cast<double>(r.tp + r.fn), empty);
  r.f1 = ratio(2.0 * r.tp, 2.0 * r.tp + r.fp + r.fn, empty);
  r.mean_matched_iou = r.tp > 0 ? iou_sum / r.tp : 0.0;
  return r;
}

}  // namespace hypera::core
