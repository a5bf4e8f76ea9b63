#pragma once
// The check every two-grid metric starts with.
#include "data/io/volume.h"

namespace hypera::core {

// InputError "<who>: prediction AxBxC and ground truth DxExF differ in size" unless the sizes agree.
void require_same_grid(const data::Geometry& pred, const data::Geometry& gt, const char* who);

}  // namespace hypera::core
