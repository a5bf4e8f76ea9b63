#!/usr/bin/env bash
# Population mode through the real binary on the real brain MRI: `mpiexec -n 2 ... --population.size=2` trains
# two members of one rank each, with PBT generations whose copies move through MPI; RUN_DIR holds the members'
# run folders, population.csv, the plots, the winner's summary and its replayable schedule. With one member's
# newest checkpoint lost, the population then resumes from the newest epoch every member holds, on 4 ranks (two per
# member, data parallel inside each, identical replicas), the winner's schedule
# replays in a single run, a population with learned agents shares one replay over the world with every collective
# checked, and bad population options end with one error line.
# Usage: population_test.sh HYPERA_DIST SOURCE_DIR MPIEXEC
set -euo pipefail
bin="$1"; source_dir="$2"; mpiexec="$3"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
source "$source_dir/tests/app/cli/checks.sh"
train_n() {
  local ranks="$1"; shift
  "$mpiexec" -n "$ranks" --oversubscribe "$bin" train --config "$source_dir/configs/quickstart.ini" \
    --data.prepared="$work/data/mri.h5" "${tiny[@]}" "$@"
}
mkdir "$work/data"
run="$work/run"

train_n 2 --out "$run" --train.epochs=3 --population.size=2 >"$work/log1" 2>"$work/err1" ||
  { cat "$work/err1"; abort "a population of 2 on 2 ranks failed"; }
for f in population.csv lineage.png population_metric.png summary.json metrics.csv winner_schedule.csv \
         member_0/checkpoints/last/MANIFEST member_1/metrics.csv member_1/summary.json; do
  [ -s "$run/$f" ] || abort "the population folder lacks $f"
done
# Generation 0 and two generations (the last validation is none): 3 rows per member.
[ "$(wc -l <"$run/population.csv")" -eq 7 ] || abort "population.csv should hold 6 rows: $(cat "$run/population.csv")"
[ "$(grep -c "^population generation" "$work/log1")" -eq 2 ] || abort "expected 2 generation lines (rank 0 only)"
[ "$(grep -c "^run written to" "$work/log1")" -eq 1 ] || abort "the closing line was printed by more than one rank"
# Two members start from different values (member 0 the configured ones), and each generation one copies the other.
awk -F, 'NR > 1 && $1 == 0 { values[$4] = $8 "," $9 } NR > 1 && $1 > 0 && $7 == "" { kept++ }
         NR > 1 && $1 > 0 && $7 != "" { copied++ }
         END { exit !(values[0] != values[1] && copied == 2 && kept == 2) }' "$run/population.csv" ||
  abort "population.csv does not show distinct starts and one copy per generation: $(cat "$run/population.csv")"
grep -Eq '"population": \{"compute_seconds": [0-9.]+, "exploits": 2, "generations": 2, "ranks_per_member": 1, "size": 2, "winner": ' \
  "$run/summary.json" ||
  abort "the population summary is wrong: $(grep -o '"population[^}]*}' "$run/summary.json")"
grep -q '"test"' "$run/summary.json" || abort "the population summary lacks the winner's test section"
[ "$(grep -l '"test"' "$run"/member_*/summary.json | wc -l)" -eq 1 ] ||
  abort "not the winner alone evaluated the test split: $(grep -l '"test"' "$run"/member_*/summary.json)"
winner=$(grep -o '"winner": [0-9]*' "$run/summary.json" | grep -o '[0-9]*$')
grep -q '"test"' "$run/member_$winner/summary.json" || abort "member $winner won but has no test section"
grep -Eq '"exploit_bytes": [1-9]' "$run/member_0/summary.json" || abort "the members' summaries do not count the bytes copied"
grep -q '^seed = 100003$' "$run/member_1/config.ini" && grep -q '^seed = 0$' "$run/member_0/config.ini" ||
  abort "the members' config.ini do not record their seeds (train.seed + 100003 x member)"
