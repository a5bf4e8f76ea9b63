#!/usr/bin/env bash
# Fuzzes HYPERA's readers and parsers (tests/fuzz/targets) with libFuzzer under AddressSanitizer and
# UndefinedBehaviorSanitizer, one target after another.
# Usage: bench/fuzz/run.sh MINUTES [TARGET...]   (MINUTES per target, may be fractional; default: every target
# the fuzz build has: the LibTorch-free ones). Needs clang and its libFuzzer runtime (Debian: clang,
# libclang-rt-14-dev or clang-14's own).
# Environment: HYPERA_FUZZ_BUILD (the fuzz build folder, default ../fuzz-build next to the checkout; configured
# and built here when needed), HYPERA_FUZZ_WORK (working corpora, raw artifacts and logs, default ../fuzz-work),
# HYPERA_FUZZ_TORCH=1 (also the targets that link LibTorch: checkpoint, agents_manifest, agent_folder,
# agent_checkpoint; compiles HYPERA's LibTorch libraries with the sanitizers, about half an hour on 2 cores).
# Each target runs in libFuzzer's fork mode with one worker, so that it goes on after a finding: -rss_limit_mb=2048
# (also the largest allowed single allocation: a hostile header must not make a reader allocate far beyond its
# input), -timeout=10 (seconds per input). Inputs: the working corpus (written) and the seed corpus
# tests/fuzz/corpus/<target>/ (read). Each finding (crash, sanitizer report, leak, timeout, out-of-memory, an
# exception other than hypera::InputError) is minimized (for at most a minute; a timeout is kept as found) and
# saved, when new, as bench/fuzz/findings/<target>/<kind>-<sha1>, with the sanitizer's summary line beside it
# (<file>.txt).
# Prints the machine (CPU model and flags, date), then one line per target: executions, exec/s, corpus size,
# findings (new ones saved / all of this run).
set -euo pipefail

if [[ $# -lt 1 ]]; then
  echo "usage: $0 MINUTES [TARGET...]" >&2
  exit 2
fi
minutes=$1
shift
repo=$(cd "$(dirname "$0")/../.." && pwd)
build=${HYPERA_FUZZ_BUILD:-$(dirname "$repo")/fuzz-build}
work=${HYPERA_FUZZ_WORK:-$(dirname "$repo")/fuzz-work}
findings=$repo/bench/fuzz/findings
seconds=$(awk -v m="$minutes" 'BEGIN { s = int(m * 60); print (s > 0 ? s : 1) }')
sanitizers="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"

with_torch=$([[ ${HYPERA_FUZZ_TORCH:-0} == 1 ]] && echo ON || echo OFF)
if [[ ! -f $build/build.ninja ]]; then
  CC=clang CXX=clang++ cmake -G Ninja -S "$repo" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DHYPERA_USE_PCH=OFF -DHYPERA_BUILD_BENCHMARKS=OFF -DHYPERA_FUZZ_ENGINE=libfuzzer \
    "-DCMAKE_C_FLAGS=$sanitizers" "-DCMAKE_CXX_FLAGS=$sanitizers" > /dev/null
fi
cmake -DHYPERA_FUZZ_TORCH=$with_torch "$build" > /dev/null
if [[ $# -eq 0 ]]; then
  mapfile -t targets < <(ninja -C "$build" -t targets all | sed -n 's|^tests/fuzz/fuzz_\([a-z_0-9]*\): .*|\1|p' | sort)
else
  targets=("$@")
fi
ninja -C "$build" "${targets[@]/#/fuzz_}" > "$build/fuzz-build.log" || { tail -30 "$build/fuzz-build.log"; exit 1; }

echo "date: $(date -Is)"
echo "cpu: $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1) ($(nproc) cores)"
echo "cpu flags: $(sed -n 's/^flags\s*: //p' /proc/cpuinfo | head -1)"
echo "$minutes min per target; compiler: $(clang++ --version | head -1)"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}

# The first sanitizer/libFuzzer summary line of running `binary` on `input`.
summary_of() {
  "$1" -rss_limit_mb=2048 -timeout=10 "$2" 2>&1 | grep -m1 -E 'SUMMARY|ERROR: libFuzzer|terminate called|what\(\)' || true
}

printf '%-18s %12s %8s %8s %s\n' target executions exec/s corpus "findings (new saved/all)"
for target in "${targets[@]}"; do
  binary=$build/tests/fuzz/fuzz_$target
  corpus=$work/corpus/$target
  artifacts=$work/artifacts/$target
  log=$work/logs/$target.log
  mkdir -p "$corpus" "$artifacts" "$(dirname "$log")"
  rm -f "$artifacts"/*
  start=$(date +%s)
  "$binary" -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 -max_total_time="$seconds" \
    -rss_limit_mb=2048 -timeout=10 -artifact_prefix="$artifacts/" "$corpus" "$repo/tests/fuzz/corpus/$target" \
    > "$log" 2>&1 || true
  elapsed=$(( $(date +%s) - start ))
  executions=$(grep -oE '^#[0-9]+' "$log" | tail -1 | tr -d '#')
  executions=${executions:-0}
  all=0
  new=0
  for artifact in "$artifacts"/crash-* "$artifacts"/leak-* "$artifacts"/timeout-* "$artifacts"/oom-*; do
    [[ -f $artifact ]] || continue
    all=$((all + 1))
    kind=$(basename "$artifact" | cut -d- -f1)
    minimized=$artifacts/minimized-$(basename "$artifact")
    if [[ $kind != timeout ]]; then  # a hang's minimization costs 10 s per step: kept as found
      timeout -k 5 60 "$binary" -minimize_crash=1 -max_total_time=30 -rss_limit_mb=2048 -timeout=10 \
        -exact_artifact_path="$minimized" "$artifact" > /dev/null 2>&1 || true
    fi
    [[ -s $minimized ]] || cp "$artifact" "$minimized"
    saved=$findings/$target/$kind-$(sha1sum "$minimized" | cut -c1-40)
    if [[ ! -e $saved ]]; then
      mkdir -p "$findings/$target"
      cp "$minimized" "$saved"
      summary_of "$binary" "$saved" > "$saved.txt"
      new=$((new + 1))
    fi
  done
  printf '%-18s %12s %8s %8s %s\n' "$target" "$executions" "$((executions / (elapsed > 0 ? elapsed : 1)))" \
    "$(find "$corpus" -type f | wc -l)" "$new/$all"
done
