#!/usr/bin/env bash
# The time-limit contract on a real Slurm (local_slurm.sh): jobs/slurm/train.sh, submitted with --signal=B:USR1
# and --requeue, gets its warning while it trains (sent by `scancel --batch --signal=USR1` once the run has
# written its first epoch's checkpoint: the same signal to the same batch shell as Slurm's warning before the
# limit, but at a known moment; Slurm's own limit check runs every 30 s and may signal up to a minute early,
# which makes a one-minute limit take anywhere from 2 to 10 allocations). The trainer is paused until the batch
# shell has taken the warning, so a slow delivery cannot let the run end first. The script creates the stop file,
# the trainer stops inside epoch 2 with exit 75, the script requeues the job, and the second allocation
# resumes (--resume auto) and finishes: the job ends COMPLETED after exactly two allocations, and its final
# model is bitwise that of the same run without Slurm and without a stop.
# Usage: slurm_requeue_test.sh HYPERA_DIST SOURCE_DIR
# KEEP_SLURM_WORK=DIR copies the temporary folder (logs, run folder) to DIR before it is removed.
set -euo pipefail
bin="$(realpath "$1")"; source_dir="$(realpath "$2")"
source "$source_dir/tests/slurm/local_slurm.sh"

# The tiny quickstart run of tests/app/cli with epochs of 30 steps (about 2 s each alone on one core here).
args=(--data.prepared="$work/mri.h5" --train.epochs=4 --model.depth=2 --model.base_channels=4 --train.patch=32,32
      --train.steps_per_epoch=30 --train.batch_size=2 --train.max_validation_samples=1 --model.dropout=0.2)
export HYPERA_BIN="$bin" HYPERA_CONFIG="$source_dir/configs/quickstart.ini" HYPERA_OUT="$work/run"
export HYPERA_ARGS="${args[*]}"
unset HYPERA_POPULATION
sbatch --ntasks=1 --time=10 --signal=B:USR1@30 --requeue --output="$work/job.out" \
  "$source_dir/jobs/slurm/train.sh" >"$work/sbatch.out" || fail "sbatch failed ($(cat "$work/sbatch.out"))"
job=$(awk '/Submitted batch job/ {print $4}' "$work/sbatch.out")
state() { scontrol show job "$job" | grep -o 'JobState=[A-Z]*' | cut -d= -f2; }
source "$source_dir/tests/common/wait_until.sh"
epoch_checkpoint() { [ -s "$work/run/checkpoints/last/MANIFEST" ]; }
wait_until 180 epoch_checkpoint || fail "no epoch checkpoint within 180 s (job $(state)): $(tail -n 5 "$work/job.out")"
# The trainer is paused (SIGSTOP) until the batch shell has taken the warning: however long Slurm takes to deliver
# it, the run cannot end first (a run that finished before the warning came ended with exit 0 and was requeued).
trainer_pids() {
  for pid in $(pgrep -x hypera_dist); do
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "--out $work/run " && echo "$pid"
  done
}
trainer=$(trainer_pids)
[ -n "$trainer" ] || fail "no hypera_dist process of job $job found after its first checkpoint"
kill -STOP $trainer
warned() { grep -q "^train.sh: time limit warning" "$work/job.out"; }
scancel --batch --signal=USR1 "$job"
wait_until 60 warned || { kill -CONT $trainer; fail "the batch shell did not report the warning within 60 s"; }
kill -CONT $trainer
finished() { case "$(state)" in COMPLETED | FAILED | CANCELLED | TIMEOUT | NODE_FAIL | OUT_OF_MEMORY) return 0 ;; *) return 1 ;; esac; }
wait_until 300 finished || fail "job $job did not finish within 300 s of the warning (state $(state))"
[ "$(state)" = COMPLETED ] || fail "job $job ended in $(state)"
allocations=$(grep -c "^train.sh: job $job restart" "$work/job.out" || true)
[ "$allocations" -eq 2 ] || fail "the job ran in $allocations allocation(s), wanted 2: $(grep -a '^train.sh' "$work/job.out")"
grep -q "launcher exited with 75 after the warning" "$work/job.out" || fail "the first allocation did not end with exit 75"
grep -q "stop requested: checkpoint written at epoch" "$work/job.out" || fail "the trainer did not report its stop"
grep -q "train.sh: launcher exited with 0" "$work/job.out" || fail "the second allocation did not finish the run"
[ -s "$work/run/summary.json" ] || fail "the run folder lacks summary.json"

# The same run, uninterrupted and without Slurm: the same final model, bit for bit.
OMP_NUM_THREADS=1 "$bin" train --config "$HYPERA_CONFIG" "${args[@]}" --out "$work/straight" >"$work/straight.log" 2>&1 ||
  fail "the uninterrupted run failed: $(tail -n 3 "$work/straight.log")"
cmp -s "$work/run/checkpoints/last/model.pt" "$work/straight/checkpoints/last/model.pt" ||
  fail "the requeued run's final model differs from the uninterrupted run's"
echo "slurm requeue test: job $job COMPLETED in 2 allocations with the uninterrupted run's final model:"
grep -aoE "^train.sh: (job [0-9]+ restart [0-9]+|launcher exited.*|time limit warning.*)|stop requested: [^;]*|resumed from .*" "$work/job.out"
