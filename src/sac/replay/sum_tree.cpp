#include "sac/replay/sum_tree.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace hypera::sac {
namespace {

void check_priority(double priority) {
  if (!std::isfinite(priority) || priority < 0) {
    throw std::invalid_argument("sum tree: priority " + std::to_string(priority) +
                                " must be finite and non-negative");
  }
}

}  // namespace

SumTree::SumTree(int64_t capacity) : capacity_(capacity), leaves_(1) {
  if (capacity <= 0) throw std::invalid_argument("sum tree: capacity " + std::to_string(capacity) + " must be positive");
  while (leaves_ < capacity) leaves_ *= 2;
  nodes_.assign(static_cast<size_t>(2 * leaves_), 0.0);
}

void SumTree::set(int64_t index, double priority) {
  if (index < 0 || index >= capacity_) {
    throw std::out_of_range("sum tree: index " + std::to_string(index) + " outside [0, " +
                            std::to_string(capacity_) + ")");
  }
  check_priority(priority);
  int64_t node = leaves_ + index;
  nodes_[node] = priority;
  for (node /= 2; node >= 1; node /= 2) nodes_[node] = nodes_[2 * node] + nodes_[2 * node + 1];
}

double SumTree::get(int64_t index) const {
  if (index < 0 || index >= capacity_) {
    throw std::out_of_range("sum tree: index " + std::to_string(index) + " outside [0, " +
                            std::to_string(capacity_) + ")");
  }
  return nodes_[leaves_ + index];
}

int64_t SumTree::find_prefix_sum(double u) const {
  if (std::isnan(u)) throw std::invalid_argument("sum tree: prefix sum query is NaN");
  if (!(total() > 0)) throw std::logic_error("sum tree: prefix sum query on an all-zero tree");
  // Invariant: the current node's sum is positive. Go left when u falls inside the left sum or the right
  // subtree is empty; otherwise go right (its sum is then positive) with u reduced by the left sum.
  int64_t node = 1;
  while (node < leaves_) {
    const double left = nodes_[2 * node];
    if (left > 0 && (u < left || nodes_[2 * node + 1] == 0)) {
      node = 2 * node;
    } else {
      u -= left;
      node = 2 * node + 1;
    }
  }
  return node - leaves_;
}

std::vector<double> SumTree::priorities() const {
  return std::vector<double>(nodes_.begin() + leaves_, nodes_.begin() + leaves_ + capacity_);
}

void SumTree::assign(const std::vector<double>& priorities) {
  if (static_cast<int64_t>(priorities.size()) != capacity_) {
    throw std::invalid_argument("sum tree: " + std::to_string(priorities.size()) + " priorities, expected " +
                                std::to_string(capacity_));
  }
  for (double p : priorities) check_priority(p);
  std::fill(nodes_.begin(), nodes_.end(), 0.0);
  std::copy(priorities.begin(), priorities.end(), nodes_.begin() + leaves_);
  for (int64_t node = leaves_ - 1; node >= 1; --node) nodes_[node] = nodes_[2 * node] + nodes_[2 * node + 1];
}

}  // namespace hypera::sac
