#!/usr/bin/env bash
# train.sliding_window through the real binary: a tiny 2D run on the brain MRI (32x32 patches, 181x217 slices, so
# every slice is many overlapping windows) validates, tests and infers by windows; its probabilities are
# probabilities and differ from the whole-slice prediction of the same checkpoint, and its test Dice is finite.
# Usage: sliding_window_test.sh HYPERA_DIST SOURCE_DIR
set -uo pipefail
bin="$1"; source_dir="$2"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
source "$source_dir/tests/app/cli/checks.sh"
mri=/usr/share/mricron/templates/ch2.nii.gz

"$bin" train --config "$source_dir/configs/quickstart.ini" --data.prepared="$work/mri.h5" --out "$work/run" \
  --train.epochs=1 --train.sliding_window=true --train.window_overlap=0.5 "${tiny[@]}" >"$work/train.log" 2>&1 ||
  abort "training with sliding windows: $(tail -n 3 "$work/train.log")"
grep -q "^sliding_window = true" "$work/run/config.ini" && pass "config.ini records sliding_window" ||
  fail "config.ini lacks sliding_window = true"
python3 -c 'import json, sys; d = json.load(open(sys.argv[1]))["test"]["dice"]; assert 0 <= d <= 1, d' \
  "$work/run/summary.json" && pass "a test Dice in [0, 1]" || fail "summary.json's test Dice"

# The same checkpoint without windows: a copy of the run whose config.ini says so.
cp -r "$work/run" "$work/whole"
sed -i 's/^sliding_window = true/sliding_window = false/' "$work/whole/config.ini"
mkdir -p "$work/in" && cp "$mri" "$work/in/"
for run in run whole; do
  "$bin" infer --run "$work/$run" --input "$work/in" --out "$work/pred_$run" --save-probabilities \
    >"$work/infer.log" 2>&1 || abort "infer ($run): $(tail -n 3 "$work/infer.log")"
done
python3 - "$work/pred_run/ch2.npz" "$work/pred_whole/ch2.npz" <<'PY' &&
import array, ast, struct, sys, zipfile
def probabilities(path):
    npy = zipfile.ZipFile(path).read("probabilities.npy")
    start = 10 + struct.unpack("<H", npy[8:10])[0]
    values = array.array("f"); values.frombytes(npy[start:])
    return ast.literal_eval(npy[10:start].decode("latin1"))["shape"], values
shape, windowed = probabilities(sys.argv[1])
_, whole = probabilities(sys.argv[2])
voxels = len(windowed) // shape[0]
assert all(abs(windowed[v] + windowed[voxels + v] - 1) < 1e-5 for v in range(0, voxels, 1009))
difference = max(abs(a - b) for a, b in zip(windowed[::101], whole[::101]))
assert difference > 1e-4, difference
PY
  pass "windowed probabilities sum to 1 and differ from the whole-slice ones" || fail "windowed probabilities"
finish
