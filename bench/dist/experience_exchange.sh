#!/usr/bin/env bash
# Time spent exchanging experience (the all-gathers of the agents' new transitions, data-parallel SAC) per
# epoch of a 2-rank run with every hyperparameter agent, BBBC039 three-class U-Net, one LibTorch thread per
# rank. Prints, from rank 0's summary.json: the exchange seconds, the training seconds, their ratio (the
# per-epoch share, averaged over the epochs), the agents' whole share, and that the replicas are identical.
# Usage: bench/dist/experience_exchange.sh BUILD_DIR [EPOCHS=4] [STEPS=20] [LR_EVERY=2]
set -euo pipefail
build="${1:?usage: experience_exchange.sh BUILD_DIR [EPOCHS] [STEPS] [LR_EVERY]}"
epochs="${2:-4}"; steps="${3:-20}"; lr_every="${4:-2}"
repo="$(cd "$(dirname "$0")/../.." && pwd)"
bin="$build/src/app/hypera_dist"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
bash "$(dirname "${BASH_SOURCE[0]}")/../machine.sh"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
prepared="$repo/data/bbbc039_three_class.h5"
[ -f "$prepared" ] || "$bin" prepare --config "$repo/configs/bbbc039.ini" --data.prepared="$prepared" >/dev/null
mpiexec -n 2 "$bin" train --config "$repo/configs/bbbc039.ini" --data.prepared="$prepared" --out "$work/run" \
  --train.epochs="$epochs" --train.steps_per_epoch="$steps" --train.batch_size=4 --train.patch=128,128 \
  --train.threads=1 --train.max_validation_samples=4 --train.evaluate_test=0 \
  --agents.enabled=all --agents.lr_every="$lr_every" --agents.loss_every="$lr_every" --verify-replicas >/dev/null
python3 - "$work/run/summary.json" "$epochs" <<'PY'
import json, sys
s = json.load(open(sys.argv[1])); epochs = int(sys.argv[2]); a = s["agents"]
train = s["timing"]["train_seconds"]
print(f"{int(a['decisions'])} decisions on rank 0 over {epochs} epochs, {s['training']['steps']:.0f} steps")
print(f"experience exchange: {a['exchange_seconds'] * 1e3:.1f} ms in all, {a['exchange_seconds'] / epochs * 1e3:.2f} ms "
      f"per epoch of {train / epochs:.1f} s: {100 * a['exchange_seconds'] / train:.3f} % of the epoch")
print(f"agents in all (decisions, updates, exchange): {100 * a['fraction_of_run']:.2f} % of the run")
v = s["verify_replicas"]
print(f"replicas identical: {v['identical']:.0f} (model {v['max_abs_difference']}, agents {v['listeners_max_abs_difference']})")
PY
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
