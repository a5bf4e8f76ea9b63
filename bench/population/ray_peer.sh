#!/usr/bin/env bash
# HYPERA's population mode beside Ray Tune's PBT, the tool users tune with today, on the MRI task
# (configs/compare_mri.ini), P members at equal compute (members x steps), fixed before the runs:
#   hypera  `hypera_dist compare --arms pbt --population P` on seeds 0..SEEDS-1 (HYPERA's trainer, synchronous
#           generations over MPI, in memory);
#   ray     bench/population/ray_pbt.py on the same seeds: Ray Tune's asynchronous PBT with file checkpoints,
#           around the plain-PyTorch peer of HYPERA's trainer, with HYPERA's PBT settings (see its header);
#           with MODE=pb2, Ray Tune's PB2 in its place (the same members, generations, quantile and bounds; its
#           Gaussian-process bandit explores).
# Each population is judged by its winner's test Dice. The two trainers are different programs, so the seeds do
# not pair runs: the decision is on the difference of the means, hypera - ray, with a 95 % bootstrap interval
# (10^4 resamples of each arm): better or worse when the interval excludes 0, equivalent when it lies inside
# +-0.01, else inconclusive.
# Then Ray's overhead over its own trainer's independent runs: ROUNDS (0: none) alternating rounds of a population
# of 2 against the same 2 members as independent processes started together (wall time of the whole call);
# HYPERA's side is bench/population/overhead.sh.
# Usage (repository root): bench/population/ray_peer.sh BUILD_DIR OUT_DIR [SEEDS=10] [P=4] [ROUNDS=3] [MODE=pbt|pb2]
set -euo pipefail
usage="usage: ray_peer.sh BUILD_DIR OUT_DIR [SEEDS] [P] [ROUNDS] [MODE=pbt|pb2]"
build="${1:?$usage}"; out="${2:?$usage}"; seeds="${3:-10}"; members="${4:-4}"; rounds="${5:-3}"; mode="${6:-pbt}"
[[ "$mode" == pbt || "$mode" == pb2 ]] || { echo "ray_peer.sh: MODE must be pbt or pb2, not '$mode'" >&2; exit 2; }
bin="$build/src/app/hypera_dist"
config=configs/compare_mri.ini
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
[ "$(id -u)" -ne 0 ] || export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
here="$(dirname "${BASH_SOURCE[0]}")"
python=$(bash "$here/../peers/ensure_venv.sh" | tail -n 1)
bash "$here/../machine.sh"
mkdir -p "$out"
"$bin" prepare --config "$config" >"$out/prepare.log"
prepared=$(sed -n 's/^prepared *= *//p' "$config")
ray_run() {  # ray_run MODE SEED MEMBERS RESULT
  [ -s "$4" ] || "$python" "$here/ray_pbt.py" --prepared "$prepared" --hypera-config "$config" --mode "$1" \
    --seed "$2" --members "$3" --cpus "$(nproc)" --out "$4" >"$4.log" 2>&1 || { tail -n 20 "$4.log"; exit 1; }
}

start=$(date +%s)
for ((seed = 0; seed < seeds; seed++)); do
  ray_run "$mode" "$seed" "$members" "$out/ray_${mode}_p${members}_s$seed.json"
done
echo "== ray: $(( $(date +%s) - start )) s, load $(cut -d' ' -f1-3 /proc/loadavg)"
start=$(date +%s)
"$bin" compare --config "$config" --seeds "$seeds" --population "$members" --jobs 1 --arms pbt \
  --out "$out/hypera_pbt" >"$out/hypera_pbt.log"
echo "== hypera: $(( $(date +%s) - start )) s, load $(cut -d' ' -f1-3 /proc/loadavg)"

for ((round = 1; round <= rounds; round++)); do
  for run_mode in "$mode" independent; do
    rm -f "$out/overhead_${run_mode}_r$round.json"
    ray_run "$run_mode" 0 2 "$out/overhead_${run_mode}_r$round.json"
  done
done

"$python" - "$out" "$seeds" "$members" "$rounds" "$mode" <<'PY'
import csv, json, sys
import numpy as np
out, seeds, members, rounds, mode = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
ray = [json.load(open(f"{out}/ray_{mode}_p{members}_s{s}.json")) for s in range(seeds)]
rows = [row for row in csv.DictReader(open(f"{out}/hypera_pbt/compare.csv")) if row["arm"] == "pbt"]
hypera = [float(row["test_dice"]) for row in rows if row["status"] == "ok"]
r = np.array([x["test"]["dice"] for x in ray])
h = np.array(hypera)
print(f"ray {mode}     test dice {r.mean():.4f} +- {r.std(ddof=1):.4f} over {len(r)} seeds; "
      f"wall per population {np.mean([x['wall_seconds'] for x in ray]):.1f} s; "
      f"exploits per population {np.mean([x['exploits'] for x in ray]):.1f}")
print(f"hypera pbt  test dice {h.mean():.4f} +- {h.std(ddof=1):.4f} over {len(h)} of {len(rows)} seeds; "
      f"wall per population {np.mean([float(row['total_seconds']) for row in rows]):.1f} s (training run)")
rng = np.random.default_rng(0)
diffs = [rng.choice(h, len(h)).mean() - rng.choice(r, len(r)).mean() for _ in range(10000)]
low, high = np.percentile(diffs, [2.5, 97.5])
verdict = ("better" if low > 0 else "worse" if high < 0 else
           "equivalent" if -0.01 < low and high < 0.01 else "inconclusive")
print(f"hypera pbt - ray {mode}: {h.mean() - r.mean():+.4f} [{low:+.4f}, {high:+.4f}] -> hypera's PBT is {verdict}")
for run_mode in (mode, "independent") if rounds else ():
    walls = [json.load(open(f"{out}/overhead_{run_mode}_r{k}.json"))["wall_seconds"] for k in range(1, rounds + 1)]
    listed = ", ".join(f"{w:.1f}" for w in walls)
    print(f"overhead rounds, ray {run_mode}, 2 members: {listed} s (sum {sum(walls):.1f})")
PY
