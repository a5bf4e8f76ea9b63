#!/usr/bin/env python3
"""Agreement of `hypera_dist eval` with MONAI's own metric functions on real masks.

    agreement.py --bin HYPERA_DIST --work DIR [--run RUN_DIR] [--images N]

Writes mask pairs into DIR (BBBC039 ground truth of test-split fields, plus the empty validation field,
against perturbed copies and, with --run, the predictions of that trained run's best checkpoint made with
`hypera_dist infer`; the brain MRI: ch2bet > 0
against a thresholded ch2, an erosion and a shift, with isotropic and anisotropic voxel sizes), runs
`hypera_dist eval --json` on each set, computes the same quantities with MONAI (or, where MONAI has no such
metric, with the reference written below from the published definition) and prints, per metric, the largest
absolute difference over all images. Runs in the peers' venv (bench/peers/ensure_venv.sh).
"""
import argparse
import gzip
import json
import math
import os
import shutil
import struct
import subprocess
import sys
import time
import warnings

import numpy as np
import torch
from PIL import Image
from scipy import ndimage
from scipy.optimize import linear_sum_assignment

import monai
from monai.metrics import (DiceMetric, MeanIoU, compute_average_surface_distance, compute_confusion_matrix_metric,
                           compute_hausdorff_distance, compute_surface_dice, get_confusion_matrix)

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BBBC = os.path.join(REPO, "..", "shared", "data", "bbbc039")
TEMPLATES = "/usr/share/mricron/templates"
EMPTY_VALIDATION_FIELD = "IXMtest_L10_s6_w12D12D64C-2639-4CA8-9BB4-99F92C9B7068.png"  # no nuclei
THRESHOLDS = [0.5 + 0.05 * i for i in range(10)]


# ---- files -------------------------------------------------------------------------------------------

def read_nifti(path):
    """Voxels as an array indexed [x, y, z] and the spacing (NIfTI-1, scalar types, no scaling needed)."""
    raw = gzip.open(path).read() if path.endswith(".gz") else open(path, "rb").read()
    endian = "<" if struct.unpack("<i", raw[:4])[0] == 348 else ">"
    dim = struct.unpack(endian + "8h", raw[40:56])
    datatype = struct.unpack(endian + "h", raw[70:72])[0]
    pixdim = struct.unpack(endian + "8f", raw[76:108])
    offset = int(struct.unpack(endian + "f", raw[108:112])[0])
    dtype = {2: "u1", 4: "i2", 8: "i4", 16: "f4", 64: "f8", 512: "u2"}[datatype]
    shape = dim[1:1 + dim[0]]
    data = np.frombuffer(raw, dtype=endian + dtype, count=int(np.prod(shape)), offset=offset)
    return data.reshape(shape, order="F"), tuple(abs(p) for p in pixdim[1:4])


def write_nifti(path, mask, spacing):
    """A gzipped NIfTI-1 uint8 volume with the given voxel size (mm), no orientation."""
    header = bytearray(348)
    struct.pack_into("<i", header, 0, 348)
    struct.pack_into("<8h", header, 40, 3, *mask.shape, 1, 1, 1, 1)
    struct.pack_into("<2h", header, 70, 2, 8)  # datatype uint8, 8 bits per voxel
    struct.pack_into("<8f", header, 76, 1.0, *spacing, 1.0, 1.0, 1.0, 1.0)
    struct.pack_into("<f", header, 108, 352.0)  # voxel data offset
    header[123] = 2  # millimetres
    header[344:348] = b"n+1\0"
    with gzip.open(path, "wb", compresslevel=1) as out:
        out.write(bytes(header) + b"\0\0\0\0" + mask.astype(np.uint8).tobytes(order="F"))


def bbbc039_instances(path):
    """The data README's decoding: connected components (8-connectivity) of equal non-zero red values."""
    red = np.array(Image.open(path))
    red = red[..., 0] if red.ndim == 3 else red
    ids = np.zeros(red.shape, np.int32)
    count = 0
    for value in np.unique(red):
        if value == 0:
            continue
        labels, n = ndimage.label(red == value, structure=np.ones((3, 3)))
        ids[labels > 0] = labels[labels > 0] + count
        count += n
    return ids


