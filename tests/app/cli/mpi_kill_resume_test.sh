#!/usr/bin/env bash
# One rank of a running `mpiexec -n 2` training on the real brain MRI is killed with SIGKILL (as the
# out-of-memory killer or a lost node would): mpiexec must end the whole job within a bounded time with a
# non-zero status, leaving no rank behind and a complete last checkpoint; the same command with
# --resume auto then continues from it (model, optimizer and the agents' agents.h5) and finishes the run with
# identical replicas of the model and the agents. With POPULATION 2 the two ranks are two population members
# (--population.size=2) and the killed rank is all of member 1: the job ends the same way, and the population
# resumes (from the newest epoch both members hold) and finishes.
# Usage: mpi_kill_resume_test.sh HYPERA_DIST SOURCE_DIR MPIEXEC [POPULATION=1]
set -euo pipefail
bin="$1"; source_dir="$2"; mpiexec="$3"; population="${4:-1}"
work=$(mktemp -d)
launched=()  # processes to kill when the test stops early
trap 'kill -9 "${launched[@]}" 2>/dev/null || true; rm -rf "$work"' EXIT
source "$source_dir/tests/app/cli/checks.sh"
epochs=6  # the run is still going when its first checkpoint appears
tiny+=(--agents.enabled=learning_rate,augmentation --agents.warmup=2 --agents.sac_batch=4)
job=(-n 2 "$bin" train --config "$source_dir/configs/quickstart.ini" --data.prepared="$work/data/mri.h5"
     --out "$work/run" "${tiny[@]}" --train.epochs=$epochs --population.size="$population")
member="$work/run"  # the run folder of (the first) member
member_folders=("$member")
if [ "$population" -gt 1 ]; then
  member="$work/run/member_0"
  member_folders=()
  for ((m = 0; m < population; m++)); do member_folders+=("$work/run/member_$m"); done
fi
mkdir "$work/data"

running() { local state; state=$(ps -o stat= -p "$1") && [[ $state != Z* ]]; }  # a zombie has ended
ended() { ! running "$1"; }
milliseconds() { echo $(($(date +%s%N) / 1000000)); }
source "$source_dir/tests/common/wait_until.sh"
# The pid of mpiexec's child that is MPI rank $1.
rank_pid() {
  local pid
  for pid in $(ps --ppid "$launcher" -o pid=); do
    if tr '\0' '\n' <"/proc/$pid/environ" 2>/dev/null | grep -qx "OMPI_COMM_WORLD_RANK=$1"; then
      echo "$pid"; return 0
    fi
  done
  return 1
}
# Every member has saved (a kill before one member's first save makes the population start again: checked below).
checkpointed() {
  local folder
  for folder in "${member_folders[@]}"; do [ -e "$folder/checkpoints/last/MANIFEST" ] || return 1; done
}
checkpointed_or_ended() { checkpointed || ended "$launcher"; }

"$mpiexec" "${job[@]}" >"$work/log1" 2>"$work/err1" &
launcher=$!; launched+=("$launcher")
wait_until 120 checkpointed_or_ended || abort "no checkpoint within 120 s"
running "$launcher" || { cat "$work/err1"; abort "the run ended before a rank could be killed"; }
rank0=$(rank_pid 0) && rank1=$(rank_pid 1) || abort "mpiexec's children are not ranks 0 and 1: $(ps --ppid "$launcher")"
launched+=("$rank0" "$rank1")
kill -9 "$rank1"
killed_at=$(milliseconds)
wait_until 60 ended "$launcher" ||
  abort "mpiexec still runs 60 s after rank 1 was killed: $(ps -o pid,stat,args -p "$launcher,$rank0")"
seconds=$(awk -v ms=$(($(milliseconds) - killed_at)) 'BEGIN { printf "%.2f", ms / 1000 }')
set +e
wait "$launcher"
code=$?
set -e
[ "$code" -ne 0 ] || abort "mpiexec exited 0 although a rank was killed"
# mpiexec may return as soon as it has sent rank 0 SIGKILL; the kernel's teardown of the process can take a moment
# longer (15 ms seen for a sanitizer build's shadow memory): rank 0 must be gone within 5 s, not at this instant.
wait_until 5 ended "$rank0" || abort "rank 0 (pid $rank0) outlived mpiexec by more than 5 s"
launched=()
pass "mpiexec exited $code ${seconds} s after rank 1 was killed, rank 0 with it"
# A rank-0 save interrupted between its two renames leaves the complete previous one (checkpoint_store.h).
[ -s "$member/checkpoints/last/MANIFEST" ] || [ -s "$member/checkpoints/last.previous/MANIFEST" ] ||
  abort "no complete last checkpoint after the kill: $(ls -R "$member/checkpoints")"

"$mpiexec" "${job[@]}" --resume auto --verify-replicas >"$work/log2" 2>"$work/err2" ||
  { cat "$work/err2"; abort "the resumed run failed"; }
[ "$(grep -c "resumed from" "$work/log2")" -eq 1 ] || abort "the second run did not resume (once)"
[ "$(wc -l <"$member/metrics.csv")" -eq $((epochs + 1)) ] || abort "metrics.csv should hold $epochs epochs"
grep -q '"verify_replicas": {"identical": 1, "listeners_max_abs_difference": 0, "max_abs_difference": 0}' \
  "$member/summary.json" ||
  abort "summary.json does not say the replicas are identical: $(grep verify "$member/summary.json")"
if [ "$population" -gt 1 ]; then
  grep -q "\"population\": {.*\"size\": $population" "$work/run/summary.json" ||
    abort "the population's summary.json is missing or wrong: $(cat "$work/run/summary.json")"
fi
pass "resumed after the kill and finished $epochs epochs with identical replicas"

if [ "$population" -gt 1 ]; then
  # A kill can also land before member 1's first save while member 0 has saved: then no position is common and
  # the whole population starts again (before, resume stopped, calling the run folder unshared).
  rm -rf "$work/run/member_1/checkpoints"
  "$mpiexec" "${job[@]}" --resume auto >"$work/log3" 2>"$work/err3" ||
    { cat "$work/err3"; abort "the resume with one member's checkpoints gone failed"; }
  grep -q "every member starts from the beginning" "$work/log3" ||
    abort "the resume did not say that the population starts again: $(grep -i resum "$work/log3")"
  ! grep -q "resumed from" "$work/log3" || abort "a member resumed although member 1 holds no checkpoint"
  [ -s "$work/run/member_1/checkpoints/last/MANIFEST" ] || abort "member 1 trained no epoch after the new start"
  pass "a population whose member 1 holds no checkpoint starts again and finishes"
fi
finish
