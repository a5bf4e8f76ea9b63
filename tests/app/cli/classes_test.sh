#!/usr/bin/env bash
# Multi-class data end to end through the real binary: example-data writes an nnU-Net and an MSD data set from the
# real MRI of mricron-data (classes background, left_cerebrum, right_cerebrum, cerebellum); train reads each with
# data.target=classes and reports per-class Dice and HD95 and their means on validation and test; infer writes
# NIfTI labels of those classes on the input's grid, which eval --classes scores per class; a prepared file of
# another fold, and classes from a source without class labels, are refused with one line.
# Usage: classes_test.sh HYPERA_DIST SOURCE_DIR
set -uo pipefail
bin="$1"; source_dir="$2"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
source "$source_dir/tests/app/cli/checks.sh"
config="$source_dir/configs/brain_classes.ini"

for layout in nnunet msd; do
  "$bin" example-data --layout "$layout" --out "$work/$layout" --downsample 4 --cases 6 --test-cases 1 \
    >"$work/example.log" 2>&1 || abort "example-data --layout $layout: $(tail -n 3 "$work/example.log")"
done
[ -s "$work/nnunet/dataset.json" ] && [ -s "$work/msd/dataset.json" ] && pass "example-data wrote both layouts" ||
  fail "example-data: dataset.json missing"

"$bin" train --config "$config" --data.root="$work/nnunet" --data.prepared="$work/nnunet.h5" --out "$work/run" \
  --train.epochs=2 "${tiny[@]}" >"$work/train.log" 2>&1 ||
  abort "training on the nnU-Net data set: $(tail -n 3 "$work/train.log")"

# summary.json's test section: every class's dice and hd95 and the means, finite numbers (Dice within [0, 1]).
python3 - "$work/run/summary.json" <<'PY' && pass "summary.json: per-class test Dice and HD95, mean_dice" ||
import json, math, sys
summary = json.load(open(sys.argv[1]))
test = summary["test"]
for name in ("left_cerebrum", "right_cerebrum", "cerebellum"):
    assert 0 <= test["dice_" + name] <= 1, (name, test.get("dice_" + name))
    assert "hd95_" + name in test, name
assert 0 <= test["mean_dice"] <= 1 and "mean_hd95" in test, test
assert summary["best"]["mean_dice"] == summary["best"]["mean_dice"], summary["best"]
PY
  fail "summary.json lacks the per-class test metrics"
[ "$(cat "$work/run/classes.txt")" = "$(printf 'background\nleft_cerebrum\nright_cerebrum\ncerebellum')" ] &&
  pass "classes.txt names the four classes in label order" || fail "classes.txt: $(tr '\n' ' ' <"$work/run/classes.txt")"
awk -F, 'NR == 1 { for (i = 1; i <= NF; ++i) if ($i == "val_mean_dice") c = i } NR > 1 && $c != "" { n++ }
         END { exit !(c && n == 2) }' "$work/run/metrics.csv" &&
  pass "metrics.csv: val_mean_dice in both epochs" || fail "metrics.csv lacks val_mean_dice"

# infer on a test image: labels of the four classes on the image's grid (NIfTI-1 header: dim[1..3] at byte 42).
image=$(ls "$work/nnunet/imagesTs/"*.nii.gz | head -n 1)
"$bin" infer --run "$work/run" --input "$image" --out "$work/pred" >"$work/infer.log" 2>&1 ||
  abort "infer: $(tail -n 3 "$work/infer.log")"
python3 - "$image" "$work/pred/$(basename "$image")" <<'PY' && pass "infer: class labels 0..3 on the input's grid" ||
import gzip, struct, sys
def read(path):
    data = gzip.open(path).read()
    dims = struct.unpack("<3h", data[42:48])
    offset = int(struct.unpack("<f", data[108:112])[0])
    return dims, struct.unpack("<h", data[70:72])[0], data[offset:]
image_dims, _, _ = read(sys.argv[1])
label_dims, datatype, voxels = read(sys.argv[2])
assert label_dims == image_dims, (label_dims, image_dims)
assert datatype == 2 and len(voxels) == label_dims[0] * label_dims[1] * label_dims[2], (datatype, len(voxels))
assert set(voxels) <= {0, 1, 2, 3}, set(voxels)
PY
  fail "infer's labels"

# eval --classes scores infer's labels against the test case's truth, class by class, named by classes.txt.
truth="$work/nnunet/labelsTs/$(basename "$image" _0000.nii.gz).nii.gz"
"$bin" eval --pred "$work/pred/$(basename "$image")" --gt "$truth" --classes "$work/run/classes.txt" \
  --json "$work/eval.json" >"$work/eval.log" 2>&1 &&
  python3 - "$work/eval.json" <<'PY' && pass "eval --classes: per-class Dice and HD95 and their means" ||
import json, sys
mean = json.load(open(sys.argv[1]))["mean"]["metrics"]
dice = [mean["dice_" + name] for name in ("left_cerebrum", "right_cerebrum", "cerebellum")]
assert all(0 <= d <= 1 for d in dice), dice
assert abs(mean["mean_dice"] - sum(dice) / 3) < 1e-12, mean
PY
  fail "eval --classes: $(tail -n 3 "$work/eval.log")"
"$bin" eval --pred "$truth" --gt "$truth" --classes "$work/run/classes.txt" --json "$work/self.json" >/dev/null 2>&1 &&
  python3 -c 'import json, sys; m = json.load(open(sys.argv[1]))["mean"]["metrics"]; assert m["mean_dice"] == 1, m' \
    "$work/self.json" && pass "eval --classes: the truth against itself has mean_dice 1" || fail "eval --classes on the truth"
printf 'background\nbrain\n' >"$work/two.txt"
expect_input_error "eval --classes with fewer classes than the labels" "$truth" \
  "$bin" eval --pred "$truth" --gt "$truth" --classes "$work/two.txt"

expect_input_error "a prepared file of another fold" "$work/nnunet.h5" \
  "$bin" train --config "$config" --data.root="$work/nnunet" --data.prepared="$work/nnunet.h5" --out "$work/run2" \
  --data.fold=1 --train.epochs=1 "${tiny[@]}"
expect_input_error "classes from a source without class labels" "data.target" \
  "$bin" train --config "$source_dir/configs/quickstart.ini" --data.prepared="$work/mri.h5" --out "$work/run3" \
  --data.target=classes --train.epochs=1 "${tiny[@]}"

"$bin" train --config "$config" --data.source=msd --data.root="$work/msd" --data.prepared="$work/msd.h5" \
  --out "$work/run_msd" --train.epochs=1 "${tiny[@]}" >"$work/train_msd.log" 2>&1 &&
  grep -q '"dice_cerebellum"' "$work/run_msd/summary.json" && pass "the MSD layout trains the same classes" ||
  fail "training on the MSD data set: $(tail -n 3 "$work/train_msd.log")"
finish
