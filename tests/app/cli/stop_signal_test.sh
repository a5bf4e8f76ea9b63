#!/usr/bin/env bash
# The time-limit contract through the real binary on the real brain MRI: SIGUSR1 during training makes every
# rank finish its step, write a checkpoint and exit 75 (one rank, and two under mpiexec, which forwards the
# signal), and so does the stop file (HYPERA_STOP_FILE). Each run is stopped twice: when epoch 1's validation line appears (it stops at that epoch's end or
# just after), and when the resumed run says it resumed (it stops inside epoch 2); `--resume auto` then finishes the run
# with bitwise the model of an uninterrupted run (dropout on, so the random generators must continue too).
# A checkpoint written inside an epoch by 2 ranks is skipped, with a message, by a resume on 1 rank (which
# continues from the epoch end before it). Prints the time from each signal to the exit.
# Usage: stop_signal_test.sh HYPERA_DIST SOURCE_DIR MPIEXEC
set -euo pipefail
bin="$1"; source_dir="$2"; mpiexec="$3"
work=$(mktemp -d)
launched=()
trap 'kill -9 "${launched[@]}" 2>/dev/null || true; rm -rf "$work"' EXIT
source "$source_dir/tests/app/cli/checks.sh"
# 3 epochs of 30 steps: a signal sent when a resumed run starts finds it early in epoch 2.
tiny=("${tiny[@]/--train.steps_per_epoch=2/--train.steps_per_epoch=30}")
options=(--config "$source_dir/configs/quickstart.ini" --data.prepared="$work/mri.h5" "${tiny[@]}" --train.epochs=3
         --model.dropout=0.2 --train.evaluate_test=false)
milliseconds() { echo $(($(date +%s%N) / 1000000)); }

# stopped NAME PATTERN LAUNCH...: starts LAUNCH (a training command), reads its output until a line matches
# PATTERN, sends SIGUSR1 to it, and waits for it; sets `code` and `stop_ms` (signal to exit); output in
# $work/NAME.log.
stopped() {
  local name="$1" pattern="$2"; shift 2
  local pipe="$work/$name.pipe" line
  mkfifo "$pipe"
  "$@" >"$pipe" 2>"$work/$name.err" &
  local pid=$!; launched+=("$pid")
  exec 3<"$pipe"
  while IFS= read -r line <&3; do
    echo "$line" >>"$work/$name.log"
    [[ $line == *$pattern* ]] && break
  done
  local signalled; signalled=$(milliseconds)
  kill -USR1 "$pid"
  cat <&3 >>"$work/$name.log"  # until the process closes its output
  exec 3<&-
  set +e; wait "$pid"; code=$?; set -e
  stop_ms=$(($(milliseconds) - signalled))
}

# identical NAME A B: the final models of runs A and B are the same bytes.
identical() {
  if cmp -s "$work/$2/checkpoints/last/model.pt" "$work/$3/checkpoints/last/model.pt"; then
    pass "$1: the final model equals the uninterrupted run's, bitwise"
  else
    fail "$1: the final model differs from the uninterrupted run's"
  fi
}

# expect_stop NAME RUN WHERE: exit 75, the stop line printed once and saying WHERE ("its end", "batch", or ""
# for either), a complete checkpoint ("stopped" inside an epoch, "last" at its end) and no summary.json.
expect_stop() {
  if [ "$code" -eq 75 ] && [ "$(grep -c "stop requested: checkpoint written" "$work/$1.log")" -eq 1 ] &&
     grep -q "stop requested: checkpoint written at epoch [0-9]*, $3" "$work/$1.log" &&
     { [ -s "$work/$2/checkpoints/stopped/MANIFEST" ] || [ -s "$work/$2/checkpoints/last/MANIFEST" ]; } &&
     [ ! -e "$work/$2/summary.json" ]; then
    pass "$1: exit 75 ($stop_ms ms after the request), $(grep -o "checkpoint written at [^;]*" "$work/$1.log")"
  else
    fail "$1: exit $code, wanted 75 with one stop line at '$3', a checkpoint and no summary.json"
    cat "$work/$1.log" "$work/$1.err"
  fi
}

# stopped_twice NAME RUN LAUNCH...: stops LAUNCH after epoch 1's validation, then its resume inside epoch 2.
stopped_twice() {
  local name="$1" run="$2"; shift 2
  stopped "$name-epoch-end" "epoch 1 validation" "$@" --out "$work/$run"
  expect_stop "$name-epoch-end" "$run" ""  # the epoch's end or, when the signal comes after its check, epoch 2
  stopped "$name-inside" "resumed from" "$@" --out "$work/$run" --resume auto
  expect_stop "$name-inside" "$run" "batch"
}

# One rank.
"$bin" train "${options[@]}" --out "$work/straight1" >"$work/straight1.log" 2>&1 ||
  { cat "$work/straight1.log"; abort "the uninterrupted 1-rank run failed"; }
stopped_twice one_rank run1 "$bin" train "${options[@]}"
"$bin" train "${options[@]}" --out "$work/run1" --resume auto >"$work/resume1.log" 2>&1 ||
  { cat "$work/resume1.log"; abort "the 1-rank resume failed"; }
identical "1 rank" straight1 run1

# Two ranks under mpiexec.
"$mpiexec" -n 2 "$bin" train "${options[@]}" --out "$work/straight2" >"$work/straight2.log" 2>&1 ||
  { cat "$work/straight2.log"; abort "the uninterrupted 2-rank run failed"; }
stopped_twice two_ranks run2 "$mpiexec" -n 2 "$bin" train "${options[@]}"
cp -r "$work/run2" "$work/run2_on_one"
"$mpiexec" -n 2 "$bin" train "${options[@]}" --out "$work/run2" --resume auto >"$work/resume2.log" 2>&1 ||
  { cat "$work/resume2.log"; abort "the 2-rank resume failed"; }
identical "2 ranks" straight2 run2

# The stop file (HYPERA_STOP_FILE, jobs/slurm/train.sh's channel) stops a run like the signal: here it exists
# from the start, so the run stops after its first step.
touch "$work/stop_now"
set +e
HYPERA_STOP_FILE="$work/stop_now" "$bin" train "${options[@]}" --out "$work/by_file" >"$work/by_file.log" 2>&1
code=$?
set -e
stop_ms="?"
expect_stop by_file by_file "batch 1"

# The 2 ranks' checkpoint inside an epoch, resumed on 1 rank: skipped for the epoch end before it.
"$bin" train "${options[@]}" --out "$work/run2_on_one" --resume auto >"$work/resume_one.log" 2>&1 ||
  { cat "$work/resume_one.log"; abort "the 1-rank resume of the 2-rank run failed"; }
if grep -q "stopped inside an epoch on 2 ranks" "$work/resume_one.log" &&
   grep -q "resumed from .* at epoch 2$" "$work/resume_one.log"; then
  pass "a checkpoint inside an epoch of 2 ranks is skipped by 1 rank, which resumes at epoch 2's start"
else
  fail "1 rank resumed the 2 ranks' checkpoint inside an epoch:"; cat "$work/resume_one.log"
fi
finish
