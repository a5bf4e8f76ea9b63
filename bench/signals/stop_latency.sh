#!/usr/bin/env bash
# Issue 17's measurement: the time from SIGUSR1 to exit 75 (finish the step, write the checkpoint, end every
# rank), on 1 rank and on 2 ranks under mpiexec, with the quickstart configuration (the brain MRI, a 4-level
# U-Net of 16 channels, batches of 8 crops of 128x128). Each trial starts a run, waits for epoch 1's validation
# line, waits TRIAL_DELAY_S more seconds (so that the signal lands inside epoch 2), sends SIGUSR1 and times the
# exit. Prints one line per trial and the median and maximum per rank count, with the machine and the load.
# Usage: bench/signals/stop_latency.sh BUILD_DIR OUT_DIR [TRIALS=5]   (run from the repository root)
set -euo pipefail
usage="usage: stop_latency.sh BUILD_DIR OUT_DIR [TRIALS]"
build="${1:?$usage}"; out="${2:?$usage}"; trials="${3:-5}"
bin="$(realpath "$build/src/app/hypera_dist")"
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
[ "$(id -u)" -ne 0 ] || export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
mkdir -p "$out"
bash "$(dirname "${BASH_SOURCE[0]}")/../machine.sh"
options=(--config configs/quickstart.ini --data.prepared="$out/mri.h5" --train.epochs=3 --train.evaluate_test=false)
"$bin" prepare --config configs/quickstart.ini --data.prepared="$out/mri.h5" >/dev/null

# trial LAUNCH...: prints "<milliseconds from SIGUSR1 to exit> <exit code> <where it stopped>".
trial() {
  local run="$out/run" pipe="$out/pipe" line
  rm -rf "$run" "$pipe"; mkfifo "$pipe"
  "$@" "${options[@]}" --out "$run" >"$pipe" 2>"$out/err" &
  local pid=$!
  exec 3<"$pipe"
  while IFS= read -r line <&3; do [[ $line == *"epoch 1 validation"* ]] && break; done
  sleep "${TRIAL_DELAY_S:-2}"  # a measurement, not a test: lands the signal inside epoch 2
  local start; start=$(date +%s%N)
  kill -USR1 "$pid"
  local rest; rest=$(cat <&3)
  exec 3<&-
  set +e; wait "$pid"; local code=$?; set -e
  echo "$(( ($(date +%s%N) - start) / 1000000 )) $code $(grep -o "checkpoint written at [^;]*" <<<"$rest")"
}

for ranks in 1 2; do
  launch=("$bin" train)
  [ "$ranks" -eq 1 ] || launch=(mpiexec -n "$ranks" "$bin" train)
  : >"$out/ms_$ranks"
  for ((t = 1; t <= trials; t++)); do
    result=$(trial "${launch[@]}")
    echo "ranks $ranks trial $t: $result ms/exit/where, load $(cut -d' ' -f1 /proc/loadavg)"
    cut -d' ' -f1 <<<"$result" >>"$out/ms_$ranks"
  done
  sort -n "$out/ms_$ranks" | awk -v r="$ranks" '{ v[NR] = $1 } END {
    printf "== %d rank(s): SIGUSR1 to exit 75, median %d ms, max %d ms over %d trials\n", r, v[int((NR + 1) / 2)], v[NR], NR }'
done
