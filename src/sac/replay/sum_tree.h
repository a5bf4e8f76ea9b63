#pragma once
// A binary sum tree over `capacity` non-negative priorities (double precision), for proportional sampling.
// Layout: a complete binary tree stored as an array, leaves padded with zeros up to the next power of two,
// so that a left-to-right descent visits leaves in index order. Memory 16 * bit_ceil(capacity) bytes.
// Every internal node is recomputed as left + right on each set() (no accumulated deltas, so no drift).
// Not thread-safe.
#include <cstdint>
#include <vector>

namespace hypera::sac {

class SumTree {
 public:
  // All priorities start at 0. Throws std::invalid_argument when capacity is not positive.
  explicit SumTree(int64_t capacity);

  int64_t capacity() const { return capacity_; }

  // O(log n). Throws std::out_of_range for an index outside [0, capacity) and std::invalid_argument for a
  // priority that is negative or not finite.
  void set(int64_t index, double priority);
  // O(1).
  double get(int64_t index) const;
  // Sum of all priorities, O(1).
  double total() const { return nodes_[1]; }

  // The smallest index i whose cumulative sum p_0 + ... + p_i is strictly greater than u, O(log n).
  // Ties and zeros: a u that falls exactly on a boundary (u == p_0 + ... + p_k) selects the next index with
  // a non-zero priority, and an index whose priority is 0 is never returned. u < 0 gives the first non-zero
  // index and u >= total() the last one (so rounding in a caller's u cannot select an empty slot).
  // Throws std::logic_error when total() is 0 and std::invalid_argument when u is NaN.
  int64_t find_prefix_sum(double u) const;

  // All priorities in index order, and their replacement (O(n) rebuild); for save/load. assign() throws
  // std::invalid_argument unless there are exactly capacity() values, each finite and non-negative.
  std::vector<double> priorities() const;
  void assign(const std::vector<double>& priorities);

 private:
  int64_t capacity_;
  int64_t leaves_;              // capacity rounded up to a power of two
  std::vector<double> nodes_;   // nodes_[1] is the root; the children of k are 2k and 2k+1; leaf i is leaves_ + i
};

}  // namespace hypera::sac
