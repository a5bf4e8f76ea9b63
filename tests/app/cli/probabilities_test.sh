#!/usr/bin/env bash
# infer --save-probabilities through the real binary: a tiny MRI run predicts the brain MRI (a volume) and one of
# its slices (a 2D image); each <name>.npz is a valid ZIP (python3's zipfile) holding one float32 array
# 'probabilities' of shape (C, [Z,] Y, X) whose classes sum to 1, the same with --refine, and `refine --probs`
# on infer's output folder gives exactly what `infer --refine` wrote. Usage: probabilities_test.sh HYPERA_DIST SOURCE_DIR
set -uo pipefail
bin="$1"; source_dir="$2"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
source "$source_dir/tests/app/cli/checks.sh"
mri=/usr/share/mricron/templates/ch2.nii.gz

help=$("$bin" infer --help)  # whole: grep -q on a pipe could end the writer early (SIGPIPE under pipefail)
grep -q -- "--save-probabilities" <<<"$help" || abort "infer --help does not list --save-probabilities"
"$bin" train --config "$source_dir/configs/quickstart.ini" --data.prepared="$work/mri.h5" --out "$work/run" \
  --train.epochs=1 "${tiny[@]}" >"$work/train.log" 2>&1 || abort "training the tiny run: $(tail -n 3 "$work/train.log")"
"$bin" refine-train --run "$work/run" --epochs 1 >"$work/refine_train.log" 2>&1 ||
  abort "refine-train: $(tail -n 3 "$work/refine_train.log")"
mkdir -p "$work"/{volume,slice,blocked/slice.npz}
cp "$mri" "$work/volume/"
cp "$work/run/overlays/validation_ch2_slab1.png" "$work/slice/slice.png"  # 217 x 181, read as its channel 0

# expect_probabilities FILE SHAPE: a ZIP whose one member probabilities.npy is a .npy 1.0 of '<f4' in C order with
# this shape (a Python tuple), its data at a multiple of 64 bytes; values in [0, 1], the classes of a voxel sum to 1.
expect_probabilities() {
  python3 - "$1" "$2" <<'PY'
import array, ast, math, struct, sys, zipfile
path, shape = sys.argv[1], ast.literal_eval(sys.argv[2])
with zipfile.ZipFile(path) as archive:
    assert archive.testzip() is None, "a member's CRC-32 does not match"
    assert archive.namelist() == ["probabilities.npy"], archive.namelist()
    npy = archive.read("probabilities.npy")
assert npy[:8] == b"\x93NUMPY\x01\x00", npy[:8]
start = 10 + struct.unpack("<H", npy[8:10])[0]
header = ast.literal_eval(npy[10:start].decode("latin1"))
assert start % 64 == 0 and header == {"descr": "<f4", "fortran_order": False, "shape": shape}, (start, header)
values = array.array("f")
values.frombytes(npy[start:])
voxels = len(values) // shape[0]
assert len(values) == shape[0] * voxels == math.prod(shape), len(values)
assert 0 <= min(values) and max(values) <= 1, (min(values), max(values))
for v in range(0, voxels, 997):
    total = sum(values[c * voxels + v] for c in range(shape[0]))
    assert abs(total - 1) < 1e-5, (v, total)
PY
}

for input in volume slice; do
  "$bin" infer --run "$work/run" --input "$work/$input" --out "$work/pred_$input" --save-probabilities \
    >"$work/infer.log" 2>&1 || abort "infer --save-probabilities ($input): $(tail -n 3 "$work/infer.log")"
  "$bin" infer --run "$work/run" --input "$work/$input" --out "$work/refined_$input" --refine --save-probabilities \
    >"$work/infer.log" 2>&1 || abort "infer --refine --save-probabilities ($input): $(tail -n 3 "$work/infer.log")"
done
expect_probabilities "$work/pred_volume/ch2.npz" "(2, 181, 217, 181)" && [ -s "$work/pred_volume/ch2.nii.gz" ] &&
  pass "a volume: ch2.nii.gz and ch2.npz of shape (2, 181, 217, 181)" || fail "the volume's probabilities"
expect_probabilities "$work/pred_slice/slice.npz" "(2, 217, 181)" && [ -s "$work/pred_slice/slice.png" ] &&
  pass "a 2D image: slice.png and slice.npz of shape (2, 217, 181)" || fail "the 2D image's probabilities"
cmp -s "$work/pred_volume/ch2.npz" "$work/refined_volume/ch2.npz" &&
  cmp -s "$work/pred_slice/slice.npz" "$work/refined_slice/slice.npz" &&
  pass "with --refine the network's probabilities" || fail "--refine changed the saved probabilities"

# refine reads infer's output folder (the .npz; the labels beside it are ignored) with the images: the agents act
# deterministically, so they refine the read probabilities exactly as infer --refine refined the computed ones.
for input in volume slice; do
  "$bin" refine --agents "$work/run" --probs "$work/refined_$input" --image "$work/$input" --out "$work/again_$input" \
    >"$work/refine.log" 2>&1 || abort "refine --probs ($input): $(tail -n 3 "$work/refine.log")"
done
cmp -s "$work/refined_volume/ch2.nii.gz" "$work/again_volume/ch2.nii.gz" &&
  cmp -s "$work/refined_slice/slice.png" "$work/again_slice/slice.png" &&
  pass "refine --probs on infer's .npz equals infer --refine (volume and 2D image)" ||
  fail "refine of the saved probabilities differs from infer --refine"

expect_input_error "an .npz that cannot be written" "blocked/slice.npz" \
  "$bin" infer --run "$work/run" --input "$work/slice" --out "$work/blocked" --save-probabilities
finish
