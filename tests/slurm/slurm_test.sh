#!/usr/bin/env bash
# jobs/slurm/train.sh against a real single-node Slurm started here (local_slurm.sh): `sbatch --wait` of the
# batch script with a tiny config and a check of the run folder it produced.
# Usage: slurm_test.sh HYPERA_DIST SOURCE_DIR [TASKS=1] [POPULATION=1]
#   TASKS: Slurm tasks (= MPI ranks started by mpirun in the batch script).
#   POPULATION: > 1 runs a population of that many members (HYPERA_POPULATION, 2 epochs so that one PBT
#   generation happens) and checks the population's run folder instead.
# KEEP_SLURM_WORK=DIR copies the temporary folder (logs, run folder) to DIR before it is removed.
set -euo pipefail
bin="$(realpath "$1")"; source_dir="$(realpath "$2")"; tasks="${3:-1}"; population="${4:-1}"
source "$source_dir/tests/slurm/local_slurm.sh"

# The job: the tiny quickstart run of tests/app/cli (brain MRI, 1 epoch, a depth-2 U-Net); a population runs
# 2 epochs so that one generation happens (a run's last validation is none).
export HYPERA_BIN="$bin" HYPERA_CONFIG="$source_dir/configs/quickstart.ini" HYPERA_OUT="$work/run"
epochs=1; unset HYPERA_POPULATION
if [ "$population" -gt 1 ]; then export HYPERA_POPULATION="$population"; epochs=2; fi
export HYPERA_ARGS="--data.prepared=$work/mri.h5 --train.epochs=$epochs --model.depth=2 --model.base_channels=4
  --train.patch=32,32 --train.steps_per_epoch=2 --train.batch_size=2 --train.max_validation_samples=1"
timeout 300 sbatch --wait --ntasks="$tasks" --ntasks-per-node="$tasks" --time=00:10:00 \
  --output="$work/job.out" "$source_dir/jobs/slurm/train.sh" >"$work/sbatch.out" ||
  fail "sbatch --wait failed ($(cat "$work/sbatch.out"))"
job=$(awk '/Submitted batch job/ {print $4}' "$work/sbatch.out")
state=$(scontrol show job "$job" | grep -o 'JobState=[A-Z]*' || true)
[ "$state" = "JobState=COMPLETED" ] || fail "job $job ended in $state"
grep -q "train.sh: launcher exited with 0" "$work/job.out" || fail "the launcher did not exit with 0"
if [ "$population" -eq 1 ]; then
  for f in config.ini metrics.csv hparams.csv summary.json checkpoints/best/MANIFEST; do
    [ -s "$work/run/$f" ] || fail "run folder lacks $f"
  done
  echo "slurm test: job $job with $tasks task(s) COMPLETED and wrote $work/run"
else
  for ((m = 0; m < population; m++)); do
    [ -s "$work/run/member_$m/checkpoints/last/MANIFEST" ] || fail "run folder lacks member_$m/checkpoints/last/MANIFEST"
  done
  for f in population.csv summary.json; do
    [ -s "$work/run/$f" ] || fail "run folder lacks $f"
  done
  [[ "$(head -n 1 "$work/run/population.csv")" == generation,epoch,step,member* ]] ||
    fail "population.csv's header is $(head -n 1 "$work/run/population.csv")"
  awk -F, 'NR > 1 && $1 == 1 { found = 1 } END { exit !found }' "$work/run/population.csv" ||
    fail "population.csv has no row of generation 1: $(cat "$work/run/population.csv")"
  section=$(grep -o '"population": {[^}]*}' "$work/run/summary.json" || true)
  [ -n "$section" ] || fail "summary.json lacks the \"population\" section"
  grep -q "\"size\": $population[,}]" <<<"$section" || fail "summary.json's population is not of size $population: $section"
  echo "slurm test: job $job with $tasks task(s), a population of $population, COMPLETED and wrote $work/run"
fi
