#!/usr/bin/env bash
# End to end through the real binary on real data: prepare + train a tiny model on the brain MRI,
# resume it, infer a NIfTI volume; and a three-class BBBC039 run that reports object F1. Both runs leave overlay
# pictures of their first validation and test samples, and infer --overlay writes one beside each prediction.
# Usage: train_infer_test.sh HYPERA_DIST SOURCE_DIR
set -euo pipefail
bin="$1"; source_dir="$2"
source "$source_dir/tests/app/cli/bbbc039.sh"
bbbc=$(bbbc039_dir)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
source "$source_dir/tests/app/cli/checks.sh"
tiny=(--model.depth=2 --model.base_channels=4 --train.patch=32,32 --train.steps_per_epoch=2
      --train.batch_size=2 --train.max_validation_samples=1)

"$bin" train --config "$source_dir/configs/quickstart.ini" --data.prepared="$work/mri.h5" --out "$work/run" \
  --train.epochs=1 "${tiny[@]}" >"$work/log1"
grep -q "test (best checkpoint" "$work/log1" || abort "no test line in the log"
for f in config.ini metrics.csv hparams.csv summary.json loss_curve.png checkpoints/best/MANIFEST; do
  [ -s "$work/run/$f" ] || abort "run folder lacks $f"
done
grep -q '"test"' "$work/run/summary.json" || abort "summary.json has no test section"
# [cleanup] is auto: the best checkpoint chose among 4 clean-ups on validation; the winner has the highest score
# (the first of equals), and cleanup.ini holds it for infer.
grep -q "^clean-up of predicted masks: " "$work/log1" || abort "no clean-up line in the log"
python3 - "$work/run" <<'PY' || abort "the clean-up choice does not match its validation scores"
import json, pathlib, sys
run = pathlib.Path(sys.argv[1])
section = json.loads((run / "summary.json").read_text())["cleanup"]
order = ["none", "fill_holes", "largest_component", "largest_component+fill_holes"]
scores = [section["validation_dice_" + name] for name in order]
winner = order[max(range(4), key=lambda k: (scores[k], -k))]
chosen = {"largest_component": section["largest_component"] == 1, "fill_holes": section["fill_holes"] == 1}
assert winner == {(False, False): "none", (False, True): "fill_holes", (True, False): "largest_component",
                  (True, True): "largest_component+fill_holes"}[(chosen["largest_component"], chosen["fill_holes"])]
ini = (run / "cleanup.ini").read_text()
for step, on in chosen.items():
    assert f"{step} = {'on' if on else 'off'}" in ini, ini
test = json.loads((run / "summary.json").read_text())["test"]  # the choice reached the test evaluation
if chosen["largest_component"]:
    assert test["pred_components"] <= 1, test
if chosen["fill_holes"]:
    assert test["pred_holes"] == 0, test
PY

# expect_overlays FOLDER COUNT NAME...: FOLDER holds exactly COUNT PNGs, among them the NAMEs, each an 8-bit RGB PNG
# (IHDR: bit depth 8, colour type 2).
expect_overlays() {
  local folder="$1" count="$2" name; shift 2
  [ "$(ls "$folder" 2>/dev/null | grep -c '\.png$')" -eq "$count" ] || abort "$folder should hold $count overlay PNGs"
  for name in "$@"; do
    [ "$(od -An -tu1 -j24 -N2 "$folder/$name" 2>/dev/null | tr -s ' ')" = " 8 2" ] || abort "$folder/$name is no RGB PNG"
  done
}
# The MRI has one validation and one test slab (slabs = 5); the picture is the slab's middle axial slice.
expect_overlays "$work/run/overlays" 2 validation_ch2_slab1.png test_ch2_slab3.png
[ "$(od -An -tu1 -j16 -N8 "$work/run/overlays/validation_ch2_slab1.png" | tr -s ' ')" = " 0 0 0 181 0 0 0 217" ] ||
  abort "the MRI overlay is not a 181 x 217 slice"
grep -q "^overlays: 2 images in $work/run/overlays" "$work/log1" || abort "no overlays line in the log"

