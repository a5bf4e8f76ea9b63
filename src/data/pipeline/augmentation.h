#pragma once
// Spatial and intensity augmentation of a Patch, on plain arrays (no torch ops). Flips and rotations are
// exact permutations applied identically to image, label and distance maps, so they never break alignment. Every
// random choice comes from the rng passed in: deterministic given its seed. Thread-safe (no shared
// state). Cost O(voxels) per transform; elastic deformation see elastic.h.
#include <random>

#include "data/pipeline/patch.h"

namespace hypera::data {

// Filled by the trainer from the hyperparameter registry (aug.flip_p, aug.rotate_p, aug.elastic_p,
// aug.intensity) each epoch.
struct AugmentationParams {
  double flip_p = 0.5;         // probability of a flip, drawn separately for each spatial axis
  double rotate_p = 0.5;       // probability of a 90/180/270-degree rotation in the y-x plane
  double elastic_p = 0.0;      // probability of an elastic deformation
  double elastic_alpha = 8;    // largest displacement, pixels
  double elastic_sigma = 4;    // smoothness of the displacement field, pixels (Gaussian sigma)
  double intensity = 0.1;      // max relative scale and shift: x * (1 + U(-i, i)) + U(-i, i)
};

// Mirrors the patch along axis 0/1/2 (x/y/z).
void flip(Patch& patch, int axis);
// Rotates by quarter_turns * 90 degrees in the y-x plane (the last two array axes; for 3D patches every
// z slice the same way). Odd turns need a square plane (size x == size y): std::invalid_argument.
void rotate90(Patch& patch, int quarter_turns);
// image = image * scale + shift in every channel; labels and distance maps untouched.
void scale_shift_intensity(Patch& patch, float scale, float shift);

// In order: elastic deformation (elastic_p), a rotation by 1-3 quarter turns (rotate_p; only 2 quarter
// turns when the plane is not square), a flip per spatial axis (flip_p each; z only for 3D patches), and
// an intensity scale and shift (when intensity > 0).
void augment(Patch& patch, const AugmentationParams& params, std::mt19937_64& rng);

}  // namespace hypera::data
