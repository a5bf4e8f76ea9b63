#!/usr/bin/env bash
# Issue 18's GPU check, one script for a machine with an NVIDIA GPU (target: under 10 minutes):
#  1. builds HYPERA against the LibTorch inside python3's PyTorch wheel (CUDA; NCCL from the wheel's nvidia-nccl
#     package when it is there), in BUILD (default build-gpu);
#  2. runs the test suite (ctest; the CUDA device is the default of train.device = auto, so the CLI tests train on it);
#  3. bench_unet_step on the GPU: fp32, channels-last and bf16 autocast (batch 8, 256x256);
#  4. a 1-GPU training run under mpirun whose gradients go through the NCCL collective (configs/quickstart.ini).
# Prints the GPU, the CPU line of bench/machine.sh and each part's wall time. Needs the build tools and the Debian
# packages of scripts/install_deps.sh (or the same libraries) besides CUDA and PyTorch: a GPU machine without
# them cannot build HYPERA.
# Usage (repository root): bench/gpu/run.sh [BUILD=build-gpu]
set -euo pipefail
build="${1:-build-gpu}"
here="$(dirname "${BASH_SOURCE[0]}")"
bash "$here/../machine.sh"
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader
python3 -c 'import torch; print("PyTorch", torch.__version__, "CUDA", torch.version.cuda,
                               "GPU", torch.cuda.is_available())'
torch_prefix="$(python3 -c 'import torch; print(torch.utils.cmake_prefix_path)')"
nccl_root="$(python3 -c 'import nvidia.nccl, os; print(os.path.dirname(nvidia.nccl.__file__) + "/nccl")' 2>/dev/null ||
             true)"
part() {  # LABEL COMMAND...: runs one part and prints its wall time
  local label="$1" start; shift; start=$(date +%s)
  echo "== $label"
  "$@"
  echo "== $label: $(( $(date +%s) - start )) s"
}
configure() {
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH="$torch_prefix" \
    ${nccl_root:+-DNCCL_INCLUDE_DIR="$nccl_root/include" -DNCCL_LIBRARY="$(ls "$nccl_root"/lib/libnccl.so* | head -1)"}
  cmake --build "$build" -j "$(nproc)"
}
part "build against the wheel's LibTorch" configure
part "test suite" ctest --test-dir "$build" --output-on-failure -j 4
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
part "U-Net step on the GPU" "$build/bench/precision/bench_unet_step" --device cuda --threads 1 --batch 8 --size 256 \
  --steps 20 --warmup 5
run="$(mktemp -d)/quickstart"
part "1-GPU training run, gradients over NCCL" mpirun --allow-run-as-root -n 1 "$build/src/app/hypera_dist" train \
  --config configs/quickstart.ini --train.device=cuda --out "$run"
python3 - "$run/summary.json" <<'PY'
import json, sys
summary = json.load(open(sys.argv[1]))
print("cuda_device", summary["compute"]["cuda_device"], "bf16", summary["compute"]["bf16_autocast"],
      "test", summary.get("test"), "seconds", summary["timing"]["total_seconds"])
PY
