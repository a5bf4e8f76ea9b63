#!/usr/bin/env bash
# HYPERA against a plain-PyTorch peer (bench/classes/peer_unet.py) on the multi-class brain data set
# (hypera_dist example-data --layout nnunet), same data, model shape, optimizer, schedule, loss, batch, crop
# and optimizer steps, with paired seeds. See bench/classes/README.md.
#   bash bench/classes/run.sh [WORK (default /tmp/hypera_classes_bench)] [N seeds (default 10)]
# Environment: HYPERA_BIN (default build/src/app/hypera_dist), HYPERA_CONFIG (default configs/brain_classes.ini;
# copied to WORK/hypera_config.ini at the start and used by both arms: the peer reads its settings from it),
# HYPERA_EXTRA (more train options for HYPERA only, e.g. --train.precision=fp32). Seeds whose two results exist
# in WORK are reused (delete them to rerun); a reused WORK keeps its copy of the config.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
work="${1:-/tmp/hypera_classes_bench}"
seeds="${2:-10}"
hypera="${HYPERA_BIN:-$repo/build/src/app/hypera_dist}"
extra="${HYPERA_EXTRA:-}"
mkdir -p "$work"
work="$(cd "$work" && pwd)"
config="$work/hypera_config.ini"
[[ -f "$config" ]] || cp "${HYPERA_CONFIG:-$repo/configs/brain_classes.ini}" "$config"
python="$(bash "$repo/bench/peers/ensure_venv.sh" 2>"$work/venv.log" | tail -1)"

bash "$repo/bench/machine.sh" | tee "$work/machine.txt"
echo "decision rule (fixed before the runs): per seed d = HYPERA mean test Dice - peer mean test Dice;" \
     "HYPERA better if the 95% t interval of mean d over the seeds lies above 0, worse if below, else no difference shown"
echo "command: bash bench/classes/run.sh $work $seeds  (HYPERA_EXTRA='$extra')"
"$python" -c 'import torch, monai; print(f"peer: torch {torch.__version__}, monai {monai.__version__}")'
echo "config of both arms: $config (sha256 $(sha256sum "$config" | cut -c1-16)); its settings:"
grep -v -e '^\s*#' -e '^\s*$' "$config" | tr '\n' ' '; echo

if [[ ! -f "$work/data/dataset.json" ]]; then
  "$hypera" example-data --layout nnunet --out "$work/data" > "$work/example_data.log"
fi
cat "$work/example_data.log" 2>/dev/null || true

train_hypera() {  # seed core
  local run="$work/hypera_$1"
  rm -rf "$run"
  # shellcheck disable=SC2086
  taskset -c "$2" "$hypera" train --config "$config" --data.root="$work/data" \
    --data.prepared="$work/prepared.h5" --out "$run" --train.seed="$1" --train.threads=1 $extra \
    > "$work/hypera_$1.log" 2>&1
}
train_peer() {  # seed core
  OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 taskset -c "$2" "$python" -W ignore "$here/peer_unet.py" --data "$work/data" \
    --prepared "$work/prepared.h5" --hypera-config "$config" --seed "$1" --out "$work/peer_$1.json" --threads 1 > "$work/peer_$1.log" 2>&1
}

if [[ ! -f "$work/prepared.h5" ]]; then  # made once, by HYPERA's prepare, and reused by every seed of both arms
  "$hypera" prepare --config "$config" --data.root="$work/data" \
    --data.prepared="$work/prepared.h5" > "$work/prepare.log" 2>&1
fi

start=$(date +%s)
for ((s = 0; s < seeds; s++)); do
  if [[ -f "$work/hypera_$s/summary.json" && -f "$work/peer_$s.json" ]]; then
    echo "seed $s: reused"
    continue
  fi
  # The two arms of a seed at the same time, one core each; the cores swap every seed.
  hc=$((s % 2)); pc=$((1 - s % 2))
  train_hypera "$s" "$hc" & hp=$!
  train_peer "$s" "$pc" & pp=$!
  hr=0; pr=0
  wait "$hp" || hr=$?
  wait "$pp" || pr=$?
  if ((hr != 0 || pr != 0)); then
    echo "seed $s: HYPERA exit $hr, peer exit $pr (logs: $work/hypera_$s.log, $work/peer_$s.log)" >&2
    exit 1
  fi
  echo "seed $s done (HYPERA on core $hc, peer on core $pc), elapsed $(( $(date +%s) - start )) s"
done

"$python" "$here/summarize.py" "$work" | tee "$work/table.txt"
