#!/usr/bin/env python3
"""The plain-PyTorch peer of issue 18's head to head on BBBC039 (bench/head_to_head/run.sh).

Trains a 2D U-Net on BBBC039's official training split for a wall-clock budget, then predicts the test split
and writes one 16-bit PNG of instance ids per test image, named like its ground-truth mask, into --out:

  python peer_bbbc039.py --data BBBC039_DIR --minutes M --out PRED_DIR [--seed S] [--json RESULT.json]

  * budget: --minutes counts from the start of this process (reading the data included) to the end of
    training; the prediction of the test split comes after it (run.sh gives it an allowance);
  * model: bench/classes/peer_unet.py's UNet2d with norm="batch": depth 4, base 16 channels doubling per
    level, two 3x3 conv (no bias) + BatchNorm + LeakyReLU(0.01) per level, 2x2 max-pool down, 2x2 stride-2
    transposed conv up, skip concatenation, 1x1 head to 2 classes (background / foreground = red channel > 0);
  * loss: cross-entropy + (1 - batch soft Dice of the foreground, smooth 1e-5) (peer_unet.loss_fn);
  * optimizer: SGD, Nesterov momentum 0.99, lr 0.01, weight decay 3e-5; poly schedule (exponent 0.9) over the
    elapsed share of the training time, set before every step: lr = 0.01 (1 - elapsed / budget)^0.9;
  * data: each image normalised to [0, 1] between its 1st and 99th percentile (peer_unet.normalise);
    batches of 8 crops of 256 x 256 from images drawn uniformly, a crop centred on a random foreground
    pixel with probability 1/3 (else a uniform origin; peer_unet.crop); a flip per axis with probability 0.5
    each and a rotation by 90, 180 or 270 degrees with probability 0.5; no intensity augmentation;
  * fp32, torch.set_num_threads(1) (--threads), no validation during training, the last weights are used;
  * prediction: every whole 520 x 696 image at once (padded at the end to a multiple of 8 by replication,
    cropped back), BatchNorm in eval mode, argmax; instances = 8-connected components of the foreground
    (scipy.ndimage.label).
Progress: a line every ~30 s (steps, loss, lr, elapsed); at the end one JSON line (also --json) with the
steps done, training, prediction and total seconds.
"""
import argparse
import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "classes"))
from peer_unet import UNet2d, crop, loss_fn, normalise  # noqa: E402

