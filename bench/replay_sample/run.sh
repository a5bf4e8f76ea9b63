#!/usr/bin/env bash
# Builds and runs the replay sampling benchmark; prints the machine load before and after.
#   bash bench/replay_sample/run.sh BUILD_DIR [sample_calls] [capacity]
set -euo pipefail
bash "$(dirname "${BASH_SOURCE[0]}")/../machine.sh"
build=${1:?usage: run.sh BUILD_DIR [sample_calls] [capacity]}
cmake --build "$build" --target bench_replay_sample -j2 >/dev/null
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1
echo "load before: $(uptime)"
"$build/bench/replay_sample/bench_replay_sample" "${@:2}"
echo "load after: $(uptime)"