grep -q '^population.txt ' "$run/member_1/checkpoints/last/MANIFEST" || abort "the member checkpoint lacks population.txt"
grep -q ',exploit,lr_scale,' "$run/member_0/hparams.csv" "$run/member_1/hparams.csv" ||
  abort "no member's hparams.csv records a copied lr_scale"
pass "a population of 2: members, generations, copies, records, the winner's summary"

# A crash between the members' saves: member 1's newest checkpoint (epoch 3) is lost, its previous one (epoch 2)
# remains. The population resumes where every member can: member 0 from its previous checkpoint too.
rm -r "$run/member_1/checkpoints/last"
mv "$run/member_1/checkpoints/last.previous" "$run/member_1/checkpoints/last"
train_n 4 --out "$run" --train.epochs=5 --population.size=2 --resume auto --verify-replicas >"$work/log2" 2>"$work/err2" ||
  { cat "$work/err2"; abort "the population's resume on 4 ranks failed"; }
grep -q "resumed from $run/member_0/checkpoints/last.previous at epoch 3" "$work/log2" ||
  abort "the population did not resume from the common epoch: $(grep resumed "$work/log2")"
# Generations after epochs 1 and 2 came from the checkpoint, epochs 3 and 4 add two (none at the last validation).
[ "$(wc -l <"$run/population.csv")" -eq 11 ] || abort "population.csv should hold 4 generations: $(cat "$run/population.csv")"
[ "$(wc -l <"$run/member_1/metrics.csv")" -eq 6 ] || abort "member 1's metrics.csv should hold 5 epochs"
for m in 0 1; do
  grep -q '"verify_replicas": {"identical": 1, "listeners_max_abs_difference": 0, "max_abs_difference": 0}' \
    "$run/member_$m/summary.json" || abort "member $m's two ranks differ: $(grep -o '"verify[^}]*}' "$run/member_$m/summary.json")"
done
grep -q '"ranks_per_member": 2' "$run/summary.json" || abort "the resumed population does not have 2 ranks per member"
pass "after a lost member checkpoint the population resumed from the common epoch on 4 ranks, 2 per member, with identical replicas inside each member"

"$bin" train --config "$source_dir/configs/quickstart.ini" --data.prepared="$work/data/mri.h5" "${tiny[@]}" \
  --train.epochs=1 --out "$work/replay" --replay-schedule "$run/winner_schedule.csv" >"$work/log3" 2>"$work/err3" ||
  { cat "$work/err3"; abort "the winner's schedule does not replay"; }
grep -q "^replay_schedule = $run/winner_schedule.csv" "$work/replay/config.ini" ||
  abort "--replay-schedule did not set train.replay_schedule: $(grep replay "$work/replay/config.ini")"
pass "the winner's schedule replays in a single run"

agents=(--agents.enabled=learning_rate --agents.warmup=1 --agents.sac_batch=2 --agents.lr_every=1)
HYPERA_CHECK_COLLECTIVES=1 train_n 2 --out "$work/agents" --train.epochs=3 --population.size=2 \
  --population.explore=agents "${agents[@]}" --verify-replicas >"$work/log4" 2>"$work/err4" ||
  { cat "$work/err4"; abort "a population with learned agents failed"; }
grep -Eq "^collective checks: [1-9][0-9]* calls, the same on every rank" "$work/log4" ||
  abort "the population's collectives were not checked: $(grep -i collective "$work/log4")"
grep -q '"listeners_max_abs_difference": 0' "$work/agents/member_1/summary.json" ||
  abort "the members' agents are not one shared policy"
[ -s "$work/agents/agents/manifest.txt" ] || abort "the population's agents were not saved into RUN_DIR/agents"
pass "a population with learned agents: one replay and one policy over every member, collectives checked"

