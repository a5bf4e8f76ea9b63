#!/usr/bin/env bash
# Segmentation agents through the real binary: train a tiny three-class BBBC039 run, train its agents
# (refine-train, 2 passes, with their progress lines), `infer --refine`, and `refine` on probability maps written
# in nnU-Net's layout by python3's standard library (.npz deflated float16 (C, 1, Y, X); .npy float32 Fortran
# order (C, Y, X)). Bad input exits 2 with one stderr line. Usage: refine_test.sh HYPERA_DIST SOURCE_DIR
set -uo pipefail
bin="$1"; source_dir="$2"
source "$source_dir/tests/app/cli/bbbc039.sh"
bbbc=$(bbbc039_dir)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
source "$source_dir/tests/app/cli/checks.sh"

for command in refine refine-train infer; do
  help=$("$bin" "$command" --help) && grep -q -- "--" <<<"$help" || abort "$command --help"  # whole first
done
pass "--help of refine, refine-train, infer"

# A tiny three-class BBBC039 run (2 training, 1 validation, 1 test image), as in train_infer_test.sh.
make_tiny_bbbc039 "$bbbc" "$work/bbbc"
"$bin" train --config "$source_dir/configs/bbbc039.ini" --data.root="$work/bbbc" --data.prepared="$work/bbbc.h5" \
  --out "$work/run" --train.epochs=1 --model.depth=2 --model.base_channels=4 --train.patch=32,32 \
  --train.steps_per_epoch=2 --train.batch_size=2 --train.max_validation_samples=1 >"$work/train.log" ||
  abort "training the tiny run: $(tail -n 3 "$work/train.log")"

expect_input_error "infer --refine without agents" "no trained segmentation agents" \
  "$bin" infer --run "$work/run" --input "$work/bbbc/images" --out "$work/none" --refine
expect_input_error "refine-train bad --epochs" "--epochs" "$bin" refine-train --run "$work/run" --epochs=zero
expect_input_error "refine-train --base-thresholds not a number" "--base-thresholds: 'x'" \
  "$bin" refine-train --run "$work/run" --base-thresholds=0.5,x
expect_input_error "refine-train --base-thresholds out of range" "--base-thresholds: postprocess.threshold" \
  "$bin" refine-train --run "$work/run" --base-thresholds=0.5,1.5

# The base threshold the agents' actions are offsets around: the one candidate given, or the fixed 0.6 with `none`.
base_threshold() { sed -n 's/^base threshold //p' "$work/run/segmentation_agents/manifest.txt"; }
same_number() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a != "" && a + 0 == b + 0) }'; }
for candidates in 0.85 none; do
  wanted=0.85; [ "$candidates" = none ] && wanted=0.6
  "$bin" refine-train --run "$work/run" --epochs 1 --base-thresholds="$candidates" \
    >/dev/null 2>"$work/refine_train.log" ||
    abort "refine-train --base-thresholds=$candidates: $(tail -n 3 "$work/refine_train.log")"
  same_number "$(base_threshold)" "$wanted" ||
    abort "--base-thresholds=$candidates saved base threshold '$(base_threshold)', wanted $wanted"
done
pass "refine-train --base-thresholds: the saved base threshold is the one chosen (0.85 alone; 0.6 with none)"

"$bin" refine-train --run "$work/run" --epochs 2 --seed 3 2>"$work/refine_train.log" >/dev/null ||
  abort "refine-train: $(tail -n 3 "$work/refine_train.log")"
grep -q "predicted 1/1 validation images" "$work/refine_train.log" || abort "refine-train reported no progress"
# Not a terminal: plain lines, the first pass (with an ETA from its time) and the last.
grep -qE '^refine-train: pass 1/2 done  elapsed [0-9ms]+  ETA [0-9ms]+$' "$work/refine_train.log" &&
  grep -qE '^refine-train: pass 2/2 done  elapsed [0-9ms]+  ETA 0s$' "$work/refine_train.log" ||
  abort "refine-train printed no pass lines with an ETA: $(grep -a pass "$work/refine_train.log")"
[ -d "$work/run/segmentation_agents" ] || abort "refine-train wrote no RUN/segmentation_agents"
chosen_line='^refine-train: base threshold \([0-9.]*\) chosen on the validation images (.*0\.9 -> [0-9.]*)$'
chosen=$(sed -n "s/$chosen_line/\1/p" "$work/refine_train.log")
same_number "$chosen" "$(base_threshold)" ||
  abort "refine-train printed base threshold '$chosen' (of 0.5-0.9) but saved '$(base_threshold)'"
pass "refine-train"

# --hold-out: the passes chosen on held-out validation images, on a tiny data set with two of them (the fixture's
# validation field and its third training field).
expect_input_error "refine-train --hold-out with one validation image" \
  "--hold-out: holding out 1 of the 1 validation images leaves none to learn from" \
  "$bin" refine-train --run "$work/run" --hold-out 0.5
