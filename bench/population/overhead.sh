#!/usr/bin/env bash
# Issue 16's cost figures of population mode, on 2 cores:
#  1. overhead: a PBT population of 2 members (mpiexec -n 2, configs/compare_mri.ini, 150 steps, a generation
#     after every validation) against the same 2 members as independent runs started together (train.seed 0 and
#     1, the members' seeds), wall time, ROUNDS alternating rounds; overhead = population / independent - 1;
#  2. the cost of one exploit (bytes moved, milliseconds) and of the generation barrier, from the members'
#     summary.json, for the MRI model and for the model of configs/bbbc039.ini (2 members, tiny steps).
# Prints the machine, each round and the summary. Usage (repository root):
#   bench/population/overhead.sh BUILD_DIR OUT_DIR [ROUNDS=3]
set -euo pipefail
usage="usage: overhead.sh BUILD_DIR OUT_DIR [ROUNDS]"
build="${1:?$usage}"; out="${2:?$usage}"; rounds="${3:-3}"
bin="$build/src/app/hypera_dist"
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
[ "$(id -u)" -ne 0 ] || export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
bash "$(dirname "${BASH_SOURCE[0]}")/../machine.sh"
mkdir -p "$out"
mri=(--config configs/compare_mri.ini --train.evaluate_test=false)
now() { date +%s.%N; }
population_total=0; independent_total=0
for round in $(seq 1 "$rounds"); do
  rm -rf "$out/population_$round" "$out/independent_$round"
  start=$(now)
  mpiexec -n 2 "$bin" train "${mri[@]}" --population.size=2 --out "$out/population_$round" >"$out/population_$round.log"
  population=$(echo "$(now) - $start" | bc)
  start=$(now)
  "$bin" train "${mri[@]}" --train.seed=0 --out "$out/independent_$round/seed_0" >"$out/independent_$round.0.log" &
  first=$!
  "$bin" train "${mri[@]}" --train.seed=1 --out "$out/independent_$round/seed_1" >"$out/independent_$round.1.log"
  wait "$first"
  independent=$(echo "$(now) - $start" | bc)
  echo "round $round: population of 2 $(printf %.1f "$population") s, 2 independent runs $(printf %.1f "$independent") s," \
       "overhead $(echo "scale=4; 100 * ($population / $independent - 1)" | bc) %"
  population_total=$(echo "$population_total + $population" | bc)
  independent_total=$(echo "$independent_total + $independent" | bc)
done
echo "all rounds: overhead $(echo "scale=4; 100 * ($population_total / $independent_total - 1)" | bc) %" \
     "($(printf %.1f "$population_total") s against $(printf %.1f "$independent_total") s)"

# summary.json's population section of member M of RUN: generations, exploits, bytes, seconds.
costs() {
  python3 - "$1" <<'PY'
import json, sys
run = sys.argv[1]
for m in (0, 1):
    p = json.load(open(f"{run}/member_{m}/summary.json"))["population"]
    per = p["exploit_bytes"] / max(p["exploits"], 1)
    print(f"  member {m}: {p['generations']:.0f} generations, {p['exploits']:.0f} exploits, "
          f"{per / 1e6:.3f} MB per exploit, exploit broadcasts {1e3 * p['exploit_seconds'] / max(p['generations'], 1):.2f} ms"
          f" per generation, barrier {1e3 * p['barrier_seconds'] / max(p['generations'], 1):.2f} ms per generation")
PY
}
echo "exploit and barrier, MRI model (configs/compare_mri.ini), last round:"
costs "$out/population_$rounds"
rm -rf "$out/bbbc039"
mpiexec -n 2 "$bin" train --config configs/bbbc039.ini --population.size=2 --train.epochs=4 --train.steps_per_epoch=1 \
  --train.max_validation_samples=2 --train.evaluate_test=false --out "$out/bbbc039" >"$out/bbbc039.log"
echo "exploit and barrier, BBBC039 model (configs/bbbc039.ini), 3 generations:"
costs "$out/bbbc039"
