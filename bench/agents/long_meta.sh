#!/usr/bin/env bash
# Issue 14, a long meta-training: does meta-training for LONG episodes (two at a time; five times the SHORT one)
# better than a short one, and does the team reward learn better than the per-agent rewards once the agents see
# hundreds of transitions? All on one task (TASK, default mri), test split, seeds 0..SEEDS-1.
#  1. per-agent rewards: meta-train SHORT episodes on META_SEEDS seeds (OUT/agent/meta), keep a copy of that
#     state (OUT/short/meta), train on to LONG episodes in the same folder; then bench/agents/compare.sh's full
#     protocol on TASK with the long meta-training (all arms, compare's own decision rule);
#  2. the short meta-training's agents deployed frozen (agents-meta) beside the same poly runs (OUT/short);
#  3. team reward: meta-train SHORT episodes with --agents.reward=team (OUT/team/meta), deployed beside the same
#     poly runs (OUT/team), against the per-agent agents of the same length (OUT/short).
# Decision rules, fixed before the runs (paired test metric, 95 % percentile bootstrap interval of the mean
# difference, bench/agents/reward_modes.py):
#  - long against constant-tuned: compare's verdict (better / equivalent within +-0.01 / worse / inconclusive);
#  - long - short: "long better" only if the interval lies above 0, "short better" only if below, else none shown;
#  - team - agent (both SHORT episodes): "team better" only if the interval lies above 0, "agent better" only if
#    below.
# Reuses every finished run, baseline and episode when it runs again.
# Usage (repository root): bench/agents/long_meta.sh BUILD_DIR OUT_DIR [TASK=mri] [SEEDS=10] [SHORT=24]
#                                                   [LONG=120] [META_SEEDS=10]
set -euo pipefail
usage="usage: long_meta.sh BUILD_DIR OUT_DIR [TASK] [SEEDS] [SHORT] [LONG] [META_SEEDS]"
build="${1:?$usage}"; out="${2:?$usage}"; task="${3:-mri}"; seeds="${4:-10}"; short="${5:-24}"
long="${6:-120}"; meta_seeds="${7:-10}"
here="$(dirname "${BASH_SOURCE[0]}")"
bin="$build/src/app/hypera_dist"
metric=$(sed -n 's/^select_metric *= *//p' "configs/compare_$task.ini")
metric="${metric:-dice}"  # the default of train.select_metric
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
mkdir -p "$out/agent" "$out/short" "$out/team"
meta_train() { "$bin" meta-train --config "configs/compare_$task.ini" --seeds "$meta_seeds" --jobs 2 "$@"; }
timed() {  # LABEL LOG COMMAND...: runs it with its output into LOG, then prints its wall time and the load
  local label="$1" log="$2" start; shift 2; start=$(date +%s)
  "$@" >"$log"
  echo "== $label: $(( $(date +%s) - start )) s, load $(cut -d' ' -f1-3 /proc/loadavg)"
}
deploy_beside_poly() {  # FOLDER: FOLDER/meta deployed frozen on the seeds beside the per-agent arm's poly runs
  mkdir -p "$1/compare_$task/runs"
  [ -d "$1/compare_$task/runs/poly" ] || cp -r "$out/agent/compare_$task/runs/poly" "$1/compare_$task/runs/"
  "$bin" compare --config "configs/compare_$task.ini" --seeds "$seeds" --jobs 2 --meta "$1/meta" \
    --arms poly,agents-meta --out "$1/compare_$task"
}
bash "$here/../machine.sh"
if [ ! -s "$out/short/meta/meta.json" ]; then
  timed "meta-train $short episodes" "$out/agent/short.log" meta_train --episodes "$short" --out "$out/agent/meta"
  rm -rf "$out/short/meta" && cp -r "$out/agent/meta" "$out/short/meta"
fi
bash "$here/compare.sh" "$build" "$out/agent" "$task" "$seeds" "$long" "$task" "$meta_seeds"
timed "short agents deployed" "$out/short/compare_$task.log" deploy_beside_poly "$out/short"
timed "team meta-train $short episodes" "$out/team/meta.log" meta_train --episodes "$short" \
  --out "$out/team/meta" --agents.reward=team
python3 "$here/learning_evidence.py" "$out/team/meta"
timed "team agents deployed" "$out/team/compare_$task.log" deploy_beside_poly "$out/team"
python3 "$here/reward_modes.py" "$out/short/compare_$task" "$out/agent/compare_$task" "$metric" agents-meta \
  "short ($short episodes)" "long ($long episodes)"
python3 "$here/reward_modes.py" "$out/short/compare_$task" "$out/team/compare_$task" "$metric" agents-meta