expect_input_error "refine-train --hold-out not a share" "--hold-out: '1' is not a share" \
  "$bin" refine-train --run "$work/run" --hold-out 1
expect_input_error "refine-train --check-every without --hold-out" "--check-every: needs --hold-out" \
  "$bin" refine-train --run "$work/run" --check-every 2
make_tiny_bbbc039 "$bbbc" "$work/bbbc2"
third=$(sed -n 3p "$bbbc/training.txt")
echo "$third" >>"$work/bbbc2/validation.txt"
cp "$bbbc/masks/$third" "$work/bbbc2/masks/" && cp "$bbbc/images/${third%.png}.tif" "$work/bbbc2/images/" ||
  abort "copying $third"
"$bin" train --config "$source_dir/configs/bbbc039.ini" --data.root="$work/bbbc2" --data.prepared="$work/bbbc2.h5" \
  --out "$work/run2" --train.epochs=1 --model.depth=2 --model.base_channels=4 --train.patch=32,32 \
  --train.steps_per_epoch=2 --train.batch_size=2 >"$work/train2.log" ||
  abort "training the tiny run with two validation images: $(tail -n 3 "$work/train2.log")"
"$bin" refine-train --run "$work/run2" --epochs 3 --hold-out 0.5 --check-every 2 >/dev/null 2>"$work/held_out.log" ||
  abort "refine-train --hold-out: $(tail -n 3 "$work/held_out.log")"
grep -q "^refine-train: 1 of the 2 validation images held out to choose the passes" "$work/held_out.log" &&
  grep -qE "^refine-train: the base setting alone scores [0-9.]+ on the held-out images" "$work/held_out.log" ||
  abort "refine-train --hold-out did not say what it held out: $(cat "$work/held_out.log")"
checked=$(sed -n 's/^refine-train: held-out check after pass \([0-9]*\): .*/\1/p' "$work/held_out.log" | tr '\n' ' ')
[ "$checked" = "2 3 " ] || abort "--check-every 2 --epochs 3 checked after passes '$checked', wanted 2 and 3"
# The agents kept are those of the last check marked best, with its score.
best_line='^refine-train: held-out check after pass \([0-9]*\): mean Dice + object F1 \([0-9.]*\) (best so far)$'
kept_line='^refine-train: kept the agents of pass \([0-9]*\) of 3 (held-out mean Dice + object F1 \([0-9.]*\))$'
best=$(sed -n "s/$best_line/\1 \2/p" "$work/held_out.log" | tail -n 1)
kept=$(sed -n "s/$kept_line/\1 \2/p" "$work/held_out.log")
[ -n "$best" ] && [ "$kept" = "$best" ] || abort "refine-train --hold-out kept '$kept', the best check was '$best'"
[ -f "$work/run2/segmentation_agents/manifest.txt" ] || abort "refine-train --hold-out saved no agents"
pass "refine-train --hold-out: checks after passes 2 and 3, the best one's agents kept ($kept)"

"$bin" infer --run "$work/run" --input "$work/bbbc/images" --out "$work/refined" --refine >/dev/null ||
  abort "infer --refine"
[ "$(ls "$work/refined"/*.png | wc -l)" -eq 4 ] || abort "infer --refine should write 4 PNG masks"
pass "infer --refine"

# Probability maps of three discs, as nnU-Net and np.save write them, with python3's standard library.
# Values are multiples of 1/1024 (exact in float16), so both files hold the same probabilities.
mkdir -p "$work"/{probs,probs_npy,bad_key,bad_shape,two_classes,truncated,not_finite,image,wrong_image}
python3 - "$work" <<'PY' || abort "writing the probability files"
import math, struct, sys, zipfile
work = sys.argv[1]
Y, X = 48, 64
discs = [(14, 15, 8), (30, 42, 10), (38, 12, 6)]
maps = [[[0.0] * X for _ in range(Y)] for _ in range(3)]
for y in range(Y):
    for x in range(X):
        d = min(math.hypot(y - cy, x - cx) - r for cy, cx, r in discs)
        fg = round(1024 / (1 + math.exp(2 * d))) / 1024
        boundary = math.floor(fg * math.exp(-(d + 1) ** 2) * 1024) / 1024
        maps[0][y][x], maps[1][y][x], maps[2][y][x] = 1 - fg, fg - boundary, boundary

def npy(descr, fortran, shape, data):
    header = "{'descr': '%s', 'fortran_order': %s, 'shape': (%s), }" % (
        descr, fortran, "".join("%d, " % s for s in shape))
    header += " " * ((64 - (10 + len(header) + 1) % 64) % 64) + "\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode() + data

