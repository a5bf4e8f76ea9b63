#!/usr/bin/env bash
# jobs/slurm/train.sh against a real single-node Slurm started here: munged, slurmctld and slurmd with a
# generated key and configuration in a temporary folder (nothing under /etc is read or written), then
# `sbatch --wait` of the batch script with a tiny config, a check of the run folder it produced, and the
# daemons stopped again whatever happens (trap). Needs root and Debian's slurmctld, slurmd, slurm-client
# and munge packages; installs nothing.
# Usage: slurm_test.sh HYPERA_DIST SOURCE_DIR [TASKS=1] [POPULATION=1]
#   TASKS: Slurm tasks (= MPI ranks started by mpirun in the batch script).
#   POPULATION: > 1 runs a population of that many members (HYPERA_POPULATION, 2 epochs so that one PBT
#   generation happens) and checks the population's run folder instead.
# KEEP_SLURM_WORK=DIR copies the temporary folder (logs, run folder) to DIR before it is removed.
set -euo pipefail
bin="$(realpath "$1")"; source_dir="$(realpath "$2")"; tasks="${3:-1}"; population="${4:-1}"
fail() { echo "FAIL: $*"; exit 1; }
[ "$(id -u)" -eq 0 ] || fail "needs root (slurmd runs jobs as root here)"
for tool in munged slurmctld slurmd sbatch scontrol; do
  command -v "$tool" >/dev/null || fail "$tool is not installed (apt-get install slurmctld slurmd slurm-client munge)"
done
start=$SECONDS
work=$(mktemp -d /tmp/hypera_slurm.XXXXXX)
chmod 755 "$work"

stop_daemon() {  # pid file; waits at most 10 s for the process to end
  [ -s "$1" ] || return 0
  local pid; pid=$(cat "$1")
  kill "$pid" 2>/dev/null || return 0
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
}
cleanup() {
  local status=$?
  stop_daemon "$work/slurmd.pid"; stop_daemon "$work/slurmctld.pid"; stop_daemon "$work/munged.pid"
  if [ "$status" -ne 0 ]; then
    for log in slurmctld.log slurmd.log job.out; do
      [ -f "$work/$log" ] && { echo "--- $log (last 20 lines)"; tail -n 20 "$work/$log"; }
    done
  fi
  [ -n "${KEEP_SLURM_WORK:-}" ] && cp -r "$work" "$KEEP_SLURM_WORK"
  rm -rf "$work"
  echo "slurm test: $((SECONDS - start)) s in all"
  exit "$status"
}
trap cleanup EXIT

# munge: a fresh key, its own socket.
mkdir -p "$work/munge"; chmod 700 "$work/munge"
dd if=/dev/urandom of="$work/munge/munge.key" bs=1024 count=1 status=none
chmod 400 "$work/munge/munge.key"
munged --force --key-file="$work/munge/munge.key" --socket="$work/munge/munge.socket" \
  --pid-file="$work/munged.pid" --log-file="$work/munged.log" --seed-file="$work/munge/munged.seed"

# Slurm: one node (this host), state, spool, pid and log files in the temporary folder, ports of our own.
node=$(hostname -s)
port=$((20000 + RANDOM % 20000))
mkdir -p "$work/state" "$work/spool"
cat >"$work/slurm.conf" <<CONF
ClusterName=hypera-test
SlurmctldHost=$node
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=root
AuthType=auth/munge
AuthInfo=socket=$work/munge/munge.socket
CredType=cred/munge
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
ReturnToService=2
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
NodeName=$node CPUs=$(nproc) State=UNKNOWN
PartitionName=test Nodes=$node Default=YES MaxTime=INFINITE State=UP OverSubscribe=YES
CONF
export SLURM_CONF="$work/slurm.conf"
slurmctld -i
slurmd

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
