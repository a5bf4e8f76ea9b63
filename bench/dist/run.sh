#!/usr/bin/env bash
# All-reduce bandwidth benchmark under 2 MPI ranks (see allreduce_bandwidth.cpp for what it prints).
# Usage: bench/dist/run.sh BUILD_DIR [ranks=2] [base_channels=32] [depth=4] [reps=20]
set -euo pipefail
build="${1:?usage: run.sh BUILD_DIR [ranks] [base_channels] [depth] [reps]}"
ranks="${2:-2}"
cores=$(nproc --all)
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
bash "$(dirname "${BASH_SOURCE[0]}")/../machine.sh"
echo "load before: $(uptime)"
oversubscribe=(); [ "$ranks" -gt "$cores" ] && oversubscribe=(--oversubscribe)
mpiexec -n "$ranks" "${oversubscribe[@]}" "$build/bench/dist/bench_dist_allreduce" "${3:-32}" "${4:-4}" "${5:-20}"
echo "load after: $(uptime)"
