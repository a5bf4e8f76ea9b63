#pragma once
// Object-level scores of an instance segmentation (BBBC039 nuclei): one-to-one matching over a range of
// IoU thresholds, and counts of splits, merges, missed and extra objects.
#include <array>
#include <cstdint>

#include "core/measure/overlap_metrics.h"
#include "data/io/volume.h"

namespace hypera::core {

// IoU thresholds 0.50, 0.55, ..., 0.95 (a pair matches when IoU > t, strictly).
constexpr std::array<double, 10> kObjectIouThresholds{0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95};

// A part of one object covers another "significantly" when the overlap is at least this fraction of it.
constexpr double kSignificantFraction = 0.1;

struct ObjectScores {
  int64_t true_objects = 0;
  int64_t predicted_objects = 0;
  std::array<ObjectMatchResult, kObjectIouThresholds.size()> at;  // at[i]: match_objects at threshold i
  double mean_f1 = 0;         // mean of at[i].f1 over the thresholds
  // Split: a true object g with >= 2 fragments, a fragment being a predicted object p that lies mostly
  //   inside g (|p n g| > |p| / 2) and covers a significant part of it (|p n g| >= 0.1 |g|).
  // Merge: a predicted object p holding >= 2 true objects, each lying mostly inside p (|p n g| > |g| / 2)
  //   and covering a significant part of it (|p n g| >= 0.1 |p|).
  // Missed: a true object of which less than half is covered by predicted objects (any ids).
  // Extra: a predicted object of which less than half is covered by true objects.
  // These do not depend on the IoU threshold; each object is counted at most once per category.
  int64_t splits = 0;
  int64_t merges = 0;
  int64_t missed = 0;
  int64_t extra = 0;
};

// Non-zero ids are objects (need not be consecutive). Same grid size required (InputError). Both empty:
// every precision, recall and F1 is 1 (see overlap_metrics.h). Cost: one pass over the voxels and a sort
// of the overlapping pairs. Thread-safe.
ObjectScores score_instances(const data::InstanceVolume& pred, const data::InstanceVolume& gt);

}  // namespace hypera::core
