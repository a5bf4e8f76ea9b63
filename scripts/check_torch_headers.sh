#!/usr/bin/env bash
# Compiles (syntax and templates, no linking) every HYPERA source under src/ against another LibTorch's
# headers, e.g. the LibTorch 2.x inside a PyTorch wheel:
#   pip download torch --no-deps -d /tmp/w && unzip -q /tmp/w/torch-*.whl 'torch/include/*' -d /tmp/w
#   scripts/check_torch_headers.sh /tmp/w/torch
# Proves that the version differences are all behind src/core/seg/torch_compat.h without a GPU machine.
# C++20, as LibTorch 2.x requires (CMake switches to it when it finds a LibTorch >= 2.0).
set -euo pipefail
torch_root="${1:?usage: check_torch_headers.sh TORCH_ROOT (folder holding include/)}"
cd "$(dirname "$0")/.."
export torch_root
mpi_includes=$(for dir in $(mpicxx --showme:incdirs); do printf -- '-isystem %s ' "$dir"; done)
export mpi_includes
check_one() {
  if g++ -std=c++20 -fsyntax-only -D_GLIBCXX_USE_CXX11_ABI=1 -I src -I "$torch_root/include" \
       -I "$torch_root/include/torch/csrc/api/include" -isystem /usr/include/hdf5/serial \
       -isystem /usr/include/nifti $mpi_includes "$1" 2>"/tmp/torch_check.$$.err"; then
    echo "ok   $1"
  else
    echo "FAIL $1"; grep -m 3 "error" "/tmp/torch_check.$$.err" | cut -c1-300
  fi
  rm -f "/tmp/torch_check.$$.err"
}
export -f check_one
results=$(find src -name '*.cpp' | sort | xargs -P "$(nproc)" -I{} bash -c 'check_one "$1"' _ {})
echo "$results" | grep -v "^ok" || true
passed=$(echo "$results" | grep -c "^ok" || true); failed=$(echo "$results" | grep -c "^FAIL" || true)
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
