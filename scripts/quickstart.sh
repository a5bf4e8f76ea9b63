#!/usr/bin/env bash
# Fresh Debian 12 machine -> installed, built, and the default job run: brain extraction on the real MRI
# of Debian's mricron-data package (configs/quickstart.ini). The run folder is runs/quickstart.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install_deps.sh
bash scripts/build.sh
rm -rf runs/quickstart
./build/src/app/hypera_dist train --config configs/quickstart.ini --out runs/quickstart
