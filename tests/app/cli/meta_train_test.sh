#!/usr/bin/env bash
# hypera_dist meta-train end to end through the real binary on a tiny MRI task (configs/compare_mri.ini): one
# paired baseline and 3 episodes on one seed that share one agent state; the state's manifest counts the runs,
# every agent learned (SAC updates) by the last episode, meta.csv and meta.json hold the episodes; a rerun trains
# no new episode; a larger --episodes trains on after a half-done episode (which is deleted); --jobs 2 runs a
# round of two episodes at once and merges their states; other arguments for the same folder and bad input
# exit 2.
# Needs `train --agents-state` and `--agents.baseline_score` (issue 14's train side).
# Usage: meta_train_test.sh HYPERA_DIST SOURCE_DIR
set -euo pipefail
bin="$1"; source_dir="$2"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
source "$source_dir/tests/app/cli/checks.sh"
config="$source_dir/configs/compare_mri.ini"
tiny=(--data.prepared="$work/ch2.h5" --train.epochs=3 --train.steps_per_epoch=4 --train.batch_size=2
      --train.patch=32,32 --model.depth=2 --model.base_channels=4 --agents.sac_batch=3 --agents.warmup=1
      --agents.lr_every=2 --agents.loss_every=2)
meta="$work/meta"
meta_train() { "$bin" meta-train --config "$config" --seeds 1 --out "$meta" "$@" "${tiny[@]}"; }
episode() { echo "$meta/episodes/e$1_compare_mri_s1000"; }
# The number $2.$3 (section, key) of the flat two-level JSON file $1, which holds one section per line as train
# writes it; "" when absent.
json_number() { grep -E "^  \"$2\": " "$1" | grep -oE "\"$3\": [0-9.eE+-]+" | awk '{print $2}'; }

meta_train --episodes 3 >"$work/log1" 2>&1 || { cat "$work/log1"; abort "meta-train failed"; }
[ -s "$meta/baselines/compare_mri/seed_1000/summary.json" ] || abort "no baseline run"
[ "$(find "$meta/episodes" -mindepth 1 -maxdepth 1 -type d | wc -l)" -eq 3 ] || abort "not 3 episode folders"
for e in 0 1 2; do [ -s "$(episode $e)/summary.json" ] || abort "episode $e has no summary.json"; done
manifest="$meta/agents/manifest.txt"
grep -qx 'format hypera-hyperparameter-agents-1' "$manifest" && grep -qx 'runs 3' "$manifest" \
  || abort "the agents' manifest should say runs 3: $(cat "$manifest")"
pass "meta-train runs a baseline and 3 episodes into one agent state (runs 3)"

agents=$(sed -n 's/^agents //p' "$manifest")
[ "$(wc -w <<<"$agents")" -eq 6 ] || fail "the manifest should name 6 agents: $agents"
for agent in $agents; do
  updates=$(json_number "$(episode 2)/summary.json" agents "updates\\.$agent")
  if awk -v u="${updates:-0}" 'BEGIN { exit !(u > 0) }'; then
    pass "$agent learned by the last episode ($updates SAC updates)"
  else
    fail "$agent made no SAC update by the last episode: '$updates'"
  fi
done

csv="$meta/meta.csv"
[ "$(head -n 1 "$csv")" = "episode,task,seed,baseline,final,difference,seconds,updates" ] || fail "meta.csv header"
[ "$(wc -l <"$csv")" -eq 4 ] || abort "meta.csv should hold a header and 3 rows: $(cat "$csv")"
baseline=$(json_number "$meta/baselines/compare_mri/seed_1000/summary.json" final_validation dice)
for e in 0 1 2; do
  final=$(json_number "$(episode $e)/summary.json" final_validation dice)
  awk -F, -v e="$e" -v b="$baseline" -v f="$final" 'NR == e + 2 && $1 == e && $2 == "compare_mri" && $3 == 1000 &&
      $4 == b && $5 == f && ($6 - (f - b))^2 < 1e-18 && $7 > 0 && $8 > 0 { ok = 1 } END { exit !ok }' "$csv" \
    && pass "meta.csv row $e: baseline $baseline, final $final" || fail "meta.csv row $e: $(sed -n "$((e + 2))p" "$csv")"
done
json="$meta/meta.json"
[ "$(json_number "$json" meta_train episodes)" = 3 ] && [ "$(json_number "$json" meta_train runs)" = 4 ] \
  && grep -qE '"mean_difference_second_half": -?[0-9]' "$json" || fail "meta.json: $(cat "$json")"
[ "$(grep -cE '^done    episode [1-3]/3 \(compare_mri seed 1000\): final dice .*, baseline .*, difference .*, updates [0-9]+, [^,]+$' "$work/log1")" -eq 3 ] \
  || fail "3 episode end lines: $(grep episode "$work/log1")"
grep -qE '^meta-train: baseline 1/1 done  elapsed [0-9ms]+  ETA 0s$' "$work/log1" &&
  [ "$(grep -cE '^meta-train: episode [1-3]/3 done  elapsed [0-9ms]+  ETA [0-9ms]+$' "$work/log1")" -eq 3 ] \
  || fail "a baseline and 3 episode count lines with an ETA: $(grep '^meta-train: ' "$work/log1")"
"$bin" train --config "$config" --out "$work/deployed" "${tiny[@]}" --agents.enabled=all --agents-from "$meta/agents" \
  >"$work/deployed.log" 2>&1 && grep -q "agents warm-started: 6 of 6" "$work/deployed.log" \
  && pass "train --agents-from deploys the meta-trained agents" || fail "deploying: $(tail -n 3 "$work/deployed.log")"

