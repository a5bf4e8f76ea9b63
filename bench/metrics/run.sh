#!/usr/bin/env bash
# Surface-metric speed on real masks, then agreement with MONAI on the same pairs (when the shared peer
# virtual environment exists: bash bench/peers/ensure_venv.sh).
#   bash bench/metrics/run.sh BUILD_DIR
set -euo pipefail
bash "$(dirname "${BASH_SOURCE[0]}")/../machine.sh"
build=${1:?usage: run.sh BUILD_DIR}
root=$(cd "$(dirname "$0")/../.." && pwd)
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
echo "uptime: $(uptime)"
"$build/bench/metrics/bench_metrics" --dump "$scratch"
if [[ -x "$root/.venv-bench/bin/python" ]]; then
  "$root/.venv-bench/bin/python" "$root/bench/metrics/monai_agreement.py" "$scratch"
else
  echo "no $root/.venv-bench: MONAI agreement skipped (bash bench/peers/ensure_venv.sh makes it)"
fi
echo "uptime: $(uptime)"
