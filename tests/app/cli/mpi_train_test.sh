#!/usr/bin/env bash
# Data-parallel training through the real binary under `mpiexec -n 2` on the real brain MRI: rank 0 alone
# prepares the data and writes the one run folder, every rank ends with bitwise the same model
# (--verify-replicas), a 2-rank resume continues the run; agents resume on another number of ranks; the
# collectives of a run with agents match on every rank (HYPERA_CHECK_COLLECTIVES=1); and a launcher that announces another task count
# than the MPI world has (SLURM_NTASKS=3 under -n 2) stops with exit 2 and one error line.
# Usage: mpi_train_test.sh HYPERA_DIST SOURCE_DIR MPIEXEC
set -euo pipefail
bin="$1"; source_dir="$2"; mpiexec="$3"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
source "$source_dir/tests/app/cli/checks.sh"
train2() {
  "$mpiexec" -n 2 "$bin" train --config "$source_dir/configs/quickstart.ini" --data.prepared="$work/data/mri.h5" \
    "${tiny[@]}" "$@"
}
mkdir "$work/data" "$work/out"

train2 --out "$work/out/run" --train.epochs=1 --verify-replicas >"$work/log1" 2>"$work/err1" ||
  { cat "$work/err1"; abort "2-rank training failed"; }
summary="$work/out/run/summary.json"
grep -q '"verify_replicas": {"identical": 1, "listeners_max_abs_difference": 0, "max_abs_difference": 0}' "$summary" ||
  abort "summary.json does not say the replicas are identical: $(grep verify "$summary")"
grep -q '"test"' "$summary" || abort "summary.json has no test section"
[ "$(ls "$work/out")" = run ] || abort "more than one run folder: $(ls "$work/out")"
[ "$(ls "$work/data" | xargs)" = "mri.h5 mri.h5.crc32c" ] ||
  abort "the data folder holds more than the prepared file and its checksum: $(ls "$work/data")"
for f in config.ini metrics.csv hparams.csv loss_curve.png checkpoints/best/MANIFEST checkpoints/last/MANIFEST; do
  [ -s "$work/out/run/$f" ] || abort "run folder lacks $f"
done
[ "$(ls "$work/out/run" | grep -c tfevents)" -eq 1 ] || abort "expected one TensorBoard file"
# Only rank 0 prints: one validation line, one test line, one closing line.
[ "$(grep -c "epoch 1 validation" "$work/log1")" -eq 1 ] || abort "validation printed by more than one rank"
[ "$(grep -c "^run written to" "$work/log1")" -eq 1 ] || abort "closing line printed by more than one rank"
[ "$(wc -l <"$work/out/run/metrics.csv")" -eq 2 ] || abort "metrics.csv should hold 1 epoch"

train2 --out "$work/out/run" --train.epochs=2 --resume auto --verify-replicas >"$work/log2" 2>"$work/err2" ||
  { cat "$work/err2"; abort "2-rank resume failed"; }
[ "$(grep -c "resumed from" "$work/log2")" -eq 1 ] || abort "resume did not resume (once)"
[ "$(wc -l <"$work/out/run/metrics.csv")" -eq 3 ] || abort "metrics.csv should hold 2 epochs"
grep -q '"identical": 1' "$summary" || abort "replicas differ after resume"

# Agents on every rank are replicas: identical agents at the end (--verify-replicas), their state and replay
# in the checkpoint (agents.h5, covered by the MANIFEST), and resumes on another number of ranks (2 -> 1 -> 2)
# re-partition the replay.
agents=(--agents.enabled=learning_rate,augmentation --agents.warmup=1 --agents.sac_batch=2 --agents.lr_every=1)
# This run also checks every collective call (HYPERA_CHECK_COLLECTIVES): none may differ between the ranks.
HYPERA_CHECK_COLLECTIVES=1 train2 --out "$work/out/agents" --train.epochs=1 "${agents[@]}" --verify-replicas \
  >"$work/log4" 2>"$work/err4" || { cat "$work/err4"; abort "2-rank training with agents failed"; }
grep -Eq "^collective checks: [1-9][0-9]* calls, the same on every rank" "$work/log4" ||
  abort "the checked run did not report its checked collectives: $(grep -i collective "$work/log4")"
summary="$work/out/agents/summary.json"
grep -q '"verify_replicas": {"identical": 1, "listeners_max_abs_difference": 0' "$summary" ||
  abort "the ranks' agents differ: $(grep verify "$summary")"
grep -q '"exchange_seconds"' "$summary" || abort "summary.json does not time the experience exchange"
grep -q '^agents.h5 ' "$work/out/agents/checkpoints/last/MANIFEST" || abort "the checkpoint's MANIFEST lacks agents.h5"
"$bin" train --config "$source_dir/configs/quickstart.ini" --data.prepared="$work/data/mri.h5" "${tiny[@]}" \
  --out "$work/out/agents" --train.epochs=2 "${agents[@]}" --resume auto >"$work/log5" 2>"$work/err5" ||
  { cat "$work/err5"; abort "1-rank resume of a 2-rank run with agents failed"; }
grep -q "resumed from" "$work/log5" || abort "the 1-rank run did not resume"
train2 --out "$work/out/agents" --train.epochs=3 "${agents[@]}" --resume auto --verify-replicas \
  >"$work/log6" 2>"$work/err6" || { cat "$work/err6"; abort "2-rank resume of a 1-rank run with agents failed"; }
grep -q "resumed from" "$work/log6" || abort "the 2-rank run did not resume"
grep -q '"identical": 1' "$summary" || abort "agents differ after a resume on another number of ranks"
[ "$(wc -l <"$work/out/agents/metrics.csv")" -eq 4 ] || abort "metrics.csv should hold 3 epochs"

set +e
SLURM_NTASKS=3 train2 --out "$work/out/mismatch" --train.epochs=1 >"$work/log3" 2>"$work/err3"
code=$?
set -e
[ "$code" -eq 2 ] || { cat "$work/err3"; abort "a world-size mismatch exited $code, not 2"; }
[ "$(grep -c "hypera_dist: error:" "$work/err3")" -eq 1 ] || { cat "$work/err3"; abort "expected one error line"; }
grep -q "SLURM_NTASKS=3 but the MPI world has 2 ranks" "$work/err3" || abort "the error line does not name the mismatch"
[ ! -e "$work/out/mismatch" ] || abort "a refused run wrote a folder"
pass "2-rank training, identical replicas, resume, agents resumed on 1 and 2 ranks, world-size check"
finish
