#pragma once
// Exploration by training progress (issue 5): broad early, narrowing, deterministic at the end.
//   progress < 0.3        scale 1: the SAC policy's own samples (uniform random during SAC warm-up)
//   0.3 <= progress < 0.8 scale falls linearly from 1 to 0: the action is mean + scale * (sample - mean)
//   progress >= 0.8       scale 0: the deterministic action
// Discrete actions take the sample with probability `scale`, the deterministic choice otherwise.
#include <random>
#include <vector>

namespace hypera::agents {

double exploration_scale(double progress);

// Blends a sampled and a deterministic action as above. `discrete`: one value, the index.
std::vector<float> explored_action(const std::vector<float>& sample, const std::vector<float>& deterministic,
                                   double scale, bool discrete, std::mt19937_64& random);

}  // namespace hypera::agents
