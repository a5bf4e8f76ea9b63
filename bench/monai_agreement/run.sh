#!/usr/bin/env bash
# Agreement of `hypera_dist eval` with MONAI's metric functions on real BBBC039 and MRI masks.
#   bench/monai_agreement/run.sh [BUILD_DIR]      (default BUILD_DIR: <repo>/build)
# Environment: RUN_DIR, a trained BBBC039 run whose predictions are scored too (default <repo>/runs/bbbc039
# when it has a best checkpoint; otherwise only perturbed ground truth), IMAGES (test fields, default 5).
# Builds hypera_dist, gets the peers' venv (bench/peers/ensure_venv.sh), writes the masks into a temporary
# folder and prints, per metric, the largest absolute difference (agreement.py says what is compared).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
build="${1:-$repo/build}"
run_dir="${RUN_DIR:-$repo/runs/bbbc039}"

if [[ ! -f "$build/CMakeCache.txt" ]]; then
  cmake -S "$repo" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release
fi
cmake --build "$build" --target hypera_dist -j2
python="$(bash "$repo/bench/peers/ensure_venv.sh" | tail -n 1)"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
run_args=()
if [[ -f "$run_dir/checkpoints/best/MANIFEST" ]]; then
  run_args=(--run "$run_dir")
  echo "real predictions: best checkpoint of $run_dir"
else
  echo "no trained run at $run_dir: perturbed ground truth only"
fi
bash "$(dirname "${BASH_SOURCE[0]}")/../machine.sh"
OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 "$python" "$here/agreement.py" --bin "$build/src/app/hypera_dist" \
  --work "$work" --images "${IMAGES:-5}" "${run_args[@]}"