def write_ids_png(path, ids):
    Image.fromarray(ids.astype(np.uint16)).save(path)


# ---- perturbations of instance masks (every object keeps its id) --------------------------------------

def neighbours4(ids):
    padded = np.pad(ids, 1)
    return [padded[:-2, 1:-1], padded[2:, 1:-1], padded[1:-1, :-2], padded[1:-1, 2:]]


def eroded(ids):  # a pixel stays when its four neighbours belong to the same object
    keep = np.logical_and.reduce([n == ids for n in neighbours4(ids)])
    return np.where(keep, ids, 0)


def dilated(ids):  # a background pixel joins the largest-id object among its four neighbours
    grown = np.maximum.reduce(neighbours4(ids))
    return np.where(ids == 0, grown, ids)


def shifted(ids, dy, dx):
    out = np.zeros_like(ids)
    h, w = ids.shape
    out[max(dy, 0):h + min(dy, 0), max(dx, 0):w + min(dx, 0)] = ids[max(-dy, 0):h - max(dy, 0),
                                                                    max(-dx, 0):w - max(dx, 0)]
    return out


def objects_removed(ids):  # every fourth object disappears
    return np.where(ids % 4 == 0, 0, ids)


def shifted3(mask, offsets):
    out = np.zeros_like(mask)
    src = tuple(slice(max(-o, 0), n - max(o, 0)) for o, n in zip(offsets, mask.shape))
    dst = tuple(slice(max(o, 0), n + min(o, 0)) for o, n in zip(offsets, mask.shape))
    out[dst] = mask[src]
    return out


# ---- the mask sets ---------------------------------------------------------------------------------------

def make_cases(binary, work, run, images):
    names = open(os.path.join(BBBC, "test.txt")).read().split()[:images] + [EMPTY_VALIDATION_FIELD]
    perturbations = {"eroded": eroded, "dilated": dilated, "shifted_3_-2": lambda ids: shifted(ids, 3, -2),
                     "objects_removed": objects_removed}
    cases = []
    gt_dir = os.path.join(work, "bbbc039_gt")
    os.makedirs(gt_dir)
    for name in names:
        shutil.copy(os.path.join(BBBC, "masks", name), gt_dir)
    if run:
        image_dir, pred_dir = os.path.join(work, "bbbc039_images"), os.path.join(work, "bbbc039_model")
        os.makedirs(image_dir)
        for name in names:
            shutil.copy(os.path.join(BBBC, "images", name[:-len(".png")] + ".tif"), image_dir)
        subprocess.run([binary, "infer", "--run", run, "--input", image_dir, "--out", pred_dir], check=True,
                       stdout=subprocess.DEVNULL)
        cases.append({"name": "bbbc039 model", "kind": "bbbc039", "pred": pred_dir, "gt": gt_dir,
                      "tolerance": 2.0, "boundary_tolerance": 2.0})
    for label, perturb in perturbations.items():
        pred_dir = os.path.join(work, "bbbc039_" + label)
        os.makedirs(pred_dir)
        for name in names:
            write_ids_png(os.path.join(pred_dir, name), perturb(bbbc039_instances(os.path.join(gt_dir, name))))
        cases.append({"name": "bbbc039 " + label, "kind": "bbbc039", "pred": pred_dir, "gt": gt_dir,
                      "tolerance": 2.0, "boundary_tolerance": 2.0})

    # One mask empty (the conventions): truth empty with a prediction, and a truth with an empty prediction.
    pred_dir, gt_dir = os.path.join(work, "bbbc039_one_empty"), os.path.join(work, "bbbc039_one_empty_gt")
    os.makedirs(pred_dir)
    os.makedirs(gt_dir)
    full = os.path.join(BBBC, "masks", names[0])
    empty = os.path.join(BBBC, "masks", EMPTY_VALIDATION_FIELD)
    shutil.copy(empty, os.path.join(gt_dir, "truth_empty.png"))
    shutil.copy(full, os.path.join(pred_dir, "truth_empty.png"))
    shutil.copy(full, os.path.join(gt_dir, "prediction_empty.png"))
    shutil.copy(empty, os.path.join(pred_dir, "prediction_empty.png"))
    cases.append({"name": "bbbc039 one mask empty", "kind": "bbbc039", "pred": pred_dir, "gt": gt_dir,
                  "tolerance": 2.0, "boundary_tolerance": 2.0})

    head, _ = read_nifti(os.path.join(TEMPLATES, "ch2.nii.gz"))
    brain, spacing = read_nifti(os.path.join(TEMPLATES, "ch2bet.nii.gz"))
    gt = brain > 0
    cross = ndimage.generate_binary_structure(3, 1)
    preds = {"ch2>60": head > 60, "eroded_2": ndimage.binary_erosion(gt, cross, iterations=2),
             "shifted_2_0_-1": shifted3(gt, (2, 0, -1))}
    for voxel_size, tolerance in ((spacing, 1.0), ((0.9, 1.2, 2.0), 2.0)):
        tag = "x".join(f"{s:g}" for s in voxel_size)
        gt_dir = os.path.join(work, f"mri_{tag}_gt")
        pred_dir = os.path.join(work, f"mri_{tag}_pred")
        os.makedirs(gt_dir)
        os.makedirs(pred_dir)
        for label, pred in preds.items():
            write_nifti(os.path.join(gt_dir, label + ".nii.gz"), gt, voxel_size)
            write_nifti(os.path.join(pred_dir, label + ".nii.gz"), pred, voxel_size)
        cases.append({"name": f"mri {tag} mm", "kind": "labels", "pred": pred_dir, "gt": gt_dir,
                      "tolerance": tolerance, "boundary_tolerance": 2.0})
    return cases


