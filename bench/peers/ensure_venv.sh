#!/usr/bin/env bash
# Creates (or completes) the peers' virtual environment <repo>/.venv-bench from bench/peers/requirements.txt
# and prints the versions it holds. Idempotent; benchmarks call it before they use a peer.
#   bench/peers/ensure_venv.sh            -> prints the venv's python path on the last line
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
venv="$repo/.venv-bench"
[[ -x "$venv/bin/python" ]] || python3 -m venv "$venv"
stamp="$venv/.requirements.sha"
wanted="$(sha256sum "$here/requirements.txt" | cut -d' ' -f1)"
if [[ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]]; then
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$here/requirements.txt" >&2
  echo "$wanted" > "$stamp"
fi
"$venv/bin/python" - >&2 <<'PY'
import importlib.metadata as m
for name in ("torch", "monai", "scipy", "pillow", "stable-baselines3", "gymnasium", "tensorboard", "ray"):
    print(f"{name} {m.version(name)}")
PY
echo "$venv/bin/python"
