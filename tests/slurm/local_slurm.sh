# A real single-node Slurm for the tests of this folder, sourced after `bin` and `source_dir` are set: munged,
# slurmctld and slurmd with a generated key and configuration in a temporary folder `work` (nothing under /etc
# is read or written), SLURM_CONF exported, and the daemons stopped again whatever happens (an EXIT trap that
# prints the daemons' and the job's last log lines on failure and the test's seconds). Defines fail MESSAGE.
# Needs root and Debian's slurmctld, slurmd, slurm-client and munge packages; installs nothing.
# KEEP_SLURM_WORK=DIR copies the temporary folder (logs, run folder) to DIR before it is removed.
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
AuthInfo=socket=$work/munge/munge.socket,cred_expire=10
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

