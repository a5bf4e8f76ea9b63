#!/usr/bin/env bash
# hypera_dist compare end to end through the real binary on a tiny BBBC039: two fixed arms on two seeds, two
# runs at a time; the report's decision rule, tables and verdict; a second call reuses every run; the
# constant-tuned learning-rate sweep; the agent arms (fresh, random-policy control, meta-trained agents deployed
# frozen from a tiny meta-train, and the open-loop replay of their mean schedule); bad input exits 2.
# Usage: compare_test.sh HYPERA_DIST SOURCE_DIR
set -euo pipefail
bin="$1"; source_dir="$2"
source "$source_dir/tests/app/cli/bbbc039.sh"
bbbc=$(bbbc039_dir)
work=$(mktemp -d)
# On a failure the runs' own logs are printed before the folder goes: a run that fails once must say why.
trap 'code=$?; [ $code -eq 0 ] || tail -n 20 "$work"/cmp/runs/*/*.log 2>/dev/null; rm -rf "$work"' EXIT
source "$source_dir/tests/app/cli/checks.sh"
make_tiny_bbbc039 "$bbbc" "$work/bbbc"
compare=("$bin" compare --config "$source_dir/configs/bbbc039.ini" --arms constant,poly --seeds 2 --jobs 2
         --out "$work/cmp" --data.root="$work/bbbc" --data.prepared="$work/bbbc.h5" --train.epochs=1
         --train.validate_every=1 --model.depth=2 --model.base_channels=4 --train.patch=32,32
         --train.steps_per_epoch=2 --train.batch_size=2 --train.max_validation_samples=1)

"${compare[@]}" >"$work/log1" || { cat "$work/log1"; abort "compare failed"; }
[ "$(grep -c '^done ' "$work/log1")" -eq 4 ] || abort "compare should finish 4 runs: $(cat "$work/log1")"
for arm in constant poly; do
  for seed in 0 1; do
    [ -s "$work/cmp/runs/$arm/seed_$seed/summary.json" ] || abort "no summary.json for $arm seed $seed"
    [ -s "$work/cmp/runs/$arm/seed_$seed.log" ] || abort "no log for $arm seed $seed"
    grep -q "^$arm,$arm,$seed,ok,[0-9]" "$work/cmp/compare.csv" || abort "compare.csv lacks a row for $arm seed $seed"
  done
done
[ "$(wc -l <"$work/cmp/compare.csv")" -eq 5 ] || abort "compare.csv should hold a header and 4 rows"
head -n 1 "$work/cmp/compare.csv" | grep -q '^arm,group,seed,status,val_object_f1,.*test_object_f1.*,total_seconds,steps,agents_fraction$' \
  || abort "compare.csv header: $(head -n 1 "$work/cmp/compare.csv")"
md="$work/cmp/compare.md"
grep -q '^| constant | 2/2 |' "$md" && grep -q '^| poly | 2/2 |' "$md" || abort "compare.md lacks the arm rows"
[ "$(grep -n '^## Decision rule' "$md" | cut -d: -f1)" -lt "$(grep -n '^## Arms' "$md" | cut -d: -f1)" ] \
  || abort "compare.md should state the decision rule before the numbers"
grep -q '^\*\*Warning: fewer than 10 paired seeds\*\*' "$md" || abort "compare.md does not warn about 2 seeds"
grep -qE '^Best fixed arm: \*\*(constant|poly)\*\*' "$md" || abort "compare.md names no best fixed arm"
grep -qE '^- (constant|poly): the best fixed arm' "$md" || abort "compare.md has no reference line"
grep -qE '^- (constant|poly): (better|worse|equivalent|inconclusive)$' "$md" \
  || abort "compare.md has no verdict line for the other arm"
[ "$(grep -cE '^- (constant|poly): ' "$md")" -eq 2 ] || abort "compare.md should have one line per arm"
grep -q 'no trajectory plot' "$md" || abort "compare.md should say that there is no trajectory plot"
grep -q '^| arm | n (complete/planned)' "$work/log1" || abort "the table was not printed to stdout"
pass "compare trains 4 runs and writes compare.csv and compare.md with a verdict"

start=$(date +%s)
"${compare[@]}" >"$work/log2" || abort "the second compare failed"
[ "$(grep -c '^reused ' "$work/log2")" -eq 4 ] || abort "the second compare should reuse 4 runs: $(cat "$work/log2")"
! grep -q '^start ' "$work/log2" || abort "the second compare started a run"
[ $(( $(date +%s) - start )) -lt 30 ] || abort "reusing 4 runs took 30 s or more"
cmp -s <(grep -v '^report written' "$work/log1" | sed -n '/^# hypera_dist compare/,$p') \
       <(grep -v '^report written' "$work/log2" | sed -n '/^# hypera_dist compare/,$p') \
  || abort "the reused runs gave another report"
pass "a second compare reuses the finished runs and reports the same"

# The constant-tuned sweep: five learning rates on two seeds; the best one on validation stands for the arm.
tuned=("${compare[@]}")
tuned[5]=constant-tuned,cosine
tuned[11]="$work/cmp_tuned"
"${tuned[@]}" >"$work/log3" || { cat "$work/log3"; abort "compare with constant-tuned failed"; }
[ "$(grep -c '^done ' "$work/log3")" -eq 12 ] || abort "constant-tuned,cosine should finish 12 runs: $(cat "$work/log3")"
for factor in 0.25 0.5 1 2 4; do
  grep -q "^constant-tuned,constant-lr$factor,1,ok," "$work/cmp_tuned/compare.csv" || abort "no sweep run lr x $factor"
