#!/usr/bin/env bash
# meta-train's episodes one after another (--jobs 1) against rounds of J at once (--jobs J): the same episodes on
# the same baselines, wall time of the episodes, and what the agents learned (bench/agents/learning_evidence.py
# and the SAC update and transition counts of the saved agents).
# The baselines run once, in OUT/base (with one episode, which meta-train needs); both arms copy them and their
# request.txt, so each call's wall time is its episodes (and merges) only.
# Usage (repository root): bench/agents/meta_jobs.sh BUILD_DIR OUT_DIR [EPISODES=8] [SEEDS=2] [J=2]
#                                                   [CONFIGS=configs/compare_mri.ini]
set -euo pipefail
usage="usage: meta_jobs.sh BUILD_DIR OUT_DIR [EPISODES] [SEEDS] [J] [CONFIGS]"
build="${1:?$usage}"; out="${2:?$usage}"; episodes="${3:-8}"; seeds="${4:-2}"; jobs="${5:-2}"
configs="${6:-configs/compare_mri.ini}"
bin="$build/src/app/hypera_dist"
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
here="$(dirname "${BASH_SOURCE[0]}")"
bash "$here/../machine.sh"
meta_train() { "$bin" meta-train --config "$configs" --seeds "$seeds" "$@"; }
[ -s "$out/base/meta.json" ] || meta_train --episodes 1 --jobs "$jobs" --out "$out/base" >"$out/base.log"
for arm in 1 "$jobs"; do
  folder="$out/jobs$arm"
  rm -rf "$folder" && mkdir -p "$folder"
  cp -r "$out/base/request.txt" "$out/base/baselines" "$folder/"
  start=$(date +%s%N)
  meta_train --episodes "$episodes" --jobs "$arm" --out "$folder" >"$folder.log"
  wall_ms=$(( ($(date +%s%N) - start) / 1000000 ))
  echo "== --jobs $arm: $episodes episodes in $wall_ms ms, load $(cut -d' ' -f1-3 /proc/loadavg)"
  grep '^merged' "$folder.log" || true
  python3 "$here/learning_evidence.py" "$folder"
done
