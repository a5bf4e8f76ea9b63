#!/usr/bin/env bash
# Refinement again on a finished head to head (bench/head_to_head/run.sh): the same trained network (a copy of
# H2H_OUT/hypera_run), refine-train of BUILD_DIR's hypera_dist with the same passes and seed, infer --refine on
# the same 50 test images, scored by the same eval; prints the test Dice and object F1 before (H2H_OUT's
# hypera_pred) and after, the peer's, and the seconds of refine-train and infer. For a change to refinement
# measured on networks already trained, without a new 30-minute run (the clock of the head to head is not redone:
# compare the printed seconds with H2H_OUT/summary.txt).
#   bash bench/head_to_head/rerefine.sh BUILD_DIR H2H_OUT DEST [CORE (default 0)]
# PASSES (variable) replaces the passes of H2H_OUT (its times.txt) to measure how many refinement needs;
# REFINE_ARGS (variable) adds options to refine-train, e.g. "--hold-out 0.3 --check-every 4".
# Writes DEST/run (the copy, with its new segmentation_agents), DEST/pred, DEST/eval.json, the logs and
# DEST/rerefine.txt (the source, seed, passes, REFINE_ARGS and seconds; read by rerefined.py).
set -euo pipefail
if [[ $# -lt 3 ]]; then
  sed -n '8,11p' "$0" >&2
  exit 2
fi
hypera="$(cd "$1" && pwd)/src/app/hypera_dist"
source_out="$(cd "$2" && pwd)"
dest="$3"
core="${4:-0}"
[[ -x "$hypera" ]] || { echo "no $hypera" >&2; exit 2; }
for f in hypera_run summary.txt times.txt test_images test_masks hypera_pred_eval.json peer_pred_eval.json; do
  [[ -e "$source_out/$f" ]] || { echo "$source_out has no $f (not a finished head to head)" >&2; exit 2; }
done
seed=$(sed -n 's/^command: .*run\.sh [^ ]* [^ ]* [^ ]* \([0-9]*\)$/\1/p' "$source_out/summary.txt")
passes="${PASSES:-$(awk '$1 == "refine_epochs" {print $2}' "$source_out/times.txt")}"
[[ -n "$seed" && -n "$passes" ]] || { echo "$source_out: no seed in summary.txt or passes in times.txt" >&2; exit 2; }
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1

rm -rf "$dest"
mkdir -p "$dest"
cp -r "$source_out/hypera_run" "$dest/run"
rm -rf "$dest/run/segmentation_agents"
t0=$(date +%s.%N)
read -r -a extra <<<"${REFINE_ARGS:-}"
taskset -c "$core" "$hypera" refine-train --run "$dest/run" --epochs "$passes" --seed "$seed" "${extra[@]}" \
  > "$dest/refine_train.log" 2>&1
t1=$(date +%s.%N)
taskset -c "$core" "$hypera" infer --run "$dest/run" --input "$source_out/test_images" --out "$dest/pred" --refine \
  > "$dest/infer.log" 2>&1
t2=$(date +%s.%N)
"$hypera" eval --pred "$dest/pred" --gt "$source_out/test_masks" --kind bbbc039 --json "$dest/eval.json" \
  > "$dest/eval.log" 2>&1
printf 'source %s\nseed %s\npasses %s\nrefine_args %s\nrefine_train_s %s\ninfer_s %s\n' "$source_out" "$seed" \
  "$passes" "${REFINE_ARGS:-}" "$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')" \
  "$(awk -v a="$t1" -v b="$t2" 'BEGIN { print b - a }')" > "$dest/rerefine.txt"

PYTHONPATH="$(cd "$(dirname "$0")" && pwd)" python3 - "$source_out" "$dest" "$seed" "$passes" "$t0" "$t1" "$t2" \
  "$(bash "$(dirname "$0")/../machine.sh")" <<'PY'
import sys
from seeds import mean_scores as scores
source_out, dest, seed, passes = sys.argv[1:5]
t0, t1, t2 = map(float, sys.argv[5:8])
before, after = scores(f"{source_out}/hypera_pred_eval.json"), scores(f"{dest}/eval.json")
peer = scores(f"{source_out}/peer_pred_eval.json")
chosen = [line.strip() for line in open(f"{dest}/refine_train.log")
          if "chosen on the validation" in line or "held out" in line or "kept the agents" in line]
print(f"seed {seed}, {passes} passes; {sys.argv[8]}")
print(f"  refine-train {t1 - t0:.1f} s, infer --refine {t2 - t1:.1f} s")
print(f"  test Dice / object F1: before {before[0]:.5f} / {before[1]:.4f}, after {after[0]:.5f} / {after[1]:.4f}, "
      f"peer {peer[0]:.5f} / {peer[1]:.4f}; Dice minus the peer's {before[0] - peer[0]:+.5f} -> {after[0] - peer[0]:+.5f}")
for line in chosen:
    print(f"  {line}")
PY
