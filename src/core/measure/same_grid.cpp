#include "core/measure/same_grid.h"

#include <string>

#include "support/input_error.h"

namespace hypera::core {
namespace {

std::string size_text(const data::Geometry& g) {
  return std::to_string(g.nx()) + "x" + std::to_string(g.ny()) + "x" + std::to_string(g.nz());
}

}  // namespace

void require_same_grid(const data::Geometry& pred, const data::Geometry& gt, const char* who) {
  if (!pred.same_grid(gt)) {
    throw InputError(std::string(who) + ": prediction " + size_text(pred) + " and ground truth " + size_text(gt) +
                     " differ in size");
  }
}

}  // namespace hypera::core
