#!/usr/bin/env bash
# Issue 16's comparison at equal total compute (members x steps), fixed before the runs: `hypera_dist compare`
# with populations of P members (one rank each, oversubscribed on this machine's cores) on seeds 0..SEEDS-1
# (member k of seed s trains with seed s + 100003 k: no two populations share a member):
#   population-poly  the best of P poly runs (no copies, no explore): the fixed schedule at the same compute,
#                    and the reference (the only fixed arm);
#   pbt              PBT: a generation after every validation, the bottom quarter copies the top quarter, then
#                    x0.8/x1.2 or a redraw (p 0.25) of the same two hyperparameters;
#   pbt-agents       PBT whose explore step is the learned agents (all six, fresh, one shared replay);
#   with META (a meta-training folder) instead: pbt-agents-meta, the same with META's agents, frozen;
# (random-search, also an arm of compare, is left out to fit the session's time.) compare's decision rule
# (Holm-corrected paired t, 95 % bootstrap interval, TOST at +-0.01) for every arm against population-poly, then
# bench/population/pairs.py for the learned arm against pbt (better only if the 95 % bootstrap interval of the
# paired difference lies above 0, worse only if below). Finished runs are reused when run again.
# Usage (repository root): bench/population/compare.sh BUILD_DIR OUT_DIR [TASK=mri] [SEEDS=10] [P=4] [META]
set -euo pipefail
usage="usage: compare.sh BUILD_DIR OUT_DIR [TASK] [SEEDS] [P] [META]"
build="${1:?$usage}"; out="${2:?$usage}"; task="${3:-mri}"; seeds="${4:-10}"; members="${5:-4}"; meta="${6:-}"
learned=pbt-agents${meta:+-meta}
bin="$build/src/app/hypera_dist"
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
[ "$(id -u)" -ne 0 ] || export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
metric=$([ "$task" = bbbc039 ] && echo object_f1 || echo dice)
bash "$(dirname "${BASH_SOURCE[0]}")/../machine.sh"
start=$(date +%s)
"$bin" compare --config "configs/compare_$task.ini" --seeds "$seeds" --population "$members" --jobs 1 \
  --arms "population-poly,pbt,$learned" ${meta:+--meta "$meta"} --out "$out/compare_pbt_$task" \
  >"$out/compare_pbt_$task.log"
echo "== compare: $(( $(date +%s) - start )) s, load $(cut -d' ' -f1-3 /proc/loadavg)"
cat "$out/compare_pbt_$task/compare.md"
python3 bench/population/pairs.py "$out/compare_pbt_$task" "$learned" pbt "$metric"
