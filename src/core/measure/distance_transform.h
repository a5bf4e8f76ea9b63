#pragma once
// Exact Euclidean distance transform of a binary mask, shared by the surface metrics and the boundary loss.
#include <vector>

#include "data/io/volume.h"

namespace hypera::core {

// Exact squared Euclidean distance transform (Felzenszwalb & Huttenlocher 2012): a binary scan along y,
// then separable passes of the 1D lower envelope of parabolas along z and x, O(voxels). For every voxel,
// the squared physical distance (geometry.spacing honoured, anisotropic allowed) to the nearest voxel where
// mask != 0; 0 on the set itself; +infinity everywhere when the mask has no non-zero voxel. 2D (nz == 1)
// and 3D. Exact up to double rounding (exact for integer spacing).
// Result: geometry.voxel_count() values in the mask's memory order (x fastest). Units: spacing units squared
// (mm^2 for medical images). Cost: 8 bytes per voxel of output plus a few lines of scratch; a 520x696 grid
// took 3.5-4 ms of thread CPU (5.5-7 ms before the y-first order), 181x217x181 150-220 ms (190-225 ms),
// on the shared 2-core development machine (bench/metrics, December 2026); single-threaded.
// Thread-safe (no shared state). InputError when the spacing along an axis of more than one voxel is not a
// positive finite number.
std::vector<double> squared_distance_to_set(const data::LabelVolume& mask);
// The same into `out` (resized; its memory is reused, which spares a caller with many masks the
// allocation and first touch of a fresh output each time).
void squared_distance_to_set(const data::LabelVolume& mask, std::vector<double>& out);

// The same squared distances, only at the voxels where `where` != 0, in scan order (one value per such
// voxel). The last pass, along x, only on the rows that hold such a voxel, and there a search outwards
// from each (a few steps where the distance is short) until the row's searches have cost about as much
// as its lower envelope, which then answers the rest. Otherwise the cost above, with 8 bytes per voxel of
// scratch instead of output. InputError also when the two grids differ in size.
std::vector<double> squared_distance_at(const data::LabelVolume& mask, const data::LabelVolume& where);

}  // namespace hypera::core