CLASSES = 2


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", required=True, help="BBBC039 folder: images/*.tif, masks/*.png, training/test.txt")
    p.add_argument("--minutes", type=float, required=True,
                   help="wall-clock budget from the process start to the end of training (fractions allowed)")
    p.add_argument("--out", required=True, help="folder for the test split's instance PNGs")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--json", help="also write the final JSON line to this file")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--batch", type=int, default=8)
    p.add_argument("--patch", type=int, default=256)
    p.add_argument("--foreground-p", type=float, default=1.0 / 3.0)
    p.add_argument("--lr", type=float, default=0.01)
    p.add_argument("--momentum", type=float, default=0.99)
    p.add_argument("--weight-decay", type=float, default=3e-5)
    p.add_argument("--poly-exponent", type=float, default=0.9)
    p.add_argument("--flip-p", type=float, default=0.5)
    p.add_argument("--rotate-p", type=float, default=0.5)
    p.add_argument("--progress-every", type=float, default=30.0, help="seconds between progress lines")
    return p.parse_args()


def split_names(data, split):
    with open(os.path.join(data, f"{split}.txt")) as f:
        return [line.strip() for line in f if line.strip()]


def read_image(data, mask_name):
    from PIL import Image
    stem = os.path.splitext(mask_name)[0]
    return normalise(np.array(Image.open(os.path.join(data, "images", stem + ".tif"))))


def read_foreground(data, mask_name):
    from PIL import Image
    rgba = np.array(Image.open(os.path.join(data, "masks", mask_name)))
    red = rgba[..., 0] if rgba.ndim == 3 else rgba
    return (red > 0).astype(np.int64)


def augment(img, lab, args, rng):
    """A flip per axis with flip_p each, then with rotate_p a rotation by 1-3 quarter turns (square crops)."""
    for axis in range(2):
        if rng.random() < args.flip_p:
            img, lab = np.flip(img, axis), np.flip(lab, axis)
    if rng.random() < args.rotate_p:
        k = int(rng.integers(1, 4))
        img, lab = np.rot90(img, k), np.rot90(lab, k)
    return np.ascontiguousarray(img, np.float32), np.ascontiguousarray(lab)


@torch.no_grad()
def predict_instances(model, image):
    """A whole image -> uint16 instance ids: replicate-padded to a multiple of 8, argmax, 8-connected parts."""
    from scipy import ndimage
    x = torch.from_numpy(np.ascontiguousarray(image))[None, None]
    pad = [0, (-x.shape[3]) % model.multiple, 0, (-x.shape[2]) % model.multiple]
    if any(pad):
        x = F.pad(x, pad, mode="replicate")
    logits = model(x)[:, :, : image.shape[0], : image.shape[1]]
    foreground = logits.argmax(1)[0].numpy() > 0
    labels, count = ndimage.label(foreground, structure=np.ones((3, 3), bool))
    if count > 65535:
        raise SystemExit(f"{count} objects do not fit a 16-bit PNG")
    return labels.astype(np.uint16), count


def main():
    args = parse_args()
    start = time.time()
    deadline = start + 60.0 * args.minutes
    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(1)
    torch.manual_seed(args.seed)
    rng = np.random.default_rng(args.seed)

    training = split_names(args.data, "training")
    test = split_names(args.data, "test")
    images = [read_image(args.data, n) for n in training]
    labels = [read_foreground(args.data, n) for n in training]
    load_seconds = time.time() - start

    model = UNet2d(CLASSES, base=16, depth=4, norm="batch")
    model.train()
    params = sum(p.numel() for p in model.parameters())
    opt = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=args.momentum, nesterov=True,
                          weight_decay=args.weight_decay)
    size = (args.patch, args.patch)
    print(f"peer: torch {torch.__version__}, fp32, threads {torch.get_num_threads()}, seed {args.seed}; "
          f"{len(training)} training images read in {load_seconds:.1f} s, {len(test)} test; {params} parameters; "
          f"budget {args.minutes:g} min from the start (training until "
          f"{time.strftime('%H:%M:%S', time.localtime(deadline))})", flush=True)

    train_start = time.time()
    budget = max(deadline - train_start, 1e-9)
    step = 0
    losses = []
    last_print = train_start
    lr = args.lr
    while True:
        now = time.time()
        if now >= deadline:
            break
        lr = args.lr * (1.0 - min(1.0, (now - train_start) / budget)) ** args.poly_exponent
        for g in opt.param_groups:
            g["lr"] = lr
        imgs, labs = [], []
        for _ in range(args.batch):
            i = int(rng.integers(len(images)))
            img, lab = crop(images[i], labels[i], size, args.foreground_p, rng)
            img, lab = augment(img, lab, args, rng)
            imgs.append(img)
            labs.append(lab)
        x = torch.from_numpy(np.stack(imgs))[:, None]
        y = torch.from_numpy(np.stack(labs))
        loss = loss_fn(model(x), y, CLASSES)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        step += 1
        losses.append(loss.item())
        if not np.isfinite(losses[-1]):
            raise SystemExit(f"step {step}: the loss is not finite")
        if time.time() - last_print >= args.progress_every:
            last_print = time.time()
            print(f"peer: step {step}  loss {np.mean(losses[-20:]):.4f}  lr {lr:.5f}  "
                  f"elapsed {last_print - start:.0f} s", flush=True)
    train_seconds = time.time() - train_start
    print(f"peer: training done: {step} steps in {train_seconds:.1f} s "
          f"({60.0 * step / max(train_seconds, 1e-9):.1f} steps/min), last loss {np.mean(losses[-20:] or [0]):.4f}",
          flush=True)

    from PIL import Image
    os.makedirs(args.out, exist_ok=True)
    model.eval()
    predict_start = time.time()
    objects = 0
    for name in test:
        ids, count = predict_instances(model, read_image(args.data, name))
        objects += count
        Image.fromarray(ids).save(os.path.join(args.out, name))  # uint16 -> 16-bit greyscale PNG
    predict_seconds = time.time() - predict_start
    result = {
        "arm": "peer", "torch": torch.__version__, "seed": args.seed, "threads": torch.get_num_threads(),
        "minutes": args.minutes, "steps": step, "load_seconds": round(load_seconds, 2),
        "train_seconds": round(train_seconds, 2), "predict_seconds": round(predict_seconds, 2),
        "wall_seconds": round(time.time() - start, 2), "test_images": len(test), "predicted_objects": objects,
        "final_loss": float(np.mean(losses[-20:])) if losses else None, "parameters": params,
    }
    line = json.dumps(result)
    print(line, flush=True)
    if args.json:
        with open(args.json, "w") as f:
            f.write(line + "\n")


if __name__ == "__main__":
    sys.exit(main())
