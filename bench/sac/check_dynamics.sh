#!/usr/bin/env bash
# Step-for-step check of the C++ Pendulum-v1 and MountainCarContinuous-v0 against Gymnasium's.
#   bench/sac/check_dynamics.sh [BUILD_DIR]     (default BUILD_DIR: <repo>/build)
# Exits non-zero if a termination/truncation flag disagrees or a difference exceeds 1e-5.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
build="${1:-$repo/build}"
python="$(bash "$repo/bench/peers/ensure_venv.sh" | tail -n 1)"
[[ -f "$build/CMakeCache.txt" ]] || cmake -S "$repo" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release
cmake --build "$build" --target hypera_sac_env_trace -j2 >/dev/null
"$python" "$here/check_dynamics.py" "$build/bench/sac/hypera_sac_env_trace"