# compare runs a population arm under mpiexec, one rank per member, judges the winner and counts every rank.
"$bin" compare --config "$source_dir/configs/quickstart.ini" --arms poly,pbt --seeds 2 --population 2 \
  --out "$work/cmp" --data.prepared="$work/data/mri.h5" "${tiny[@]}" --train.epochs=2 >"$work/log5" 2>&1 ||
  { cat "$work/log5"; abort "compare with a population arm failed"; }
for seed in 0 1; do
  grep -q "^pbt,pbt,$seed,ok,[0-9]" "$work/cmp/compare.csv" || abort "compare.csv lacks pbt seed $seed: $(cat "$work/cmp/compare.csv")"
  [ -s "$work/cmp/runs/pbt/seed_$seed/member_1/summary.json" ] || abort "pbt seed $seed did not run 2 members"
done
grep -q '^| pbt | 2/2 |' "$work/cmp/compare.md" || abort "compare.md lacks the pbt row: $(cat "$work/cmp/compare.md")"
pass "compare: a pbt arm of 2-member populations beside poly"

# Another budget into the same folder: the earlier runs are not reused silently; --rerun-stale moves them aside.
poly_again=("$bin" compare --config "$source_dir/configs/quickstart.ini" --arms poly --seeds 1 --out "$work/cmp"
            --data.prepared="$work/data/mri.h5" "${tiny[@]}" --train.epochs=1)
set +e
"${poly_again[@]}" >"$work/log6" 2>"$work/err6"
code=$?
set -e
[ "$code" -eq 2 ] && [ "$(wc -l <"$work/err6")" -eq 1 ] && grep -q "runs/poly/seed_0: .*train.epochs" "$work/err6" ||
  { cat "$work/err6"; abort "a stale run was not refused with one line naming it and train.epochs (exit $code)"; }
"${poly_again[@]}" --rerun-stale >"$work/log7" 2>&1 || { cat "$work/log7"; abort "--rerun-stale failed"; }
grep -q "^stale   .*runs/poly/seed_0 differed at train.epochs" "$work/log7" || abort "the moved run was not reported"
[ -s "$work/cmp/runs/poly/seed_0.stale-1/summary.json" ] && [ -s "$work/cmp/runs/poly/seed_0/summary.json" ] ||
  abort "the stale run was not kept aside or the new one did not finish"
pass "compare refuses a stale run folder and --rerun-stale runs it again, keeping the old one"

# Bad options: every rank refuses them alike, rank 0 prints the one error line (mpiexec may add its own
# notice), the job exits 2 and writes nothing.
refused() {
  local name="$1" needle="$2" out="$3"; shift 3
  set +e
  train_n 2 --out "$out" --train.epochs=1 "$@" >"$work/log_bad" 2>"$work/err_bad"
  local code=$?
  set -e
  if [ "$code" -eq 2 ] && [ "$(grep -o "hypera_dist: error:" "$work/err_bad" | wc -l)" -eq 1 ] &&
     grep -q "hypera_dist: error: .*$needle" "$work/err_bad" && [ ! -e "$out" ]; then
    pass "$name: $(grep "hypera_dist: error:" "$work/err_bad")"
  else
    fail "$name: exit $code, wanted 2 and one error line naming $needle:"; cat "$work/err_bad"
  fi
}
refused "members that do not divide the ranks" population.size "$work/bad1" --population.size=3
refused "learned explore without agents" population.explore "$work/bad2" --population.size=2 --population.explore=agents
refused "an unknown explored hyperparameter" population.hyperparameters "$work/bad3" --population.size=2 \
  --population.hyperparameters=optim.warp
# The members agree on every step (a stop signal) and shared agents act at batch-level hooks over the world:
# nothing may change one member's steps per epoch.
refused "the batch_size agent in a population" agents.enabled "$work/bad4" --population.size=2 \
  --agents.enabled=learning_rate,batch_size
refused "an explored batch size" population.hyperparameters "$work/bad5" --population.size=2 \
  --population.hyperparameters=train.batch_size
finish
