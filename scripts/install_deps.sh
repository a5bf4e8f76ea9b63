#!/usr/bin/env bash
# Installs every Debian package HYPERA needs to build, run and test. Safe to run twice:
# apt-get skips what is already installed, and the package list is refreshed only when stale.
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config
  libtorch-dev libopenblas0-pthread
  libopenmpi-dev openmpi-bin
  libhdf5-dev
  libboost-program-options-dev
  libgtest-dev
  libtiff-dev libpng-dev zlib1g-dev
  libnifti2-dev
  libdcmtk-dev
  nlohmann-json3-dev  # dataset.json of nnU-Net and MSD data sets (src/data/io/labelled_dataset.cpp)
  mricron-data
  python3-pydicom
  slurmctld slurmd slurm-client munge  # tests/slurm: a real one-node Slurm, started by the test itself
)

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "install_deps: all ${#packages[@]} packages already installed"
else
  echo "install_deps: installing ${missing[*]}"
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Debian's LibTorch calls the system BLAS through the alternatives system: make sure OpenBLAS
# (pthread flavour) is the one selected, not the reference BLAS.
blas_alt=/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3
if [ -e "$blas_alt" ]; then
  "${sudo_cmd[@]}" update-alternatives --set libblas.so.3-x86_64-linux-gnu "$blas_alt" >/dev/null
fi
