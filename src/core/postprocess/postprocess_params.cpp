#include "core/postprocess/postprocess_params.h"

#include <cmath>
#include <sstream>

#include "support/input_error.h"

namespace hypera::core {
namespace {

struct Field {
  ParameterRange range;
  double PostprocessParams::*member;
};

const std::vector<Field>& fields() {
  static const std::vector<Field> table = {
      {{"smoothing_sigma", 0, 4, 0, false}, &PostprocessParams::smoothing_sigma},
      {{"foreground_bias", -4, 4, 0, false}, &PostprocessParams::foreground_bias},
      {{"threshold", 0.05, 0.95, 0.5, false}, &PostprocessParams::threshold},
      {{"open_radius", 0, 8, 0, false}, &PostprocessParams::open_radius},
      {{"close_radius", 0, 8, 0, false}, &PostprocessParams::close_radius},
      {{"max_hole_size", 0, 1e6, 0, true}, &PostprocessParams::max_hole_size},
      {{"boundary_weight", 0, 4, 1, false}, &PostprocessParams::boundary_weight},
      {{"seed_threshold", -1, 1, 0.5, false}, &PostprocessParams::seed_threshold},
      {{"min_seed_distance", 0.5, 20, 2, false}, &PostprocessParams::min_seed_distance},
      {{"min_size", 0, 1e6, 0, true}, &PostprocessParams::min_size},
      {{"min_confidence", 0, 1, 0, false}, &PostprocessParams::min_confidence},
      {{"max_objects", 0, 1e6, 0, true}, &PostprocessParams::max_objects},
  };
  return table;
}

const Field& field(const std::string& name) {
  for (const Field& f : fields()) {
    if (f.range.name == name) return f;
  }
  throw InputError("postprocess." + name + ": unknown parameter");
}

void check_value(const ParameterRange& range, double value) {
  std::ostringstream problem;
  if (!std::isfinite(value) || value < range.lower || value > range.upper) {
    problem << value << " outside [" << range.lower << ", " << range.upper << "]";
  } else if (range.integer && value != std::floor(value)) {
    problem << value << " is not a whole number";
  } else {
    return;
  }
  throw InputError("postprocess." + range.name + ": " + problem.str());
}

}  // namespace

const std::vector<ParameterRange>& parameter_ranges() {
  static const std::vector<ParameterRange> ranges = [] {
    std::vector<ParameterRange> result;
    for (const Field& f : fields()) result.push_back(f.range);
    return result;
  }();
  return ranges;
}

double get_parameter(const PostprocessParams& params, const std::string& name) {
  return params.*(field(name).member);
}

void set_parameter(PostprocessParams& params, const std::string& name, double value) {
  const Field& f = field(name);
  check_value(f.range, value);
  params.*(f.member) = value;
}

void validate(const PostprocessParams& params) {
  for (const Field& f : fields()) check_value(f.range, params.*(f.member));
}

}  // namespace hypera::core
