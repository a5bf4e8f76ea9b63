#pragma once
// The parameters of the post-processing pipeline (pipeline.h): one struct, every numeric field a named,
// bounded value, so that a segmentation agent's action is a change of a few of these names.
// Units: voxels of the probability grid (spacing is ignored: radii, sigma and distances count voxels).
#include <string>
#include <vector>

namespace hypera::core {

// How objects are formed from the final foreground mask (step 6).
enum class SeedMode {
  Components,      // connected components of the mask (8-connected in 2D, 26 in 3D); no splitting
  Interior,        // three-class maps: seeds where p_interior - boundary_weight * p_boundary > seed_threshold
  DistanceMaxima,  // h-maxima (h = min_seed_distance) of the mask's distance to the background
};

struct PostprocessParams {
  // name in parameter_ranges()        bounds          default  meaning
  double smoothing_sigma = 0;    // smoothing_sigma   [0, 4]          0     Gaussian sigma of the maps; 0 = off
  double foreground_bias = 0;    // foreground_bias   [-4, 4]         0     p' = sigmoid(logit(p) + bias)
  double threshold = 0.5;        // threshold         [0.05, 0.95]  0.5     foreground where p' > threshold
  double open_radius = 0;        // open_radius       [0, 8]          0     ball radius of the opening; 0 = off
  double close_radius = 0;       // close_radius      [0, 8]          0     ball radius of the closing; 0 = off
  double max_hole_size = 0;      // max_hole_size     [0, 1e6]        0     fill holes of <= this many voxels
  double boundary_weight = 1;    // boundary_weight   [0, 4]          1     w of the interior score
  double seed_threshold = 0.5;   // seed_threshold    [-1, 1]       0.5     interior score threshold of seeds
  double min_seed_distance = 2;  // min_seed_distance [0.5, 20]       2     h of the distance h-maxima
  double min_size = 0;           // min_size          [0, 1e6]        0     objects with fewer voxels removed
  double min_confidence = 0;     // min_confidence    [0, 1]          0     objects with lower mean p removed
  double max_objects = 0;        // max_objects       [0, 1e6]        0     keep the largest N; 0 = all
  SeedMode seeds = SeedMode::Components;  // not a numeric action: chosen once per target kind
};

// One named numeric parameter. `integer`: the value must be a whole number (a voxel count or an object
// count).
struct ParameterRange {
  std::string name;
  double lower = 0;
  double upper = 0;
  double default_value = 0;
  bool integer = false;
};

// The numeric parameters in pipeline order, with the bounds and defaults stated above.
const std::vector<ParameterRange>& parameter_ranges();

// By name; unknown name -> InputError "postprocess.<name>: unknown parameter".
double get_parameter(const PostprocessParams& params, const std::string& name);
// Sets one parameter; an unknown name, a value outside its bounds (or not finite) or a fractional value
// of an integer parameter throws InputError naming "postprocess.<name>". Integer parameters are not
// rounded: an agent rounds its action before calling.
void set_parameter(PostprocessParams& params, const std::string& name, double value);

// Throws InputError naming the first parameter that is out of bounds, not finite or not whole.
void validate(const PostprocessParams& params);

}  // namespace hypera::core
