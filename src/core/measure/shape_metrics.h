#pragma once
// Shape descriptors of one class of a label grid.
#include <cstdint>

#include "data/io/volume.h"

namespace hypera::core {

struct ShapeScores {
  int64_t components = 0;  // connected components of the class, full connectivity (8 in 2D, 26 in 3D)
  int64_t holes = 0;       // background components (face connectivity: 4 / 6, the dual of the above) that
                           // do not touch the grid border
  // Mean over the components of their compactness; NaN when there is no component.
  // 2D: perimeter^2 / (4 pi area), 1 for an ideal disk. Perimeter: length of the iso-contour at half height
  //     between pixel centres (marching squares; a cell crossed diagonally contributes the half-diagonal,
  //     an edge-crossed cell the pixel side; the saddle case two half-diagonals); hole boundaries count.
  //     Area: pixel count times pixel area. A square of a x a pixels: perimeter 4 (a - 1) + 2 sqrt(2).
  //     The contour runs in 8 directions only, so it overestimates curved boundaries by about 5%: a
  //     digital disk of radius 30 scores about 1.14, a large square about 4 / pi = 1.27.
  // 3D: surface^3 / (36 pi volume^2), 1 for a ball. Surface: exposed voxel faces times their area (a
  //     crack surface: exact for axis-aligned boxes, about 1.5 times the true area of smooth surfaces,
  //     so a digital ball scores about 3.4). Volume: voxel count times voxel volume.
  // Physical units from the spacing; the ratio has none.
  double compactness = 0;
};

// Cost: two component labellings and one pass over the grid. Thread-safe.
ShapeScores shape_scores(const data::LabelVolume& labels, uint8_t cls);

}  // namespace hypera::core
