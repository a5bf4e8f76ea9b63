#!/usr/bin/env python3
"""A plain-PyTorch peer of HYPERA's multi-class 2D U-Net run (configs/brain_classes.ini).

Trains on the axial (z) slices of an nnU-Net v2 raw data set with the settings of the paired HYPERA run's
config file, and scores the test cases with MONAI's metrics. Written for bench/classes/run.sh; runs alone:

  python peer_unet.py --data DIR --prepared FILE.h5 --hypera-config CONFIG.ini --seed S --out RESULT.json

Read from the config (HYPERA's defaults where a key is absent): epochs, steps_per_epoch, patch, batch_size,
lr, momentum, weight_decay, poly_exponent, aug flip_p / rotate_p / intensity, loss dice / ce weights, depth,
base_channels; settings it does not implement (another optimizer or schedule, elastic, focal, boundary,
dropout, ...) are refused. What it mirrors (src/core/seg/unet.cpp, losses.cpp, train/lr_schedule.cpp,
epoch_loop.cpp, data/pipeline/patch.cpp, augmentation.cpp, batch_loader.cpp, io/normalization.cpp):
  * model: depth levels of base_channels x 2^level channels, two 3x3 conv (no bias) + InstanceNorm(affine) +
    LeakyReLU(0.01) per level, 2x2 max-pool down, 2x2 stride-2 transposed conv up, skip concatenation, 1x1
    head; weights Kaiming-normal (fan-in, leaky gain), biases 0, norm scales 1;
  * data: the cases of the prepared file's split "training" (HYPERA's fold), each image normalised to [0, 1]
    between its 1st and 99th percentile; an epoch = every training slice once, shuffled, or steps_per_epoch
    batches (more shuffled passes, cut); batches of batch_size (the last holds the remainder); crops of patch
    (x, y), centred on a random foreground voxel with probability 0.33 (else uniform); augmentation: with
    rotate_p a rotation (180 degrees: the plane is not square), a flip per axis with flip_p each, and
    intensity x * (1 + U(-i, i)) + U(-i, i);
  * loss: ce x cross-entropy + dice x (1 - batch soft Dice over the foreground classes, smooth 1e-5);
  * optimizer: SGD with Nesterov momentum and weight decay; poly schedule stepped once per epoch as HYPERA's
    is (lr = lr0 (1 - epoch / epochs)^exponent; --poly per_step steps it per batch);
  * selection: validation (split "validation") after every epoch, the best mean Dice's weights are tested;
  * prediction: every z slice, padded at the end to a multiple of 2^(depth-1) (replicate), argmax; no clean-up.
Metrics: MONAI DiceMetric(include_background=False, ignore_empty=False) and HausdorffDistanceMetric(95) with
the NIfTI voxel spacing, per class per case; a case's mean over classes (HD95 over the finite ones), then the
mean over cases -- HYPERA's order. The JSON holds the key names of HYPERA's summary.json "test" section.
"""
import argparse
import json
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

LEAKY = 0.01


# HYPERA's defaults (hypera_dist train --help) for the keys the peer mirrors; --hypera-config overrides them.
DEFAULTS = {
    ("train", "epochs"): "10", ("train", "steps_per_epoch"): "0", ("train", "patch"): "128,128",
    ("train", "batch_size"): "8", ("train", "optimizer"): "sgd", ("train", "nesterov"): "true",
    ("train", "schedule"): "poly", ("train", "poly_exponent"): "0.9", ("train", "accumulate"): "1",
    ("train", "select_metric"): "dice", ("optim", "lr"): "0.01", ("optim", "lr_scale"): "1",
    ("optim", "momentum"): "0.99", ("optim", "weight_decay"): "3e-5", ("aug", "flip_p"): "0.5",
    ("aug", "rotate_p"): "0.5", ("aug", "elastic_p"): "0", ("aug", "intensity"): "0.1", ("loss", "dice"): "1",
    ("loss", "ce"): "1", ("loss", "focal"): "0", ("loss", "boundary"): "0", ("model", "spatial_dims"): "2",
    ("model", "depth"): "4", ("model", "base_channels"): "16", ("model", "norm"): "instance",
    ("model", "dropout"): "0", ("data", "slice_axis"): "2", ("data", "target"): "foreground",
}


