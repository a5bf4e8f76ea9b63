#!/usr/bin/env bash
# HYPERA training as a Slurm batch job that survives its time limit:  sbatch jobs/slurm/train.sh
#
#SBATCH --job-name=hypera
#SBATCH --nodes=1
#SBATCH --ntasks-per-node=2
#SBATCH --cpus-per-task=1
## GPU clusters: one GPU per rank (remove one '#').
##SBATCH --gpus-per-task=1
#SBATCH --time=01:00:00
#SBATCH --signal=B:USR1@120
#SBATCH --requeue
#SBATCH --open-mode=append
#SBATCH --output=hypera-%j.out
#
# What it runs: $HYPERA_BIN train --config $HYPERA_CONFIG --out $HYPERA_OUT --resume auto $HYPERA_ARGS,
# one rank per Slurm task, started by `mpirun` inside the allocation (HYPERA_LAUNCHER=mpirun, default)
# or by `srun --mpi=pmix` (HYPERA_LAUNCHER=srun). Environment variables and their defaults:
#   HYPERA_BIN       $SLURM_SUBMIT_DIR/build/src/app/hypera_dist
#   HYPERA_CONFIG    $SLURM_SUBMIT_DIR/configs/quickstart.ini
#   HYPERA_OUT       $SLURM_SUBMIT_DIR/runs/$SLURM_JOB_NAME-$SLURM_JOB_ID (the job id survives a requeue,
#                    so the requeued run finds its own checkpoints)
#   HYPERA_ARGS      extra options, split on whitespace (e.g. "--train.epochs=3")
#   HYPERA_POPULATION  1 (no population); P > 1 adds --population.size=P: population-based training with P
#                    members, each of SLURM_NTASKS / P ranks (SLURM_NTASKS must be a multiple of P). HYPERA_OUT
#                    then holds member_0/, member_1/, ... (each an ordinary run folder with checkpoints/),
#                    population.csv, lineage.png, population_metric.png, summary.json (the winner's, with a
#                    "population" section) and winner_schedule.csv; --resume auto continues every member
#
#   HYPERA_STOP_FILE $HYPERA_OUT/stop_requested: the file this script creates at the warning (below)
#
# Time limit contract: Slurm sends SIGUSR1 to this script 120 s before the limit (--signal=B:USR1@120).
# The script creates HYPERA_STOP_FILE, which every rank looks for about once a second. (It does not forward
# the signal: a rank still loading its libraries has no handler yet, and SIGUSR1 would kill it.) The
# trainer's side of the contract: every rank finishes the current step (the ranks agree on which), writes a
# checkpoint, and exits with code 75 (EX_TEMPFAIL); SIGUSR1 or SIGTERM sent to the ranks themselves do the
# same. Once the launcher has exited after a warning, the script requeues the job (scontrol requeue); the
# next allocation removes the file and starts with --resume auto from that checkpoint, inside the epoch
# where it stopped. Without a warning the job ends with the launcher's exit code.
set -uo pipefail

submit_dir="${SLURM_SUBMIT_DIR:-$PWD}"
bin="${HYPERA_BIN:-$submit_dir/build/src/app/hypera_dist}"
config="${HYPERA_CONFIG:-$submit_dir/configs/quickstart.ini}"
out="${HYPERA_OUT:-$submit_dir/runs/${SLURM_JOB_NAME:-hypera}-${SLURM_JOB_ID:-local}}"
launcher="${HYPERA_LAUNCHER:-mpirun}"
export HYPERA_STOP_FILE="${HYPERA_STOP_FILE:-$out/stop_requested}"
population="${HYPERA_POPULATION:-1}"
read -r -d '' -a extra <<<"${HYPERA_ARGS:-}"  # every line (-d ''; read then returns 1)
readonly requeue_exit_code=75

if [ "$(id -u)" -eq 0 ]; then  # Open MPI refuses root unless told
  export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
fi
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-${SLURM_CPUS_PER_TASK:-1}}"
export OPENBLAS_NUM_THREADS=1

case "$launcher" in
  mpirun) launch=(mpirun -n "${SLURM_NTASKS:-1}" -x OMP_NUM_THREADS -x OPENBLAS_NUM_THREADS -x HYPERA_STOP_FILE) ;;
  srun) launch=(srun --mpi=pmix --kill-on-bad-exit=1) ;;
  *) echo "train.sh: HYPERA_LAUNCHER='$launcher' is not mpirun or srun" >&2; exit 2 ;;
esac
if [[ ! "$population" =~ ^[0-9]+$ ]] || [ "$((10#$population))" -lt 1 ]; then
  echo "train.sh: HYPERA_POPULATION='$population' is not an integer >= 1" >&2; exit 2
fi
population=$((10#$population))
[ "$population" -eq 1 ] || extra+=("--population.size=$population")

mkdir -p "$out" "$(dirname "$HYPERA_STOP_FILE")"
rm -f "$HYPERA_STOP_FILE"  # the previous allocation's warning
warned=0
ask_to_stop() {
  warned=1
  echo "train.sh: time limit warning (SIGUSR1) at $(date -u +%T), asking the trainer to stop ($HYPERA_STOP_FILE)"
  touch "$HYPERA_STOP_FILE"
}
trap ask_to_stop USR1

echo "train.sh: job ${SLURM_JOB_ID:-none} restart ${SLURM_RESTART_COUNT:-0}: ${launch[*]} $bin train" \
     "--config $config --out $out --resume auto ${extra[*]}"
"${launch[@]}" "$bin" train --config "$config" --out "$out" --resume auto "${extra[@]}" &
trainer=$!
# A trapped signal interrupts `wait`; keep waiting until the launcher has really exited.
while true; do
  wait "$trainer"
  status=$?
  kill -0 "$trainer" 2>/dev/null || break
done

rm -f "$HYPERA_STOP_FILE"
if [ "$warned" -eq 1 ]; then
  echo "train.sh: launcher exited with $status after the warning (trainer contract: $requeue_exit_code); requeueing"
  scontrol requeue "$SLURM_JOB_ID"
  exit 0
fi
echo "train.sh: launcher exited with $status"
exit "$status"
