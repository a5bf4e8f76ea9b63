#pragma once
// The element-wise loops of FlatAdam over raw float buffers, apart from LibTorch: this file is compiled with
// -fno-math-errno (so that the square root vectorises) and without the LibTorch precompiled header, and each
// kernel is built for AVX-512, AVX2 and baseline x86-64, the CPU picking one when the program loads (baseline only
// under ThreadSanitizer, whose runtime cannot run that choice: adam_kernels.cpp).
#include <cstdint>

namespace hypera::sac {

constexpr double kAdamBeta1 = 0.9;
constexpr double kAdamBeta2 = 0.999;
constexpr float kAdamEpsilon = 1e-8F;

struct AdamStepConstants {
  float grad_scale;        // the clipping factor applied to every gradient (1 without clipping)
  float sqrt_correction2;  // sqrt(1 - beta2^t)
  float step_size;         // learning rate / (1 - beta1^t)
};

// Sum of the squares of count floats, accumulated in 16 float lanes and totalled in double.
double sum_of_squares(const float* values, int64_t count);

// One Adam step over count elements, in the order of PyTorch's Adam: g = grads * grad_scale,
// first = lerp(first, g, 1 - beta1), second = beta2 second + (1 - beta2) g^2,
// values -= step_size * first / (sqrt(second) / sqrt_correction2 + eps). The four buffers must not overlap.
void adam_pass(float* values, const float* grads, float* first, float* second, int64_t count,
               AdamStepConstants constants);

}  // namespace hypera::sac
