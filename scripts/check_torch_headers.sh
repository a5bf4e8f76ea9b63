#!/usr/bin/env bash
# Compiles (syntax and templates, no linking) every HYPERA source that uses LibTorch against another
# LibTorch's headers, e.g. the LibTorch 2.x inside a PyTorch wheel:
#   pip download torch --no-deps -d /tmp/w && unzip -q /tmp/w/torch-*.whl 'torch/include/*' -d /tmp/w
#   scripts/check_torch_headers.sh /tmp/w/torch
# Proves that the version differences are all behind src/core/seg/torch_compat.h without a GPU machine.
# C++20, as LibTorch 2.x requires (CMake switches to it when it finds a LibTorch >= 2.0).
set -euo pipefail
torch_root="${1:?usage: check_torch_headers.sh TORCH_ROOT (folder holding include/)}"
cd "$(dirname "$0")/.."
includes=(-I src -I "$torch_root/include" -I "$torch_root/include/torch/csrc/api/include"
          -isystem /usr/include/hdf5/serial -isystem /usr/include/nifti)
failed=0; checked=0
for file in $(find src tests bench -name '*.cpp' | sort); do
  if g++ -std=c++20 -fsyntax-only -D_GLIBCXX_USE_CXX11_ABI=1 -DHYPERA_SOURCE_DIR='"."' \
       -DHYPERA_BINARY_DIR='"."' -DHYPERA_BBBC039_DEFAULT='"."' "${includes[@]}" -I tests "$file" 2>/tmp/torch_check.err; then
    checked=$((checked + 1))
  else
    failed=$((failed + 1)); echo "FAIL $file"; head -n 5 /tmp/torch_check.err
  fi
done
echo "$checked passed, $failed failed"
[ "$failed" -eq 0 ]