# ---- the peer: MONAI, and references for what MONAI lacks ----------------------------------------------

def load_mask(path, kind):
    """(array, spacing) as the reference sees the file: instance ids for bbbc039, 0/1 for labels."""
    if kind == "bbbc039":
        return bbbc039_instances(path), (1.0, 1.0)
    mask, spacing = read_nifti(path)
    return (mask != 0).astype(np.int32), spacing


def monai_scores(pred, gt, spacing, tolerance):
    """MONAI's metric functions on one binary pair (batch of one, one channel, background 'included')."""
    yp = torch.from_numpy(pred[None, None].astype(np.float32))
    yg = torch.from_numpy(gt[None, None].astype(np.float32))
    confusion = get_confusion_matrix(yp, yg, include_background=True)
    common = {"include_background": True, "spacing": list(spacing)}
    return {
        "dice": DiceMetric(include_background=True, reduction="none", ignore_empty=False)(yp, yg).item(),
        "iou": MeanIoU(include_background=True, reduction="none", ignore_empty=False)(yp, yg).item(),
        "precision": compute_confusion_matrix_metric("precision", confusion).item(),
        "recall": compute_confusion_matrix_metric("recall", confusion).item(),
        "hausdorff": compute_hausdorff_distance(yp, yg, **common).item(),
        "hd95": compute_hausdorff_distance(yp, yg, percentile=95, **common).item(),
        "assd": compute_average_surface_distance(yp, yg, symmetric=True, **common).item(),
        "surface_dice": compute_surface_dice(yp, yg, class_thresholds=[tolerance], **common).item(),
    }


def surface(mask):
    """MONAI's get_mask_edges: the mask minus its erosion by the cross, outside the grid is background."""
    structure = ndimage.generate_binary_structure(mask.ndim, 1)
    return mask & ~ndimage.binary_erosion(mask, structure, border_value=0)


