#include "sac/agent/adam_kernels.h"

#include <cmath>

namespace hypera::sac {

// target_clones makes each kernel an ifunc, whose resolver runs while the dynamic loader relocates the program.
// ThreadSanitizer instruments that resolver, and its runtime is not up yet then: every process would crash before
// main. A ThreadSanitizer build keeps the baseline version only.
#if defined(__SANITIZE_THREAD__)
#define HYPERA_VECTOR_CLONES
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define HYPERA_VECTOR_CLONES
#endif
#endif
#ifndef HYPERA_VECTOR_CLONES
#define HYPERA_VECTOR_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#endif

HYPERA_VECTOR_CLONES double sum_of_squares(const float* values, int64_t count) {
  constexpr int kLanes = 16;  // each lane's sum keeps its order, so the loop vectorises without reassociation
  float lanes[kLanes] = {};
  int64_t i = 0;
  for (; i + kLanes <= count; i += kLanes) {
    for (int lane = 0; lane < kLanes; ++lane) lanes[lane] += values[i + lane] * values[i + lane];
  }
  double total = 0;
  for (const float lane : lanes) total += lane;
  for (; i < count; ++i) total += static_cast<double>(values[i]) * values[i];
  return total;
}

// The constants come by value so that the compiler knows the buffers do not alias them.
HYPERA_VECTOR_CLONES void adam_pass(float* __restrict values, const float* __restrict grads,
                                    float* __restrict first, float* __restrict second, int64_t count,
                                    AdamStepConstants constants) {
  constexpr auto kFirstWeight = static_cast<float>(1.0 - kAdamBeta1);
  constexpr auto kSecondDecay = static_cast<float>(kAdamBeta2);
  constexpr auto kSecondWeight = static_cast<float>(1.0 - kAdamBeta2);
  for (int64_t i = 0; i < count; ++i) {
    const float grad = grads[i] * constants.grad_scale;
    first[i] += kFirstWeight * (grad - first[i]);
    second[i] = second[i] * kSecondDecay + kSecondWeight * grad * grad;
    values[i] -= constants.step_size * (first[i] / (std::sqrt(second[i]) / constants.sqrt_correction2 +
                                                    kAdamEpsilon));
  }
}

#undef HYPERA_VECTOR_CLONES

}  // namespace hypera::sac
