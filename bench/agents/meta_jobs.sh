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
mkdir -p "$out"
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
# The saved agents themselves (DIR/agents/state_<name>.pt, read with the peers' PyTorch): what the learners that
# go on hold, which the episodes' summaries do not show for a round (a copy's updates are redone in the merge).
"$(bash "$here/../peers/ensure_venv.sh" 2>/dev/null | tail -n 1)" - "$out" 1 "$jobs" <<'PY'
import pathlib, sys, warnings
import torch
warnings.filterwarnings("ignore")
out = pathlib.Path(sys.argv[1])
print("| agent | " + " | ".join(f"--jobs {j}: steps / SAC updates / transitions" for j in sys.argv[2:]) + " |")
print("|---|" + "---|" * len(sys.argv[2:]))
for state in sorted((out / f"jobs{sys.argv[2]}" / "agents").glob("state_*.pt")):
    cells = []
    for jobs in sys.argv[2:]:
        saved = torch.jit.load(str(out / f"jobs{jobs}" / "agents" / state.name))
        steps, updates = saved.counters.tolist()
        cells.append(f"{steps} / {updates} / {saved.replay.offered.tolist()[0]}")
    print(f"| {state.stem[len('state_'):]} | " + " | ".join(cells) + " |")
PY
