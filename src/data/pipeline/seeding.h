#pragma once
// Deterministic seed derivation: independent, reproducible streams from (seed, counter) pairs, e.g.
// the permutation of epoch e or the augmentation of batch k. SplitMix64 finalizer (Steele et al. 2014).
#include <cstdint>

namespace hypera::data {

inline uint64_t mix64(uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

// A seed for stream `stream` of the generator family `seed`.
inline uint64_t derive_seed(uint64_t seed, uint64_t stream) { return mix64(mix64(seed) ^ mix64(~stream)); }

}  // namespace hypera::data
