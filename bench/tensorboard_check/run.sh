#!/usr/bin/env bash
# Checks HYPERA's TensorBoard event files with TensorBoard's own reader.
#   bench/tensorboard_check/run.sh [BUILD_DIR]     (default BUILD_DIR: <repo>/build)
# Creates <repo>/.venv-bench with tensorboard if missing, builds bench_write_events, writes a run into a
# temporary folder and reads it back with check_events.py. Exits non-zero if any step fails.
set -euo pipefail
bash "$(dirname "${BASH_SOURCE[0]}")/../machine.sh"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
build="${1:-$repo/build}"
venv="$repo/.venv-bench"

if [[ ! -x "$venv/bin/python" ]]; then
  python3 -m venv "$venv"
fi
if ! "$venv/bin/python" -c "import tensorboard" 2>/dev/null; then
  "$venv/bin/pip" install --quiet tensorboard
fi
echo "tensorboard $("$venv/bin/python" -c 'import tensorboard; print(tensorboard.__version__)')"

if [[ ! -f "$build/CMakeCache.txt" ]]; then
  cmake -S "$repo" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release
fi
cmake --build "$build" --target bench_write_events -j2

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
events="$("$build/bench/tensorboard_check/bench_write_events" "$out/run" | tee /dev/stderr | tail -n 1)"
"$venv/bin/python" "$here/check_events.py" "$events"
