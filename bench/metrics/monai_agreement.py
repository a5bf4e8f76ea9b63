"""Agreement of hypera's surface and overlap metrics with MONAI's own functions on the pairs that
`bench_metrics --dump DIR` writes (BBBC039 nuclei vs translated, same with spacing (0.5, 0.8), MRI brain
mask vs translated). Prints, per metric, both values and the largest absolute difference.
    python monai_agreement.py DIR
MONAI: compute_dice (ignore_empty=False), compute_hausdorff_distance (percentile None and 95),
compute_average_surface_distance (symmetric=True), compute_surface_dice (tolerance 1.0, use_subvoxels=False),
all with include_background=True on the foreground channel and the pair's spacing."""
import sys
import warnings
from pathlib import Path

import numpy as np
import torch
from monai.metrics import (compute_average_surface_distance, compute_dice, compute_hausdorff_distance,
                           compute_surface_dice)

warnings.simplefilter("ignore")


def read_pair(folder: Path, name: str):
    values = {}
    for line in (folder / f"{name}.values.txt").read_text().splitlines():
        key, *rest = line.split()
        values[key] = [float(v) for v in rest] if len(rest) > 1 else float(rest[0])
    nx, ny, nz = (int(v) for v in values["size"])
    shape = (nz, ny, nx) if nz > 1 else (ny, nx)  # x fastest in the file
    pred = np.fromfile(folder / f"{name}.pred.raw", dtype=np.uint8).reshape(shape)
    gt = np.fromfile(folder / f"{name}.gt.raw", dtype=np.uint8).reshape(shape)
    spacing = values["spacing"][:3] if nz > 1 else values["spacing"][:2]
    # MONAI's spatial axes follow the array axes, which are reversed (z, y, x) here.
    return pred, gt, list(reversed(spacing)), values


def monai_values(pred, gt, spacing):
    p = torch.from_numpy(pred.astype(np.float32))[None, None]
    g = torch.from_numpy(gt.astype(np.float32))[None, None]
    kw = dict(include_background=True, spacing=spacing)
    return {
        "dice": compute_dice(p, g, include_background=True, ignore_empty=False).item(),
        "hausdorff": compute_hausdorff_distance(p, g, **kw).item(),
        "hd95": compute_hausdorff_distance(p, g, percentile=95, **kw).item(),
        "assd": compute_average_surface_distance(p, g, symmetric=True, **kw).item(),
        "surface_dice": compute_surface_dice(p, g, [1.0], **kw).item(),
    }


def main():
    folder = Path(sys.argv[1])
    worst = {}
    for name in ("bbbc039", "bbbc039_anisotropic", "mri"):
        pred, gt, spacing, ours = read_pair(folder, name)
        theirs = monai_values(pred, gt, spacing)
        for metric, value in theirs.items():
            diff = abs(value - ours[metric])
            worst[metric] = max(worst.get(metric, 0.0), diff)
            print(f"{name:20s} {metric:13s} hypera {ours[metric]:.7f}  monai {value:.7f}  |diff| {diff:.2e}")
    print("largest |difference| per metric:", ", ".join(f"{k} {v:.2e}" for k, v in worst.items()))


if __name__ == "__main__":
    main()
