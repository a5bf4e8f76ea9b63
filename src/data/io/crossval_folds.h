#pragma once
// Cross-validation folds exactly as nnU-Net v2 draws them. Without a splits_final.json, nnU-Net v2
// (nnunetv2/utilities/crossval_split.py, generate_crossval_split, called on the sorted case identifiers with
// seed 12345 and 5 splits) validates fold k on the cases that scikit-learn's
// KFold(n_splits=5, shuffle=True, random_state=12345) puts in test fold k. This file reproduces that KFold, and
// so nnU-Net's assignment, without Python. Checked against scikit-learn itself for 2..60 cases by
// tests/data/io/crossval_folds_test.cpp (reference data: bench/folds/nnunet_folds.py). Thread-safe, no state.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace hypera::data {

// The indices 0..n-1 (positions in the sorted case list) that scikit-learn's
// KFold(n_splits=folds, shuffle=True, random_state=seed).split(range(n)) returns as test indices of fold `fold`,
// sorted ascending. With folds = 5 and seed = 12345 on nnU-Net's sorted identifiers these are the "val" cases of
// fold `fold` of nnU-Net v2's generate_crossval_split.
// The algorithm (what scikit-learn and NumPy do, checked empirically): indices = 0..n-1 shuffled by NumPy's
// legacy RandomState(seed).shuffle, i.e. MT19937 seeded as std::mt19937(seed), and for i = n-1 down to 1 swap
// indices[i] with indices[j], j drawn uniformly from 0..i by masked rejection (mask = i with every lower bit set;
// draw engine() & mask until it is <= i); then the folds are consecutive chunks of the shuffled indices, the
// first n % folds of them n / folds + 1 long, the others n / folds.
// Errors: std::invalid_argument for folds < 2, folds > n, fold >= folds, or n > 2^32 (where NumPy draws 64-bit
// numbers, which this does not reproduce).
// Cost: O(n) time and memory.
std::vector<size_t> kfold_validation_indices(size_t n, size_t folds, size_t fold, uint32_t seed);

}  // namespace hypera::data
