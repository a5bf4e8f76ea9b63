#!/usr/bin/env python3
"""Where the foreground of each arm of a head to head (bench/head_to_head/run.sh) goes wrong, on the 50 test
images: the predicted foreground area over the true one (mean over images with nuclei), the false positive and
false negative pixels, and how many of them lie on the one-pixel ring just outside / just inside the true
foreground (a systematic one-pixel error shows there).

    .venv-bench/bin/python bench/head_to_head/foreground_error.py OUT [PREDICTION_FOLDER...]

Folders default to OUT's hypera_pred, hypera_pred_plain and peer_pred; others (rerefine.sh's DEST/pred) may be
named. Masks: BBBC039's red channel > 0 (its README); predictions: 16-bit instance PNGs, foreground = id > 0.
Needs NumPy, Pillow and SciPy (bench/peers/ensure_venv.sh)."""
import os
import sys

import numpy as np
from PIL import Image
from scipy import ndimage


def main(out, folders):
    folders = folders or [os.path.join(out, arm) for arm in ("hypera_pred", "hypera_pred_plain", "peer_pred")]
    names = sorted(os.listdir(os.path.join(out, "test_masks")))
    truths = {name: np.array(Image.open(os.path.join(out, "test_masks", name)))[..., 0] > 0 for name in names}
    print("| predictions | area / true area | false positives | of them on the ring outside | false negatives | "
          "of them on the ring inside |")
    print("|---|---|---|---|---|---|")
    for folder in folders:
        ratios, fp, fp_ring, fn, fn_ring = [], 0, 0, 0, 0
        for name, truth in truths.items():
            predicted = np.array(Image.open(os.path.join(folder, name))) > 0
            outside_ring = ndimage.binary_dilation(truth) & ~truth
            inside_ring = truth & ~ndimage.binary_erosion(truth)
            if truth.any():
                ratios.append(predicted.sum() / truth.sum())
            fp += int((predicted & ~truth).sum())
            fp_ring += int((predicted & outside_ring).sum())
            fn += int((~predicted & truth).sum())
            fn_ring += int((~predicted & inside_ring).sum())
        print(f"| {folder} | {np.mean(ratios):.4f} | {fp} | {fp_ring} | {fn} | {fn_ring} |")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        raise SystemExit(__doc__.split("\n\n")[1])
    main(sys.argv[1], sys.argv[2:])