# A finished run is never overwritten without --resume; --resume auto continues it to 2 epochs.
if "$bin" train --config "$source_dir/configs/quickstart.ini" --data.prepared="$work/mri.h5" --out "$work/run" \
     "${tiny[@]}" 2>/dev/null; then abort "an existing run was overwritten"; fi
"$bin" train --config "$source_dir/configs/quickstart.ini" --data.prepared="$work/mri.h5" --out "$work/run" \
  --train.epochs=2 "${tiny[@]}" --resume auto >"$work/log2"
grep -q "resumed from" "$work/log2" || abort "resume did not resume"
[ "$(wc -l <"$work/run/metrics.csv")" -eq 3 ] || abort "metrics.csv should hold 2 epochs"

"$bin" infer --run "$work/run" --input /usr/share/mricron/templates/ch2.nii.gz --out "$work/pred" --overlay >/dev/null
[ -s "$work/pred/ch2.nii.gz" ] || abort "infer wrote no NIfTI"
expect_overlays "$work/pred" 1 ch2_overlay.png
# A run trained on a GPU (train.device = cuda in its config.ini) is predicted on a CPU with --train.device=cpu,
# giving the same file; without the override, where LibTorch sees no GPU, infer and refine-train stop with one
# line naming the run's config.ini and the override.
cp -r "$work/run" "$work/run_cuda"
sed -i 's/^device = auto$/device = cuda/' "$work/run_cuda/config.ini"
grep -qx "device = cuda" "$work/run_cuda/config.ini" || abort "config.ini has no 'device = auto' line to change"
"$bin" infer --run "$work/run_cuda" --input /usr/share/mricron/templates/ch2.nii.gz --out "$work/pred_cpu" \
  --train.device=cpu >/dev/null
cmp -s "$work/pred/ch2.nii.gz" "$work/pred_cpu/ch2.nii.gz" || abort "infer --train.device=cpu predicted otherwise"
if ! nvidia-smi -L >/dev/null 2>&1; then
  for command in infer refine-train; do
    arguments=(--run "$work/run_cuda")
    if [ "$command" = infer ]; then arguments+=(--input "$work/pred/ch2.nii.gz" --out "$work/x"); fi
    expect_input_error "$command of a cuda run without a GPU" "run_cuda/config.ini: option 'train.device': 'cuda'" \
      "$bin" "$command" "${arguments[@]}"
  done
else
  echo "not run here (a GPU is present): infer of a cuda run without a GPU"
fi
expect_input_error "infer --train.device=tpu" "option 'train.device': 'tpu'" "$bin" infer --run "$work/run" \
  --input "$work/pred/ch2.nii.gz" --out "$work/x" --train.device=tpu

make_tiny_bbbc039 "$bbbc" "$work/bbbc"
"$bin" train --config "$source_dir/configs/bbbc039.ini" --data.root="$work/bbbc" --data.prepared="$work/bbbc.h5" \
  --out "$work/nuclei" --train.epochs=1 --train.validate_every=1 "${tiny[@]}" >"$work/log3"
grep -q '"object_f1"' "$work/nuclei/summary.json" || abort "no object F1 in the BBBC039 summary"
# The tiny copy has 2 training, 1 validation and 1 test sample, so 1 + 1 pictures (the first 3 of each split).
overlays=()
for split in validation test; do
  while read -r name; do overlays+=("${split}_${name%.png}.png"); done <"$work/bbbc/$split.txt"
done
expect_overlays "$work/nuclei/overlays" 2 "${overlays[@]}"
"$bin" infer --run "$work/nuclei" --input "$work/bbbc/images" --out "$work/nuclei_pred" --overlay >/dev/null
[ "$(ls "$work/nuclei_pred"/*.png | grep -vc '_overlay\.png$')" -eq 4 ] || abort "infer should write 4 PNG masks"
for image in "$work/bbbc/images"/*.tif; do
  name=$(basename "$image" .tif)
  expect_overlays "$work/nuclei_pred" 8 "${name}_overlay.png"
done
pass "train, resume, infer on MRI (--train.device=cpu on a cuda run); BBBC039 run with object F1; overlays of both runs and of infer --overlay"
finish