cp "$csv" "$work/csv_before"
meta_train --episodes 3 >"$work/log2" 2>&1 || { cat "$work/log2"; abort "the rerun failed"; }
! grep -q '^start ' "$work/log2" || abort "the rerun started a run: $(grep '^start ' "$work/log2")"
grep -q '^reused  baseline compare_mri seed 1000' "$work/log2" || fail "the rerun should reuse the baseline"
[ "$(find "$meta/episodes" -mindepth 1 -maxdepth 1 -type d | wc -l)" -eq 3 ] && grep -qx 'runs 3' "$manifest" \
  && cmp -s "$csv" "$work/csv_before" || abort "the rerun changed the episodes"
pass "a rerun of the same command trains no new episode"

mkdir -p "$(episode 3)" && touch "$(episode 3)/left_by_a_killed_run"
meta_train --episodes 4 --jobs 2 >"$work/log3" 2>&1 || { cat "$work/log3"; abort "meta-train --episodes 4 failed"; }
[ "$(grep -c '^start   episode' "$work/log3")" -eq 1 ] && grep -q '^start   episode 4/4 ' "$work/log3" \
  || fail "--episodes 4 should run episode 4 only: $(grep '^start' "$work/log3")"
[ ! -e "$(episode 3)/left_by_a_killed_run" ] && [ -s "$(episode 3)/summary.json" ] || fail "the half-done episode was not redone"
grep -qx 'runs 4' "$manifest" && [ "$(wc -l <"$csv")" -eq 5 ] && [ "$(json_number "$json" meta_train runs)" = 5 ] \
  || fail "after episode 4: $(cat "$manifest" "$json")"
pass "a larger --episodes continues at episode 4 after deleting its half-done folder"

meta_train --episodes 6 --jobs 2 >"$work/log4" 2>&1 || { cat "$work/log4"; abort "meta-train --episodes 6 --jobs 2 failed"; }
for e in 4 5; do
  grep -q "^agents state loaded from $meta/rounds/e${e}_agents: 6 of 6" "$(episode $e).log" \
    || fail "episode $e should start from its own copy of the state: $(grep 'agents state' "$(episode $e).log")"
done
merged=$(sed -n "s|^merged  episodes 5-6 into $meta/agents: \([0-9]*\) SAC updates on the other episodes' transitions$|\1|p" \
  "$work/log4")
[ "${merged:-0}" -gt 0 ] || fail "no merge with SAC updates on episode 6's transitions: $(grep merged "$work/log4")"
grep -qx 'runs 6' "$manifest" && [ "$(wc -l <"$csv")" -eq 7 ] && [ ! -e "$meta/rounds" ] \
  || fail "after the round: $(cat "$manifest"; ls "$meta")"
pass "--jobs 2 runs episodes 5 and 6 at once on copies of the state and merges them ($merged SAC updates)"
fresh="$work/fresh"
"$bin" meta-train --config "$config" --seeds 1 --out "$fresh" --episodes 2 --jobs 2 "${tiny[@]}" >"$work/log5" 2>&1 \
  || { cat "$work/log5"; abort "a first round of 2 episodes failed"; }
grep -qx 'runs 2' "$fresh/agents/manifest.txt" && grep -q '^merged  episodes 1-2 ' "$work/log5" \
  && ! grep -q 'agents state loaded' "$fresh/episodes/"*.log || fail "a first round: $(grep merged "$work/log5")"
pass "a first round of 2 episodes starts both from fresh agents and merges them into a new state"

set +e  # expect_input_error looks at the exit status itself
expect_input_error "another seed count for the same folder" "request.txt" \
  "$bin" meta-train --config "$config" --seeds 2 --episodes 3 --out "$meta" "${tiny[@]}"
expect_input_error "other overrides for the same folder" "request.txt" meta_train --episodes 3 --optim.lr=0.02
x=(--out "$work/x" --seeds 1)
expect_input_error "zero episodes" "--episodes" "$bin" meta-train --config "$config" --episodes 0 "${x[@]}"
expect_input_error "missing --episodes" "--episodes" "$bin" meta-train --config "$config" "${x[@]}"
expect_input_error "missing --config" "--config" "$bin" meta-train --episodes 2 "${x[@]}"
expect_input_error "missing config file" "nope.ini" "$bin" meta-train --config "$work/nope.ini" --episodes 2 "${x[@]}"
expect_input_error "two tasks of one name" "--config" "$bin" meta-train --config "$config,$work/compare_mri.ini" --episodes 2 "${x[@]}"
expect_input_error "zero seeds" "--seeds" "$bin" meta-train --config "$config" --episodes 2 --out "$work/x" --seeds 0
expect_input_error "negative seed base" "--seed-base" "$bin" meta-train --config "$config" --episodes 2 --seed-base -1 "${x[@]}"
expect_input_error "zero jobs" "--jobs" "$bin" meta-train --config "$config" --episodes 2 --jobs 0 "${x[@]}"
expect_input_error "seed set by hand" "train.seed" "$bin" meta-train --config "$config" --episodes 2 "${x[@]}" --train.seed=3
expect_input_error "agents set by hand" "agents.enabled" "$bin" meta-train --config "$config" --episodes 2 "${x[@]}" --agents.enabled=all
[ ! -e "$work/x" ] || fail "bad input created the meta folder"
help=$("$bin" meta-train --help)  # whole, before grep -q ends the pipe early
grep -q -- '--agents-from' <<<"$help" || fail "meta-train --help does not say how to deploy the agents"
grep -q -- 'rounds of J at once' <<<"$help" || fail "meta-train --help does not explain --jobs for episodes"
finish