def reference_scores(pred, gt, tolerance_px):
    """Volume similarity (1 - |P - G| / (P + G)) and boundary F1 (Csurka et al. 2013, BMVC, "What is a good
    evaluation measure for semantic segmentation?": P = fraction of the predicted boundary within the
    tolerance of the true boundary, R the converse, F1 = 2PR / (P + R)) in pixel units, with scipy's exact
    Euclidean distance transform; empty cases as hypera documents them."""
    p, g = int(pred.sum()), int(gt.sum())
    volume_similarity = 1.0 if p + g == 0 else 1 - abs(p - g) / (p + g)
    sp, sg = surface(pred), surface(gt)
    if not sp.any() and not sg.any():
        boundary_f1 = math.nan
    elif not sp.any() or not sg.any():
        boundary_f1 = 0.0
    else:
        precision = np.mean(ndimage.distance_transform_edt(~sg)[sp] <= tolerance_px)
        recall = np.mean(ndimage.distance_transform_edt(~sp)[sg] <= tolerance_px)
        boundary_f1 = 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)
    return {"volume_similarity": volume_similarity, "boundary_f1": boundary_f1}


def ratio(numerator, denominator, both_empty):
    return numerator / denominator if denominator > 0 else (1.0 if both_empty else 0.0)


def object_reference(pred, gt):
    """Object matching as in Caicedo et al. 2019 (Cytometry A 95:952) and StarDist's matching: objects pair
    one-to-one when IoU > t; here an optimal assignment (scipy linear_sum_assignment) maximising the number
    of pairs, which for t >= 0.5 is the unique matching. Splits, merges, missed and extra objects as
    core/measure/object_scores.h defines them, from the joint histogram of the two id grids."""
    pred = np.unique(pred, return_inverse=True)[1].reshape(pred.shape)  # ids 0..n, 0 stays background
    gt = np.unique(gt, return_inverse=True)[1].reshape(gt.shape)
    n_pred, n_gt = int(pred.max()), int(gt.max())
    joint = np.bincount((pred.astype(np.int64) * (n_gt + 1) + gt).ravel(),
                        minlength=(n_pred + 1) * (n_gt + 1)).reshape(n_pred + 1, n_gt + 1)
    area_pred, area_gt = joint.sum(1)[1:], joint.sum(0)[1:]
    inter = joint[1:, 1:]
    iou = inter / np.maximum(area_pred[:, None] + area_gt[None, :] - inter, 1)
    both_empty = n_pred == 0 and n_gt == 0
    scores = {"true_objects": n_gt, "predicted_objects": n_pred}
    f1s = []
    for t in THRESHOLDS:
        if n_pred and n_gt:
            rows, cols = linear_sum_assignment(-(iou > t).astype(np.float64))
            tp = int(np.count_nonzero(iou[rows, cols] > t))
        else:
            tp = 0
        fp, fn = n_pred - tp, n_gt - tp
        suffix = f"@{t:.2f}"
        scores["f1" + suffix] = ratio(2 * tp, 2 * tp + fp + fn, both_empty)
        scores["precision" + suffix] = ratio(tp, tp + fp, both_empty)
        scores["recall" + suffix] = ratio(tp, tp + fn, both_empty)
        f1s.append(scores["f1" + suffix])
    scores["mean_f1"] = float(np.mean(f1s))
    fragment = (inter > area_pred[:, None] / 2) & (inter >= 0.1 * area_gt[None, :])
    member = (inter > area_gt[None, :] / 2) & (inter >= 0.1 * area_pred[:, None])
    scores["splits"] = int(np.count_nonzero(fragment.sum(0) >= 2))
    scores["merges"] = int(np.count_nonzero(member.sum(1) >= 2))
    scores["missed"] = int(np.count_nonzero(inter.sum(0) < area_gt / 2))
    scores["extra"] = int(np.count_nonzero(inter.sum(1) < area_pred / 2))
    return scores


# ---- comparison ------------------------------------------------------------------------------------------

def hypera_eval(binary, case, work):
    out = os.path.join(work, case["name"].replace(" ", "_") + ".json")
    command = [binary, "eval", "--pred", case["pred"], "--gt", case["gt"], "--kind", case["kind"], "--json", out,
               "--tolerance", str(case["tolerance"]), "--boundary-tolerance", str(case["boundary_tolerance"])]
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - start
    report = json.load(open(out))
    images = {}
    for image in report["images"]:
        values = {k: (v if v is not None else math.nan) for k, v in image["metrics"].items()}
        for k, text in image["non_finite"].items():
            values[k] = {"nan": math.nan, "inf": math.inf, "-inf": -math.inf}[text]
        images[image["name"]] = values
    return images, seconds


