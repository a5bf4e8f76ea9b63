#!/usr/bin/env bash
# Issue 14's measurement: do meta-trained hyperparameter agents beat the best fixed schedule? Fixed protocol:
#  1. meta-train the agents on the tasks META_TASKS (default both: configs/compare_{mri,bbbc039}.ini) on
#     META_SEEDS seeds from 1000 (never the test split), EPISODES episodes, each rewarded against a paired
#     baseline run, two episodes at a time (--jobs 2); extra ARGS (e.g. --agents.reward=team) go to meta-train;
#  2. for every task in TASKS, `hypera_dist compare` on seeds 0..SEEDS-1 with the arms constant-tuned (lr sweep
#     x0.25..x4), poly, cosine, agents (fresh), agents-meta (deployed frozen), and the controls agents-random and
#     agents-openloop; the decision rule (Holm-corrected paired t, 95 % bootstrap interval, TOST at +-0.01) is
#     printed in compare.md before the numbers;
#  3. the learning evidence of the meta-trained agents (bench/agents/learning_evidence.py).
# COMPARE_ARGS (environment, split on spaces) go to every `compare` call: the main budget of about 500 steps is
# COMPARE_ARGS="--train.steps_per_epoch=50" (10 epochs of 50 steps; meta-training keeps its 150-step episodes).
# Two runs at a time, one LibTorch thread each. Finished runs, baselines
# and episodes are reused when the script runs again. Prints the machine, the load and each compare.md.
# Usage: bench/agents/compare.sh BUILD_DIR OUT_DIR [TASKS] [SEEDS] [EPISODES] [META_TASKS] [META_SEEDS] [ARGS...]
#        (run from the repository root) e.g. bench/agents/compare.sh build /work/results "mri bbbc039" 10 24
set -euo pipefail
usage="usage: compare.sh BUILD_DIR OUT_DIR [TASKS] [SEEDS] [EPISODES] [META_TASKS] [META_SEEDS] [ARGS...]"
build="${1:?$usage}"; out="${2:?$usage}"; tasks="${3:-mri bbbc039}"; seeds="${4:-10}"; episodes="${5:-24}"
meta_tasks="${6:-mri bbbc039}"; meta_seeds="${7:-4}"; shift $(( $# < 7 ? $# : 7 ))
meta_configs="$(printf 'configs/compare_%s.ini,' $meta_tasks)"
bin="$build/src/app/hypera_dist"
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
bash "$(dirname "${BASH_SOURCE[0]}")/../machine.sh"
start=$(date +%s)
"$bin" meta-train --config "${meta_configs%,}" --episodes "$episodes" --seeds "$meta_seeds" --jobs 2 \
  --out "$out/meta" "$@" >"$out/meta.log"
echo "== meta-train: $(( $(date +%s) - start )) s, load $(cut -d' ' -f1-3 /proc/loadavg)"
python3 bench/agents/learning_evidence.py "$out/meta"
for task in $tasks; do
  start=$(date +%s)
  "$bin" compare --config "configs/compare_$task.ini" --seeds "$seeds" --jobs 2 --meta "$out/meta" \
    --arms constant-tuned,poly,cosine,agents,agents-meta,agents-random,agents-openloop \
    --out "$out/compare_$task" ${COMPARE_ARGS:-} >"$out/compare_$task.log"
  echo "== $task: $(( $(date +%s) - start )) s, load $(cut -d' ' -f1-3 /proc/loadavg)"
  sed -n '/^## Decision rule/,/^## Trajectories/p' "$out/compare_$task/compare.md"
  python3 bench/agents/agents_cost.py "$out/compare_$task/runs"
done
