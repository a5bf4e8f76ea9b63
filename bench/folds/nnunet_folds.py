#!/usr/bin/env python3
"""Reference cross-validation folds of nnU-Net v2, for tests/data/io/crossval_folds_test.cpp.

nnU-Net v2 without a splits_final.json (nnunetv2/utilities/crossval_split.py, generate_crossval_split) validates
fold k on the cases that scikit-learn's KFold(n_splits=5, shuffle=True, random_state=12345) puts in test fold k of
the sorted case identifiers. This prints, for n = 2..60 items and folds = min(5, n), every fold's test indices
as scikit-learn itself computes them, one line per fold:

    n=<n> folds=<folds> fold=<k> val=<i0> <i1> ...      (indices ascending, into the sorted identifiers)

after one header line (starting with '#') naming the command and the scikit-learn and NumPy versions. When
nnunetv2 is importable, its generate_crossval_split is checked to give the same val lists (n >= 5, where it
applies); it is not required.

Run with the bench venv (bench/peers/ensure_venv.sh installs scikit-learn there):
    .venv-bench/bin/python bench/folds/nnunet_folds.py > tests/data/io/nnunet_folds_reference.txt
"""
import sys

import numpy as np
import sklearn
from sklearn.model_selection import KFold

SEED = 12345
COMMAND = ".venv-bench/bin/python bench/folds/nnunet_folds.py > tests/data/io/nnunet_folds_reference.txt"


def sklearn_folds(n, folds):
    """Test indices of every fold, as lists of ints (KFold returns them ascending)."""
    kfold = KFold(n_splits=folds, shuffle=True, random_state=SEED)
    return [[int(i) for i in test] for _, test in kfold.split(np.arange(n))]


def nnunet_generator():
    try:
        from nnunetv2.utilities.crossval_split import generate_crossval_split
    except ImportError:
        return None
    return generate_crossval_split


def main():
    generate = nnunet_generator()
    checked = 0
    lines = [f"# {COMMAND}  (scikit-learn {sklearn.__version__}, numpy {np.__version__})"]
    for n in range(2, 61):
        folds = min(5, n)
        test_folds = sklearn_folds(n, folds)
        if sorted(i for fold in test_folds for i in fold) != list(range(n)):
            sys.exit(f"n={n}: the folds do not partition 0..{n - 1}")
        if generate is not None and folds == 5:
            names = [f"case_{i:03d}" for i in range(n)]  # already sorted
            splits = generate(names, seed=SEED, n_splits=5)
            if [sorted(s["val"]) for s in splits] != [[names[i] for i in fold] for fold in test_folds]:
                sys.exit(f"n={n}: nnunetv2's generate_crossval_split differs from KFold")
            checked += 1
        for k, fold in enumerate(test_folds):
            lines.append(f"n={n} folds={folds} fold={k} val=" + " ".join(str(i) for i in fold))
    print("\n".join(lines))
    note = f"checked against nnunetv2 for {checked} sizes" if generate else "nnunetv2 not importable: not cross-checked"
    print(note, file=sys.stderr)


if __name__ == "__main__":
    main()