c_order = [maps[c][y][x] for c in range(3) for y in range(Y) for x in range(X)]
f_order = [maps[c][y][x] for x in range(X) for y in range(Y) for c in range(3)]
with zipfile.ZipFile(work + "/probs/case1.npz", "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("probabilities.npy", npy("<f2", False, (3, 1, Y, X), struct.pack("<%de" % len(c_order), *c_order)))
open(work + "/probs_npy/case1.npy", "wb").write(npy("<f4", True, (3, Y, X), struct.pack("<%df" % len(f_order), *f_order)))
open(work + "/probs/case1.pkl", "wb").write(b"ignored")
with zipfile.ZipFile(work + "/bad_key/case1.npz", "w") as z:
    z.writestr("softmax.npy", npy("<f4", False, (3, Y, X), struct.pack("<%df" % len(c_order), *c_order)))
open(work + "/bad_shape/case1.npy", "wb").write(npy("<f4", False, (Y, X), struct.pack("<%df" % (Y * X), *c_order[:Y * X])))
two = [v for c in (0, 1) for v in c_order[c * Y * X:(c + 1) * Y * X]]
open(work + "/two_classes/case1.npy", "wb").write(npy("<f4", False, (2, Y, X), struct.pack("<%df" % len(two), *two)))
with_nan = list(c_order)
with_nan[len(with_nan) // 2] = float("nan")  # one NaN among valid probabilities
open(work + "/not_finite/case1.npy", "wb").write(npy("<f4", False, (3, Y, X), struct.pack("<%df" % len(with_nan), *with_nan)))
data = open(work + "/probs/case1.npz", "rb").read()
open(work + "/truncated/case1.npz", "wb").write(data[: len(data) * 2 // 3])

def png_gray8(path, rows):  # the image the maps were "predicted" from: bright discs
    raw = b"".join(b"\x00" + bytes(row) for row in rows)
    chunk = lambda kind, body: struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    open(path, "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", X, Y, 8, 0, 0, 0, 0))
                           + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
import zlib
png_gray8(work + "/image/case1_0000.png", [[int(200 * (1 - maps[0][y][x])) + 20 for x in range(X)] for y in range(Y)])
PY

# The same probabilities from the .npz (float16, deflated) and the .npy (float32, Fortran order) give the
# same refined objects: the agents act deterministically in inference mode.
for variant in probs probs_npy; do
  "$bin" refine --agents "$work/run" --probs "$work/$variant" --out "$work/out_$variant" >"$work/refine.log" ||
    abort "refine --probs $variant"
done
python3 - "$work/out_probs/case1.png" <<'PY' || abort "refine wrote no 64x48 16-bit PNG"
import struct, sys
data = open(sys.argv[1], "rb").read()
width, height, depth = struct.unpack(">IIB", data[16:25])
sys.exit(0 if (width, height, depth) == (64, 48, 16) else 1)
PY
cmp -s "$work/out_probs/case1.png" "$work/out_probs_npy/case1.png" || abort ".npz and .npy of one map refined differently"
pass "refine of nnU-Net .npz and NumPy .npy probabilities"

"$bin" refine --agents "$work/run" --probs "$work/probs" --image "$work/image" --out "$work/out_image" >/dev/null ||
  abort "refine --image"
[ -s "$work/out_image/case1.png" ] || abort "refine --image wrote no PNG"
pass "refine --image (nnU-Net's <case>_0000 image name)"

cp "$work/bbbc/images/$(ls "$work/bbbc/images" | head -n 1)" "$work/wrong_image/case1.tif"
expect_input_error "image of another size" "case1.tif" \
  "$bin" refine --agents "$work/run" --probs "$work/probs" --image "$work/wrong_image" --out "$work/x"
expect_input_error "unknown .npz key" "unknown key 'softmax'" \
  "$bin" refine --agents "$work/run" --probs "$work/bad_key" --out "$work/x"
expect_input_error "wrong shape" "bad_shape/case1.npy: expected probabilities of shape" \
  "$bin" refine --agents "$work/run" --probs "$work/bad_shape" --out "$work/x"
expect_input_error "classes of other agents" "two_classes/case1.npy: 2 classes" \
  "$bin" refine --agents "$work/run" --probs "$work/two_classes" --out "$work/x"
expect_input_error "truncated .npz" "truncated/case1.npz" \
  "$bin" refine --agents "$work/run" --probs "$work/truncated" --out "$work/x"
expect_input_error "a NaN probability" "not_finite/case1.npy: value nan" \
  "$bin" refine --agents "$work/run" --probs "$work/not_finite" --out "$work/x"
expect_input_error "agents missing" "no trained segmentation agents" \
  "$bin" refine --agents "$work/bbbc" --probs "$work/probs" --out "$work/x"
finish
