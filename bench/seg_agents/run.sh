#!/bin/bash
# Segmentation agents on BBBC039 (issue 7, measurement (d)): trains on the validation split's probability
# maps (written by bench/postprocess/run.sh) and compares (c) the base setting with (d) the agents on the test
# split. usage: bench/seg_agents/run.sh BUILD_DIR [RUN_DIR (default runs/bbbc039)] [EPOCHS (default 100)]
set -euo pipefail
bash "$(dirname "${BASH_SOURCE[0]}")/../machine.sh"
build=$(realpath "${1:?usage: run.sh BUILD_DIR [RUN_DIR] [EPOCHS]}")
cd "$(dirname "$0")/../.."
run=${2:-runs/bbbc039}
epochs=${3:-100}
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
if [ ! -f "$run/probabilities/complete" ]; then
  echo "no probability maps in $run/probabilities: run bench/postprocess/run.sh first" >&2
  exit 2
fi
prepared=$(sed -n 's/^prepared *= *//p' "$run/config.ini")
date -u
uptime
"$build/bench/seg_agents/bench_seg_agents" "$run/probabilities" "$prepared" "$run/segmentation_agents" "$epochs"
uptime
