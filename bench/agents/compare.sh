#!/usr/bin/env bash
# Issue 5's measurement: do the hyperparameter agents beat fixed schedules? Runs `hypera_dist compare` on the
# default MRI task and on BBBC039 (configs/compare_*.ini: a budget of about a minute per run on two cores),
# arms baseline (constant lr), poly, cosine, agents (fresh) and agents-warm (warm-started from the agents a
# fresh run saved on another seed), 3 seeds, 2 runs at a time; prints each compare.md and the agents' share
# of the run time (from every run's summary.json). Finished runs are reused when the script runs again.
# Usage: bench/agents/compare.sh BUILD_DIR OUT_DIR [ARMS]     (run from the repository root)
set -euo pipefail
build="${1:?usage: compare.sh BUILD_DIR OUT_DIR [ARMS]}"; out="${2:?usage: compare.sh BUILD_DIR OUT_DIR [ARMS]}"
arms="${3:-baseline,poly,cosine,agents,agents-warm}"
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
echo "machine: $(nproc --all) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(date -u '+%F %H:%M UTC')"
for task in mri bbbc039; do
  start=$(date +%s)
  "$build/src/app/hypera_dist" compare --config "configs/compare_$task.ini" --arms "$arms" --seeds 3 --jobs 2 \
    --out "$out/compare_$task" >"$out/compare_$task.log"
  echo "== $task: $(( $(date +%s) - start )) s, load $(cut -d' ' -f1-3 /proc/loadavg)"
  sed -n '/^## Arms/,/^## Trajectories/p' "$out/compare_$task/compare.md"
  python3 - "$out/compare_$task/compare.csv" <<'PY'
import csv, sys
shares = [float(r["agents_fraction"]) for r in csv.DictReader(open(sys.argv[1])) if r["agents_fraction"]]
if shares:
    print(f"agents' share of the run time (summary.json agents.fraction_of_run): {min(shares):.4f} to {max(shares):.4f} over {len(shares)} runs")
PY
done
