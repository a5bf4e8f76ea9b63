#!/usr/bin/env bash
# Weak scaling of data-parallel training on this machine: the same per-rank batch on 1 and on 2 ranks
# (one LibTorch thread each), BBBC039 three-class U-Net. Prints, per world size, the training time per step
# and the images per second from the run's own summary.json, and the efficiency
#   E = (images/s on N ranks) / (N * images/s on 1 rank).
# Usage: bench/dist/weak_scaling.sh BUILD_DIR [STEPS=30] [PATCH=128] [BATCH=4]
set -euo pipefail
build="${1:?usage: weak_scaling.sh BUILD_DIR [STEPS] [PATCH] [BATCH]}"
steps="${2:-30}"; patch="${3:-128}"; batch="${4:-4}"
repo="$(cd "$(dirname "$0")/../.." && pwd)"
bin="$build/src/app/hypera_dist"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
bash "$(dirname "${BASH_SOURCE[0]}")/../machine.sh"
prepared="$repo/data/bbbc039_three_class.h5"
[ -f "$prepared" ] || "$bin" prepare --config "$repo/configs/bbbc039.ini" --data.prepared="$prepared" >/dev/null
declare -A rate
for ranks in 1 2; do
  echo "load before $ranks rank(s): $(cut -d' ' -f1-3 /proc/loadavg)"
  mpiexec -n "$ranks" "$bin" train --config "$repo/configs/bbbc039.ini" --data.prepared="$prepared" \
    --out "$work/run$ranks" --train.epochs=1 --train.steps_per_epoch="$steps" --train.batch_size="$batch" \
    --train.patch="$patch,$patch" --train.threads=1 --train.max_validation_samples=2 \
    --train.evaluate_test=0 >/dev/null
  rate[$ranks]=$(python3 - "$work/run$ranks/summary.json" "$ranks" "$batch" <<'PY'
import json, sys
s = json.load(open(sys.argv[1])); ranks, batch = int(sys.argv[2]), int(sys.argv[3])
t, steps = s["timing"]["train_seconds"], s["training"]["steps"]
rate = ranks * batch * steps / t
print(f"{rate:.3f}")
print(f"{ranks} rank(s): {steps} steps of {ranks} x {batch} images in {t:.1f} s: {1e3 * t / steps:.0f} ms per step, "
      f"{rate:.2f} images/s", file=sys.stderr)
PY
)
done
python3 -c "print(f'weak scaling efficiency, 2 ranks: {${rate[2]} / (2 * ${rate[1]}):.3f}')"
