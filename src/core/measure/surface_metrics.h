#pragma once
// Surface-distance metrics from the two directed distance sets of surface_distances.h (MONAI's
// definitions). Empty conventions: see scores.h. Pure functions, thread-safe; linear in the distance count.
#include "core/measure/surface_distances.h"

namespace hypera::core {

// The larger of the two directed percentiles (percentile in [0, 100]; 100 gives the Hausdorff distance,
// 95 the HD95). Percentile of n sorted values d: linear interpolation at rank (n - 1) p / 100 (numpy's and
// torch.quantile's default). NaN when both sets are empty, +inf when one surface is empty.
double hausdorff(const SurfaceDistances& d, double percentile);

// Mean over the union of both directed sets. NaN when both are empty, +inf when one surface is empty.
double average_symmetric_surface_distance(const SurfaceDistances& d);

// Fraction of both directed sets within tolerance (d <= tolerance). NaN when both are empty.
double surface_dice(const SurfaceDistances& d, double tolerance);

// 2 P R / (P + R): P = fraction of from_pred <= tolerance, R = fraction of from_gt <= tolerance; NaN when
// both are empty, 0 when one is empty or P + R = 0.
double boundary_f1(const SurfaceDistances& d, double tolerance);

}  // namespace hypera::core
