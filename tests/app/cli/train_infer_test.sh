#!/usr/bin/env bash
# End to end through the real binary on real data: prepare + train a tiny model on the brain MRI,
# resume it, infer a NIfTI volume; and a three-class BBBC039 run that reports object F1.
# Usage: train_infer_test.sh HYPERA_DIST SOURCE_DIR
set -euo pipefail
bin="$1"; source_dir="$2"
source "$source_dir/tests/app/cli/bbbc039.sh"
bbbc=$(bbbc039_dir) || exit 1
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

# A finished run is never overwritten without --resume; --resume auto continues it to 2 epochs.
if "$bin" train --config "$source_dir/configs/quickstart.ini" --data.prepared="$work/mri.h5" --out "$work/run" \
     "${tiny[@]}" 2>/dev/null; then abort "an existing run was overwritten"; fi
"$bin" train --config "$source_dir/configs/quickstart.ini" --data.prepared="$work/mri.h5" --out "$work/run" \
  --train.epochs=2 "${tiny[@]}" --resume auto >"$work/log2"
grep -q "resumed from" "$work/log2" || abort "resume did not resume"
[ "$(wc -l <"$work/run/metrics.csv")" -eq 3 ] || abort "metrics.csv should hold 2 epochs"

"$bin" infer --run "$work/run" --input /usr/share/mricron/templates/ch2.nii.gz --out "$work/pred" >/dev/null
[ -s "$work/pred/ch2.nii.gz" ] || abort "infer wrote no NIfTI"

make_tiny_bbbc039 "$bbbc" "$work/bbbc"
"$bin" train --config "$source_dir/configs/bbbc039.ini" --data.root="$work/bbbc" --data.prepared="$work/bbbc.h5" \
  --out "$work/nuclei" --train.epochs=1 --train.validate_every=1 "${tiny[@]}" >"$work/log3"
grep -q '"object_f1"' "$work/nuclei/summary.json" || abort "no object F1 in the BBBC039 summary"
"$bin" infer --run "$work/nuclei" --input "$work/bbbc/images" --out "$work/nuclei_pred" >/dev/null
[ "$(ls "$work/nuclei_pred"/*.png | wc -l)" -eq 6 ] || abort "infer should write 6 PNG masks"
pass "train, resume, infer on MRI; BBBC039 run with object F1"
finish