def hypera_settings(path, target="classes", select_metric="mean_dice"):
    """The settings of a HYPERA config file (INI) the peer mirrors; refuses what it does not implement and a
    data.target or train.select_metric other than the given ones."""
    import configparser
    ini = configparser.ConfigParser(inline_comment_prefixes=("#", ";"))
    if path:
        with open(path) as f:
            ini.read_file(f)

    def get(section, key):
        return ini.get(section, key, fallback=DEFAULTS[(section, key)]).strip()

    need = {("train", "optimizer"): "sgd", ("train", "schedule"): "poly", ("train", "accumulate"): "1",
            ("optim", "lr_scale"): "1", ("model", "spatial_dims"): "2", ("model", "norm"): "instance",
            ("data", "slice_axis"): "2", ("data", "target"): target, ("train", "select_metric"): select_metric}
    for (section, key), value in need.items():
        if get(section, key).lower() != value:
            raise SystemExit(f"{path}: [{section}] {key} = {get(section, key)}: the peer implements only {value}")
    for section, key in (("aug", "elastic_p"), ("loss", "focal"), ("loss", "boundary"), ("model", "dropout")):
        if float(get(section, key)) != 0:
            raise SystemExit(f"{path}: [{section}] {key} must be 0 for the peer")
    if get("train", "nesterov").lower() not in ("1", "true", "yes", "on"):
        raise SystemExit(f"{path}: the peer implements Nesterov SGD only")
    return {
        "epochs": int(get("train", "epochs")), "steps_per_epoch": int(get("train", "steps_per_epoch")),
        "patch": get("train", "patch"), "batch": int(get("train", "batch_size")),
        "poly_exponent": float(get("train", "poly_exponent")), "lr": float(get("optim", "lr")),
        "momentum": float(get("optim", "momentum")), "weight_decay": float(get("optim", "weight_decay")),
        "flip_p": float(get("aug", "flip_p")), "rotate_p": float(get("aug", "rotate_p")),
        "intensity": float(get("aug", "intensity")), "dice_weight": float(get("loss", "dice")),
        "ce_weight": float(get("loss", "ce")), "depth": int(get("model", "depth")),
        "base_channels": int(get("model", "base_channels")),
    }


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", required=True, help="nnU-Net v2 raw data set folder (dataset.json)")
    p.add_argument("--prepared", required=True, help="HYPERA's prepared HDF5 file: its /splits name the cases")
    p.add_argument("--hypera-config", required=True,
                   help="the HYPERA config (INI) of the paired run: training settings are read from it, with "
                        "HYPERA's defaults for keys it lacks")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--out", required=True, help="result JSON")
    p.add_argument("--poly", choices=["per_epoch", "per_step"], default="per_epoch",
                   help="per_epoch: HYPERA's poly (lr constant within an epoch)")
    p.add_argument("--foreground-p", type=float, default=0.33, help="HYPERA's BatchLoader default")
    p.add_argument("--threads", type=int, default=1)
    args = p.parse_args()
    for key, value in hypera_settings(args.hypera_config).items():
        setattr(args, key, value)
    return args


# ----------------------------------------------------------------------------------------------- data

def normalise(image):
    """Percentile 1/99 of the finite voxels to [0, 1], clipped (numpy's linear percentile = HYPERA's)."""
    image = image.astype(np.float64)
    finite = np.isfinite(image)
    if not finite.any():
        return np.zeros(image.shape, np.float32)
    low, high = np.percentile(image[finite], [1.0, 99.0])
    if high <= low:
        return np.zeros(image.shape, np.float32)
    out = (np.clip(image, low, high) - low) / (high - low)
    out[~finite] = 0
    return out.astype(np.float32)


def load_case(data_dir, name, test):
    import nibabel as nib
    images = "imagesTs" if test else "imagesTr"
    labels = "labelsTs" if test else "labelsTr"
    with open(os.path.join(data_dir, "dataset.json")) as f:
        ending = json.load(f).get("file_ending", ".nii.gz")
    img = nib.load(os.path.join(data_dir, images, f"{name}_0000{ending}"))
    lab = nib.load(os.path.join(data_dir, labels, f"{name}{ending}"))
    image = np.asanyarray(img.dataobj)
    label = np.asanyarray(lab.dataobj)
    if image.ndim != 3 or image.shape != label.shape:
        raise SystemExit(f"{name}: image {image.shape} and label {label.shape} must be one 3D grid")
    spacing = tuple(float(s) for s in img.header.get_zooms()[:3])
    return normalise(image), np.rint(label).astype(np.int64), spacing


