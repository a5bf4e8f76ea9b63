#!/usr/bin/env bash
# Fresh Debian 12 machine -> installed, built, and the whole test suite run (CTest: unit tests, MPI tests
# under mpiexec, integration tests of the hypera_dist binary on real data).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install_deps.sh
bash scripts/build.sh -DHYPERA_BUILD_BENCHMARKS=OFF  # the tests need no benchmark
cd build
ctest --output-on-failure -j "${HYPERA_TEST_JOBS:-$(nproc)}" --timeout 900
