#!/usr/bin/env bash
# Issue 18's validation figure: what one validation of configs/bbbc039.ini (50 full 520x696 images) costs the
# training thread, as a share of an epoch: fp32 with validation in line (the old defaults), the machine's precision
# (train.precision = auto) in line, and the defaults (auto precision, train.overlap_validation = auto). EPOCHS
# epochs, validation after each; "train s per epoch" shows what a validation on the other core costs the training
# thread by sharing the machine, "run s" is the whole run (training, every validation, no test).
# Usage: bench/validation/cost.sh BUILD_DIR OUT_DIR [EPOCHS] [MODES]   (run from the repository root; default 3
#        epochs and the modes "fp32:off auto:off auto:auto", each precision:overlap_validation)
set -euo pipefail
usage="usage: cost.sh BUILD_DIR OUT_DIR [EPOCHS] [MODES]"
build="${1:?$usage}"; out="${2:?$usage}"; epochs="${3:-3}"; modes="${4:-fp32:off auto:off auto:auto}"
bin="$build/src/app/hypera_dist"
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
bash "$(dirname "${BASH_SOURCE[0]}")/../machine.sh"
echo "Per validation: its compute seconds (mean), and the training thread's seconds for one in the background"
echo "(snapshot + wait; the last epoch's validation is always in line) or, without overlap, in line."
echo "| precision | overlap_validation | epochs | train s per epoch | validation compute s | training thread s per validation | share of an epoch | run s | final object_f1 |"
echo "|---|---|---|---|---|---|---|---|---|"
for mode in $modes; do
  set -- ${mode/:/ }
  run="$out/${1}_$2"
  rm -rf "$run"; mkdir -p "$out"
  start_load=$(cut -d' ' -f1 /proc/loadavg)
  "$bin" train --config configs/bbbc039.ini --train.epochs="$epochs" --train.validate_every=1 \
    --train.precision="$1" --train.overlap_validation="$2" --train.evaluate_test=false --out "$run" >"$run.log" 2>&1
  python3 - "$run/summary.json" "$1" "$2" "$epochs" "$start_load" <<'PY'
import json, sys
summary, precision, overlap, epochs, load = json.load(open(sys.argv[1])), sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
t = summary["timing"]
epoch = t["train_seconds"] / epochs
background = t["background_validations"]
blocking = t["background_validation_blocking_seconds"] / background if background else t["validation_blocking_seconds"] / epochs
print(f"| {precision} | {overlap} | {epochs} | {epoch:.1f} | {t['validation_seconds'] / epochs:.1f} | {blocking:.1f} | "
      f"{blocking / epoch:.1%} | {t['total_seconds']:.0f} | {summary['final_validation']['object_f1']:.4f} |  (load at start {load})")
PY
done