def stem(name):
    for ext in (".nii.gz", ".png"):
        if name.endswith(ext):
            return name[: -len(ext)]
    return name


class Agreement:
    """Per metric: largest |hypera - peer| over the images where both are finite, and how the others went."""

    def __init__(self):
        self.rows = {}

    def add(self, metric, peer, ours, theirs):
        row = self.rows.setdefault(metric, {"peer": peer, "n": 0, "max": 0.0, "same_nonfinite": 0, "differ": []})
        row["n"] += 1
        if math.isfinite(ours) and math.isfinite(theirs):
            row["max"] = max(row["max"], abs(ours - theirs))
        elif (math.isnan(ours) and math.isnan(theirs)) or ours == theirs:
            row["same_nonfinite"] += 1
        else:
            row["differ"].append(f"{ours} vs {theirs}")

    def print(self, title):
        print(f"\n{title}")
        print(f"{'metric':<18} {'reference':<34} {'images':>6} {'max |diff|':>11}  non-finite")
        for metric, row in self.rows.items():
            note = f"{row['same_nonfinite']} equal"
            if row["differ"]:
                note += f", {len(row['differ'])} differ ({'; '.join(sorted(set(row['differ'])))})"
            print(f"{metric:<18} {row['peer']:<34} {row['n']:>6} {row['max']:>11.3g}  {note}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--run", help="a trained BBBC039 run folder whose predictions are scored too")
    parser.add_argument("--images", type=int, default=5, help="BBBC039 test-split fields (default 5)")
    args = parser.parse_args()
    warnings.filterwarnings("ignore")  # MONAI warns about one-channel inputs and empty masks; expected here
    torch.set_num_threads(1)
    print(f"MONAI {monai.__version__}, torch {torch.__version__}, numpy {np.__version__}")

    cases = make_cases(args.bin, args.work, args.run, args.images)
    overall = Agreement()
    peer_names = {"dice": "DiceMetric(ignore_empty=False)", "iou": "MeanIoU(ignore_empty=False)",
                  "precision": "ConfusionMatrix 'precision'", "recall": "ConfusionMatrix 'recall'",
                  "hausdorff": "compute_hausdorff_distance", "hd95": "compute_hausdorff_distance(95)",
                  "assd": "compute_average_surface_distance", "surface_dice": "compute_surface_dice",
                  "volume_similarity": "reference (numpy)", "boundary_f1": "reference Csurka 2013 (scipy)"}
    for case in cases:
        ours, seconds = hypera_eval(args.bin, case, args.work)
        agreement = Agreement()
        start = time.perf_counter()
        for name in sorted(os.listdir(case["gt"])):
            pred, spacing = load_mask(os.path.join(case["pred"], name), case["kind"])
            gt, _ = load_mask(os.path.join(case["gt"], name), case["kind"])
            theirs = monai_scores(pred > 0, gt > 0, spacing, case["tolerance"])
            theirs.update(reference_scores(pred > 0, gt > 0, case["boundary_tolerance"]))
            if case["kind"] == "bbbc039":
                objects = object_reference(pred, gt)
                theirs.update(objects)
                for metric in objects:
                    peer_names.setdefault(metric, "reference (numpy/scipy)")
            for metric, value in theirs.items():
                for table in (agreement, overall):
                    table.add(metric, peer_names[metric], ours[stem(name)][metric], float(value))
        peer_seconds = time.perf_counter() - start
        agreement.print(f"{case['name']}: {len(os.listdir(case['gt']))} images, hypera_dist eval {seconds:.2f} s "
                        f"(process, reading files included), MONAI + references {peer_seconds:.2f} s")
    overall.print("ALL CASES: largest absolute difference per metric")


if __name__ == "__main__":
    sys.exit(main())