done
grep -qE '^lr *= *0.04$' "$work/cmp_tuned/runs/constant-lr4/seed_0/config.ini" \
  || abort "constant-lr4 did not train with 4 x optim.lr"
grep -qE '^The sweep group with the best mean validation object_f1 stands for constant-tuned: \*\*constant-lr' \
  "$work/cmp_tuned/compare.md" || abort "compare.md does not say which sweep group stands for constant-tuned"
grep -qE '^- (constant-tuned|cosine): (better|worse|equivalent|inconclusive)$' "$work/cmp_tuned/compare.md" \
  || abort "no verdict with constant-tuned"
pass "constant-tuned sweeps five learning rates and is compared by its best group"

# The agent arms on two epochs (SAC minibatch of 2: the epoch agents decide twice), with meta-trained agents from
# a one-episode meta-train on the same tiny task.
agent_options=(--train.epochs=2 --agents.sac_batch=2 --agents.warmup=1 --agents.lr_every=1 --agents.loss_every=1)
tiny=()
for word in "${compare[@]:12}"; do [ "$word" = --train.epochs=1 ] || tiny+=("$word"); done
"$bin" meta-train --config "$source_dir/configs/bbbc039.ini" --episodes 1 --seeds 1 --out "$work/meta" "${tiny[@]}" \
  "${agent_options[@]}" >"$work/log4" 2>&1 || { cat "$work/log4"; abort "the tiny meta-train failed"; }
agents=("${compare[@]:0:4}" --arms poly,agents,agents-random,agents-meta,agents-openloop --seeds 2 --jobs 2
        --out "$work/cmp_agents" --meta "$work/meta" "${tiny[@]}" "${agent_options[@]}")
"${agents[@]}" >"$work/log5" || { cat "$work/log5"; abort "compare with the agent arms failed"; }
json_number() { grep -E "^  \"$2\": " "$1" | grep -oE "\"$3\": [0-9.eE+-]+" | awk '{print $2}'; }
for seed in 0 1; do
  run="$work/cmp_agents/runs/agents-meta/seed_$seed"
  grep -q "agents warm-started: 6 of 6" "$run.log" || abort "agents-meta seed $seed did not load the meta-trained agents"
  [ "$(json_number "$run/summary.json" agents updates)" = 0 ] || abort "agents-meta seed $seed learned (it is deployed frozen)"
  fresh=$(json_number "$work/cmp_agents/runs/agents/seed_$seed/summary.json" agents updates)
  awk -v u="${fresh:-0}" 'BEGIN { exit !(u > 0) }' || abort "fresh agents seed $seed made no SAC update"
  grep -q ',replay,' "$work/cmp_agents/runs/agents-openloop/seed_$seed/hparams.csv" \
    || abort "agents-openloop seed $seed replayed nothing"
done
head -n 1 "$work/cmp_agents/openloop_schedule.csv" | grep -qx 'step,name,value' || abort "no open-loop schedule"
[ "$(wc -l <"$work/cmp_agents/openloop_schedule.csv")" -gt 1 ] || abort "the open-loop schedule is empty"
for arm in agents agents-random agents-meta agents-openloop; do
  grep -qE "^- $arm: (better|worse|equivalent|inconclusive)\$" "$work/cmp_agents/compare.md" || abort "no verdict for $arm"
done
[ -s "$work/cmp_agents/trajectories_lr.png" ] || abort "no trajectory plot for the agent arms"
pass "the agent arms: fresh agents learn, meta-trained ones are deployed frozen, the controls run"

set +e  # expect_input_error looks at the exit status itself

expect_input_error "unknown arm" "frobnicate" "${compare[@]:0:4}" --arms baseline,frobnicate --seeds 2 --out "$work/x"
expect_input_error "zero seeds" "--seeds" "${compare[@]:0:4}" --arms baseline --seeds 0 --out "$work/x"
expect_input_error "meta agents without --meta" "--meta" "${compare[@]:0:4}" --arms poly,agents-meta --seeds 2 --out "$work/x"
expect_input_error "meta folder without agents" "--meta" "${compare[@]:0:4}" --arms agents-meta --seeds 2 \
  --meta "$work/nowhere" --out "$work/x"
expect_input_error "zero margin" "--margin" "${compare[@]:0:4}" --arms poly --seeds 2 --margin 0 --out "$work/x"
expect_input_error "duplicate arm" "poly" "${compare[@]:0:4}" --arms poly,poly --seeds 2 --out "$work/x"
expect_input_error "zero jobs" "--jobs" "${compare[@]:0:4}" --arms poly --seeds 2 --jobs 0 --out "$work/x"
expect_input_error "missing --arms" "--arms" "${compare[@]:0:4}" --seeds 2 --out "$work/x"
expect_input_error "warm start without agents" "agents-warm" "${compare[@]:0:4}" --arms agents-warm --seeds 2 --out "$work/x"
expect_input_error "seed set by hand" "train.seed" "${compare[@]:0:4}" --arms poly --seeds 2 --out "$work/x" --train.seed=3
expect_input_error "agents from an empty run" "--agents-from" "$bin" train --config "$source_dir/configs/bbbc039.ini" \
  --out "$work/y" --agents.enabled=all --agents-from "$work/nowhere"
[ ! -e "$work/x" ] || fail "bad input created the compare folder"
finish
