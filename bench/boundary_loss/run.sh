#!/bin/bash
# Builds and runs the boundary-loss benchmark. Usage: bench/boundary_loss/run.sh BUILD_DIR [repetitions]
set -euo pipefail
bash "$(dirname "${BASH_SOURCE[0]}")/../machine.sh"
build=${1:?build folder}
cmake --build "$build" --target bench_boundary_loss -j2 >/dev/null
uptime
OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 "$build/bench/boundary_loss/bench_boundary_loss" \
  "$(dirname "$0")/../../../shared/data/bbbc039" "${2:-20}"
