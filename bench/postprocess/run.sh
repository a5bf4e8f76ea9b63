#!/bin/bash
# Post-processing baselines on BBBC039 (issue 7): writes the run's probability maps once (minutes), then
# evaluates (a) threshold + components, (b) the authors' post-processing, (c) the validation grid search's
# best setting on the test split, and times each pipeline step.
# usage: bench/postprocess/run.sh BUILD_DIR [RUN_DIR (default runs/bbbc039)]
set -euo pipefail
bash "$(dirname "${BASH_SOURCE[0]}")/../machine.sh"
build=$(realpath "${1:?usage: run.sh BUILD_DIR [RUN_DIR]}")
cd "$(dirname "$0")/../.."
run=${2:-runs/bbbc039}
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
if [ ! -f "$run/probabilities/complete" ]; then
  "$build/bench/postprocess/bench_write_probabilities" "$run" "$run/probabilities"
  touch "$run/probabilities/complete"
fi
prepared=$(sed -n 's/^prepared *= *//p' "$run/config.ini")
date -u
uptime
"$build/bench/postprocess/bench_postprocess" "$run/probabilities" "$prepared"
uptime
