#!/usr/bin/env bash
# Issue 4's SAC proof, all on this machine, one thread each (torch and OpenBLAS):
#  1. the C++ environments against Gymnasium, step for step (check_dynamics.py);
#  2. Pendulum, STEPS steps, seeds 0 1 2: hypera_sac_bench and Stable-Baselines3 back to back per seed;
#  3. update speed, small (64-64, batch 64) and large (256-256, batch 256): ours, then plain Python PyTorch,
#     each with the matrix products alone;
#  4. summary.py: the goals (return >= -200 per seed; small >= 2x Python; large within 10% of matmul time).
#   bench/sac/run.sh [BUILD_DIR] [STEPS] [SECONDS]   (defaults: <repo>/build, 20000, 10)
# Every JSON line also goes to $OUT (default: a new folder under /tmp) as results.jsonl.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
build="${1:-$repo/build}"
steps="${2:-20000}"
seconds="${3:-10}"
out="${OUT:-$(mktemp -d /tmp/hypera_sac_bench.XXXXXX)}"
mkdir -p "$out"
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1

python="$(bash "$repo/bench/peers/ensure_venv.sh" | tail -n 1)"
[[ -f "$build/CMakeCache.txt" ]] || cmake -S "$repo" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release
cmake --build "$build" --target hypera_sac_bench hypera_sac_env_trace -j2 >/dev/null
bench="$build/bench/sac/hypera_sac_bench"
results="$out/results.jsonl"
: > "$results"

bash "$(dirname "${BASH_SOURCE[0]}")/../machine.sh"
record() { tee -a "$results"; }
load() { echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"; }

"$python" "$here/check_dynamics.py" "$build/bench/sac/hypera_sac_env_trace"

for seed in 0 1 2; do
  load
  "$bench" --env pendulum --steps "$steps" --seed "$seed" | record
  load
  "$python" "$here/sb3_pendulum.py" --env pendulum --steps "$steps" --seed "$seed" | record
done

for size in "64,64 64" "256,256 256"; do
  read -r hidden batch <<<"$size"
  load
  "$bench" --mode update-speed --hidden "$hidden" --batch "$batch" --seconds "$seconds" | record
  load
  "$python" "$here/python_sac_update.py" --hidden "$hidden" --batch "$batch" --seconds "$seconds" | record
done
load
"$python" "$here/summary.py" "$results"
