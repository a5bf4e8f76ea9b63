#pragma once
// Intensity normalisation.
#include "data/io/volume.h"

namespace hypera::data {

// In place: clips every value to [p_low, p_high], the low_percent and high_percent percentiles of the
// image's own finite values (linear interpolation between order statistics, like numpy's default),
// then maps [p_low, p_high] linearly to [0, 1]. A constant image (p_high == p_low) and non-finite
// values become 0. Requires 0 <= low_percent < high_percent <= 100, else InputError naming the option.
// Cost: O(n) time (nth_element), one float copy of the image. Thread-safe for distinct images.
void normalize_percentiles(ImageVolume& image, double low_percent = 1.0, double high_percent = 99.0);

}  // namespace hypera::data
