#pragma once
// Step 4 of the pipeline: binary morphology with a ball (a disk in 2D) of any radius, exact: the ball is
// taken row by row along x (one distance-along-the-row pass, then one pass over the grid per ball row).
//
// The ball of radius r is every voxel offset d with |d| <= r (in voxels; spacing ignored). Outside the
// grid counts as neither foreground nor background: objects touching the border are not eroded from
// the border side. Masks: 0 = background, any other value = foreground; results hold 0/1 on the same
// grid. r = 0 returns the mask as 0/1. InputError naming the radius when r is negative or not finite.
// Cost per erosion or dilation: O(voxels x rows of the ball), the rows being the (dy, dz) offsets with
// dy^2 + dz^2 <= r^2 inside the grid (2r + 1 in 2D; about pi r^2 in 3D); 4 bytes of scratch per voxel.
// About 0.5 ms for r = 2 on a 520x696 image. Thread-safe.
#include <string>

#include "data/io/volume.h"

namespace hypera::core {

data::LabelVolume erode_ball(const data::LabelVolume& mask, double radius, const std::string& parameter);
data::LabelVolume dilate_ball(const data::LabelVolume& mask, double radius, const std::string& parameter);
// Opening = dilation of the erosion: removes parts narrower than the ball (thin bridges, specks).
data::LabelVolume open_ball(const data::LabelVolume& mask, double radius, const std::string& parameter);
// Closing = erosion of the dilation: fills gaps and notches narrower than the ball.
data::LabelVolume close_ball(const data::LabelVolume& mask, double radius, const std::string& parameter);

}  // namespace hypera::core
