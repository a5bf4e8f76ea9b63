#include "data/io/crossval_folds.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

namespace hypera::data {
namespace {

using Indices = std::vector<size_t>;
using Key = std::tuple<size_t, size_t, size_t>;  // n, folds, fold

constexpr uint32_t kNnunetSeed = 12345;

// Written by scikit-learn itself (bench/folds/nnunet_folds.py): KFold(n_splits=min(5, n), shuffle=True,
// random_state=12345)'s test indices of every fold for n = 2..60.
const std::filesystem::path kReference = HYPERA_SOURCE_DIR "/tests/data/io/nnunet_folds_reference.txt";

// Lines "n=<n> folds=<folds> fold=<k> val=<i> <i> ..."; lines starting with '#' are comments.
std::map<Key, Indices> read_reference() {
  std::ifstream in(kReference);
  EXPECT_TRUE(in.good()) << kReference;
  std::map<Key, Indices> folds;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    size_t n = 0, count = 0, fold = 0;
    int consumed = 0;
    const int fields = std::sscanf(line.c_str(), "n=%zu folds=%zu fold=%zu val=%n", &n, &count, &fold, &consumed);
    EXPECT_EQ(fields, 3) << line;
    EXPECT_GT(consumed, 0) << line;
    if (fields != 3 || consumed == 0) continue;
    std::istringstream values(line.substr(size_t(consumed)));
    Indices indices;
    for (size_t i = 0; values >> i;) indices.push_back(i);
    EXPECT_TRUE(values.eof()) << line;
    EXPECT_TRUE(folds.emplace(Key{n, count, fold}, indices).second) << "repeated: " << line;
  }
  return folds;
}

TEST(CrossvalFolds, EqualScikitLearnsKFoldAsNnunetUsesIt) {
  const std::map<Key, Indices> reference = read_reference();
  size_t expected_lines = 0;
  for (size_t n = 2; n <= 60; ++n) {
    const size_t folds = std::min<size_t>(5, n);
    expected_lines += folds;
    for (size_t fold = 0; fold < folds; ++fold) {
      const auto found = reference.find(Key{n, folds, fold});
      ASSERT_NE(found, reference.end()) << "n=" << n << " fold=" << fold << " missing from " << kReference;
      EXPECT_EQ(kfold_validation_indices(n, folds, fold, kNnunetSeed), found->second) << "n=" << n << " fold=" << fold;
    }
  }
  EXPECT_EQ(reference.size(), expected_lines);  // nothing in the file left unchecked
}

TEST(CrossvalFolds, PartitionTheItemsInSortedChunksOfKFoldsSizes) {
  for (const size_t n : {7u, 100u, 1001u}) {
    for (const size_t folds : {2u, 5u, 7u}) {
      std::vector<int> seen(n, 0);
      for (size_t fold = 0; fold < folds; ++fold) {
        const Indices indices = kfold_validation_indices(n, folds, fold, 3);
        EXPECT_EQ(indices.size(), n / folds + (fold < n % folds ? 1 : 0));
        EXPECT_TRUE(std::is_sorted(indices.begin(), indices.end()));
        for (const size_t i : indices) ++seen.at(i);
      }
      EXPECT_EQ(std::count(seen.begin(), seen.end(), 1), std::ptrdiff_t(n)) << "n=" << n << " folds=" << folds;
    }
  }
}

TEST(CrossvalFolds, RefusesImpossibleFolds) {
  EXPECT_THROW(kfold_validation_indices(5, 1, 0, kNnunetSeed), std::invalid_argument);  // folds < 2
  EXPECT_THROW(kfold_validation_indices(5, 0, 0, kNnunetSeed), std::invalid_argument);
  EXPECT_THROW(kfold_validation_indices(4, 5, 0, kNnunetSeed), std::invalid_argument);  // folds > n
  EXPECT_THROW(kfold_validation_indices(0, 2, 0, kNnunetSeed), std::invalid_argument);
  EXPECT_THROW(kfold_validation_indices(5, 5, 5, kNnunetSeed), std::invalid_argument);  // fold >= folds
  EXPECT_NO_THROW(kfold_validation_indices(2, 2, 1, kNnunetSeed));
}

}  // namespace
}  // namespace hypera::data
