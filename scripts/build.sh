#!/usr/bin/env bash
# Configures and builds HYPERA into ./build (Release, Ninja, ccache and precompiled LibTorch headers).
# Extra arguments go to CMake, e.g. scripts/build.sh -DHYPERA_BUILD_BENCHMARKS=OFF.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs="${HYPERA_BUILD_JOBS:-$(nproc)}"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
cmake --build build -j "$jobs"