def read_splits(prepared):
    import h5py
    with h5py.File(prepared, "r") as f:
        def names(key):
            return [n.decode() if isinstance(n, bytes) else str(n) for n in f["splits"][key][()]]
        return names("training"), names("validation"), names("test")


def crop(image2d, label2d, size, foreground_p, rng):
    """HYPERA's crop_patch on one (x, y) slice: uniform origin, or centred on a foreground voxel."""
    origin = []
    low = [min(0, image2d.shape[a] - size[a]) for a in range(2)]
    high = [max(0, image2d.shape[a] - size[a]) for a in range(2)]
    want_fg = rng.random() < foreground_p
    fg = np.argwhere(label2d > 0) if want_fg else np.empty((0, 2))
    if len(fg) > 0:
        centre = fg[rng.integers(len(fg))]
        origin = [int(np.clip(centre[a] - size[a] // 2, low[a], high[a])) for a in range(2)]
    else:
        origin = [int(rng.integers(low[a], high[a] + 1)) for a in range(2)]
    img = np.zeros(size, np.float32)
    lab = np.zeros(size, np.int64)
    src = [slice(max(0, origin[a]), min(image2d.shape[a], origin[a] + size[a])) for a in range(2)]
    dst = [slice(s.start - origin[a], s.stop - origin[a]) for a, s in enumerate(src)]
    img[dst[0], dst[1]] = image2d[src[0], src[1]]
    lab[dst[0], dst[1]] = label2d[src[0], src[1]]
    return img, lab


def augment(img, lab, args, rng):
    if rng.random() < args.rotate_p:  # the 80 x 96 plane is not square: HYPERA turns it by 180 degrees only
        img, lab = img[::-1, ::-1], lab[::-1, ::-1]
    for axis in range(2):
        if rng.random() < args.flip_p:
            img, lab = np.flip(img, axis), np.flip(lab, axis)
    if args.intensity > 0:
        scale = 1.0 + rng.uniform(-args.intensity, args.intensity)
        shift = rng.uniform(-args.intensity, args.intensity)
        img = img * np.float32(scale) + np.float32(shift)
    return np.ascontiguousarray(img, np.float32), np.ascontiguousarray(lab)


# ---------------------------------------------------------------------------------------------- model

def norm_layer(norm, channels):
    """instance: InstanceNorm2d(affine), HYPERA's default; batch: BatchNorm2d (bench/head_to_head's peer)."""
    if norm == "instance":
        return nn.InstanceNorm2d(channels, affine=True)
    if norm == "batch":
        return nn.BatchNorm2d(channels)
    raise ValueError(f"norm {norm!r}: instance or batch")


def block(cin, cout, norm="instance"):
    return nn.Sequential(
        nn.Conv2d(cin, cout, 3, padding=1, bias=False), norm_layer(norm, cout), nn.LeakyReLU(LEAKY),
        nn.Conv2d(cout, cout, 3, padding=1, bias=False), norm_layer(norm, cout), nn.LeakyReLU(LEAKY))


class UNet2d(nn.Module):
    def __init__(self, classes=4, base=16, depth=4, norm="instance"):
        super().__init__()
        ch = [base << level for level in range(depth)]
        self.down = nn.ModuleList(block(1 if i == 0 else ch[i - 1], ch[i], norm) for i in range(depth))
        self.up = nn.ModuleList(nn.ConvTranspose2d(ch[i + 1], ch[i], 2, stride=2) for i in range(depth - 1))
        self.dec = nn.ModuleList(block(2 * ch[i], ch[i], norm) for i in range(depth - 1))
        self.head = nn.Conv2d(ch[0], classes, 1)
        self.multiple = 1 << (depth - 1)
        for name, p in self.named_parameters():
            if name.endswith("bias"):
                nn.init.zeros_(p)
            elif p.dim() >= 3:
                nn.init.kaiming_normal_(p, a=LEAKY, mode="fan_in", nonlinearity="leaky_relu")
            else:
                nn.init.ones_(p)

    def forward(self, x):
        skips = []
        for i, enc in enumerate(self.down):
            if i > 0:
                x = F.max_pool2d(x, 2)
            x = enc(x)
            skips.append(x)
        skips.pop()
        for i in reversed(range(len(self.up))):
            x = self.dec[i](torch.cat([skips[i], self.up[i](x)], 1))
        return self.head(x)


def loss_fn(logits, target, classes, dice_weight=1.0, ce_weight=1.0):
    log_p = F.log_softmax(logits, 1)
    ce = F.nll_loss(log_p, target)
    probs = log_p.exp()
    one_hot = F.one_hot(target, classes).permute(0, 3, 1, 2).to(probs.dtype)
    axes = (0, 2, 3)  # batch Dice
    inter = (probs * one_hot).sum(axes)
    denom = probs.sum(axes) + one_hot.sum(axes)
    dice = (2 * inter + 1e-5) / (denom + 1e-5)
    return ce_weight * ce + dice_weight * (1 - dice[1:].mean())


@torch.no_grad()
def predict(model, image):
    """image (x, y, z) -> labels (x, y, z): every z slice, replicate-padded at the end to the net's multiple."""
    model.eval()
    x = torch.from_numpy(np.ascontiguousarray(image.transpose(2, 0, 1)))[:, None]  # [Z, 1, X, Y]
    m = model.multiple
    pad = [0, (-x.shape[3]) % m, 0, (-x.shape[2]) % m]
    logits = model(F.pad(x, pad, mode="replicate"))[:, :, : x.shape[2], : x.shape[3]]
    model.train()
    return logits.argmax(1).numpy().transpose(1, 2, 0)


def dice_per_class(pred, truth, classes):
    out = []
    for k in range(1, classes):
        p, t = pred == k, truth == k
        s = p.sum() + t.sum()
        out.append(1.0 if s == 0 else 2.0 * np.logical_and(p, t).sum() / s)
    return out


def finite_mean(values):
    v = [x for x in values if x is not None and math.isfinite(x)]
    return float(np.mean(v)) if v else float("nan")


def score_test(model, cases, class_names):
    """MONAI per class per case; mean over classes per case, then over cases (finite values), as HYPERA."""
    from monai.metrics import DiceMetric, HausdorffDistanceMetric
    classes = len(class_names)
    rows = []
    for name, (image, label, spacing) in cases.items():
        pred = predict(model, image)
        p1 = F.one_hot(torch.from_numpy(pred), classes).permute(3, 0, 1, 2)[None].float()
        t1 = F.one_hot(torch.from_numpy(label), classes).permute(3, 0, 1, 2)[None].float()
        dice = DiceMetric(include_background=False, reduction="none", ignore_empty=False)(p1, t1)[0].tolist()
        hd = HausdorffDistanceMetric(percentile=95, include_background=False)(p1, t1, spacing=spacing)[0].tolist()
        row = {"case": name}
        for k in range(1, classes):
            row[f"dice_{class_names[k]}"] = float(dice[k - 1])
            row[f"hd95_{class_names[k]}"] = float(hd[k - 1]) if math.isfinite(hd[k - 1]) else None
        row["mean_dice"] = finite_mean(dice)
        row["mean_hd95"] = finite_mean(hd)
        rows.append(row)
    test = {}
    for key in [k for k in rows[0] if k != "case"]:
        test[key] = finite_mean([r[key] for r in rows])
        if key.startswith("hd95_"):
            test[key + "_nonfinite"] = sum(1 for r in rows if r[key] is None or not math.isfinite(r[key]))
    test["samples"] = len(rows)
    return test, rows


# ------------------------------------------------------------------------------------------------ run

def no_nan(value):
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: no_nan(v) for k, v in value.items()}
    if isinstance(value, list):
        return [no_nan(v) for v in value]
    return value


def main():
    args = parse_args()
    start = time.time()
    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(1)
    torch.manual_seed(args.seed)
    rng = np.random.default_rng(args.seed)
    with open(os.path.join(args.data, "dataset.json")) as f:
        labels = json.load(f)["labels"]
    class_names = [name for name, _ in sorted(labels.items(), key=lambda kv: int(kv[1]))]
    classes = len(class_names)
    training, validation, test = read_splits(args.prepared)
    train_cases = {n: load_case(args.data, n, False) for n in training}
    val_cases = {n: load_case(args.data, n, False) for n in validation}
    test_cases = {n: load_case(args.data, n, True) for n in test}
    items = [(n, z) for n in training for z in range(train_cases[n][0].shape[2])]
    # An epoch: one pass over the slices, or steps_per_epoch batches (more shuffled passes, cut), as HYPERA's.
    epoch_samples = args.steps_per_epoch * args.batch if args.steps_per_epoch > 0 else len(items)
    per_epoch = math.ceil(epoch_samples / args.batch)
    epochs = args.epochs
    steps = epochs * per_epoch
    size = tuple(int(v) for v in args.patch.split(","))

    model = UNet2d(classes, args.base_channels, args.depth)
    params = sum(p.numel() for p in model.parameters())
    opt = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=args.momentum, nesterov=True,
                          weight_decay=args.weight_decay)
    print(f"peer: seed {args.seed}, {len(training)} training cases ({len(items)} slices), "
          f"{len(validation)} validation, {len(test)} test; {params} parameters; "
          f"{epochs} epochs x {per_epoch} steps = {steps} steps; threads {torch.get_num_threads()}; "
          f"flip_p {args.flip_p} rotate_p {args.rotate_p} intensity {args.intensity}", flush=True)

    best = (-1.0, -1, None)
    step = 0
    train_seconds = 0.0
    for epoch in range(epochs):
        t0 = time.time()
        order = np.concatenate([rng.permutation(len(items))
                                for _ in range(math.ceil(epoch_samples / len(items)))])[:epoch_samples]
        losses = []
        for b in range(per_epoch):
            chosen = order[b * args.batch:(b + 1) * args.batch]
            imgs, labs = [], []
            for i in chosen:
                name, z = items[i]
                image, label, _ = train_cases[name]
                img, lab = crop(image[:, :, z], label[:, :, z], size, args.foreground_p, rng)
                img, lab = augment(img, lab, args, rng)
                imgs.append(img)
                labs.append(lab)
            x = torch.from_numpy(np.stack(imgs))[:, None]
            y = torch.from_numpy(np.stack(labs))
            progress = epoch / epochs if args.poly == "per_epoch" else step / steps
            lr = args.lr * (1 - progress) ** args.poly_exponent
            for g in opt.param_groups:
                g["lr"] = lr
            loss = loss_fn(model(x), y, classes, args.dice_weight, args.ce_weight)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            step += 1
            losses.append(loss.item())
        train_seconds += time.time() - t0
        val = [float(np.mean(dice_per_class(predict(model, im), lab, classes))) for im, lab, _ in val_cases.values()]
        val_dice = float(np.mean(val))
        if val_dice > best[0]:
            best = (val_dice, epoch + 1, {k: v.clone() for k, v in model.state_dict().items()})
        print(f"epoch {epoch + 1}/{epochs}  loss {np.mean(losses):.4f}  lr {lr:.5f}  "
              f"validation mean_dice {val_dice:.4f}", flush=True)

    model.load_state_dict(best[2])
    test_scores, per_case = score_test(model, test_cases, class_names)
    result = {
        "system": "peer_unet (plain PyTorch %s, fp32)" % torch.__version__,
        "seed": args.seed,
        "test": test_scores,
        "test_cases": per_case,
        "best": {"epoch": best[1], "mean_dice": best[0]},
        "steps": step,
        "epochs": epochs,
        "parameters": params,
        "training_cases": training,
        "validation_cases": validation,
        "train_seconds": train_seconds,
        "wall_seconds": time.time() - start,
        "threads": torch.get_num_threads(),
        "poly": args.poly,
        "settings": {k: getattr(args, k) for k in ("epochs", "steps_per_epoch", "patch", "batch", "lr", "momentum",
                                                   "weight_decay", "poly_exponent", "flip_p", "rotate_p",
                                                   "intensity", "foreground_p", "dice_weight", "ce_weight")},
    }
    with open(args.out, "w") as f:
        json.dump(no_nan(result), f, indent=1)  # a non-finite value is null, as in HYPERA's summary.json
    print(f"test (best checkpoint, epoch {best[1]})  mean_dice {test_scores['mean_dice']:.4f}  "
          f"mean_hd95 {test_scores['mean_hd95']:.4f}  wall {result['wall_seconds']:.1f} s", flush=True)


if __name__ == "__main__":
    sys.exit(main())
