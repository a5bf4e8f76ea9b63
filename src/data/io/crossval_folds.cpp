#include "data/io/crossval_folds.h"

#include <algorithm>
#include <numeric>
#include <random>
#include <stdexcept>
#include <string>
#include <utility>

namespace hypera::data {
namespace {

// NumPy's legacy random_interval(max) for max < 2^32: uniform on 0..max by masked rejection.
uint32_t random_interval(std::mt19937& engine, uint32_t max) {
  if (max == 0) return 0;
  uint32_t mask = max;
  for (int shift : {1, 2, 4, 8, 16}) mask |= mask >> shift;
  uint32_t value = 0;
  do {
    value = static_cast<uint32_t>(engine()) & mask;
  } while (value > max);
  return value;
}

}  // namespace

std::vector<size_t> kfold_validation_indices(size_t n, size_t folds, size_t fold, uint32_t seed) {
  const auto refuse = [&](const std::string& problem) {
    throw std::invalid_argument("kfold_validation_indices(n=" + std::to_string(n) + ", folds=" +
                                std::to_string(folds) + ", fold=" + std::to_string(fold) + "): " + problem);
  };
  if (folds < 2) refuse("needs at least 2 folds");
  if (folds > n) refuse("more folds than items");
  if (fold >= folds) refuse("fold outside 0..folds-1");
  if (n - 1 > size_t{0xffffffff}) refuse("more than 2^32 items");

  std::vector<size_t> indices(n);
  std::iota(indices.begin(), indices.end(), size_t{0});
  std::mt19937 engine(seed);  // the same stream as numpy.random.RandomState(seed)
  for (size_t i = n - 1; i > 0; --i) std::swap(indices[i], indices[random_interval(engine, uint32_t(i))]);

  const size_t size = n / folds, longer = n % folds;  // the first `longer` folds hold one more
  const size_t begin = fold * size + std::min(fold, longer);
  const size_t end = begin + size + (fold < longer ? 1 : 0);
  std::vector<size_t> validation(indices.begin() + std::ptrdiff_t(begin), indices.begin() + std::ptrdiff_t(end));
  std::sort(validation.begin(), validation.end());
  return validation;
}

}  // namespace hypera::data
