#!/usr/bin/env bash
# Builds HYPERA with gcc's sanitizers and runs its CTest suite under them, one test at a time.
# Usage: bench/sanitize/run.sh KIND [CTEST_REGEX]
#   KIND: address (AddressSanitizer + LeakSanitizer + UndefinedBehaviorSanitizer) or thread (ThreadSanitizer).
#   CTEST_REGEX: run only the tests whose names match (ctest -R); default: every test.
# Environment: HYPERA_SANITIZE_BUILD (build folder, default /work/sanitize-build-KIND, outside the repository),
#   HYPERA_SANITIZE_TARGETS (space-separated targets to build, default all; a test whose executable is not built
#   fails as "not run"), HYPERA_SANITIZE_JOBS (parallel compile jobs, default 2; compiled under nice -n 5).
# Needs gcc/g++ with libasan, libubsan and libtsan, CMake, Ninja and the project's dependencies.
# The build: RelWithDebInfo at -O1 -g1 (frames without inlining noise), benchmarks off, every test's TIMEOUT
# times 4 (HYPERA_TEST_TIMEOUT_SCALE: the sanitized tests run slower), ccache disabled (the
# sanitizer objects would only evict the normal build's entries). The precompiled LibTorch header stays on: it
# is built with the same sanitizer flags as every user (gcc rejects a mismatched one: -Winvalid-pch warns).
# LibTorch, Open MPI, HDF5 and libgomp are not instrumented. Leaks and races that they cause on their own are
# suppressed by bench/sanitize/lsan.supp and tsan.supp (see there); what was suppressed is printed.
# Every sanitized process (including mpiexec's ranks and the hypera_dist runs of the CLI tests) writes its report
# into the test's log folder (log_path), so that reports are found even where a test script hides stderr.
# Prints the machine, the date, the build time, then per test: result, seconds, and each sanitizer report's
# first line with its stack frames in src/ (and tests/).
set -euo pipefail

if [[ $# -lt 1 || ($1 != address && $1 != thread) ]]; then
  echo "usage: $0 address|thread [CTEST_REGEX]" >&2
  exit 2
fi
kind=$1
regex=${2:-.}
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
build=${HYPERA_SANITIZE_BUILD:-/work/sanitize-build-$kind}
jobs=${HYPERA_SANITIZE_JOBS:-2}
read -r -a targets <<< "${HYPERA_SANITIZE_TARGETS:-all}"

if [[ $kind == address ]]; then
  flags="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
else
  flags="-fsanitize=thread -fno-omit-frame-pointer"
fi

echo "date: $(date -Is)"
echo "cpu: $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1) ($(nproc) cores)"
echo "cpu flags: $(sed -n 's/^flags\s*: //p' /proc/cpuinfo | head -1)"
echo "compiler: $(g++ --version | head -1); sanitizers: $flags"
echo "commit: $(git -C "$repo" rev-parse --short HEAD)$(git -C "$repo" diff --quiet HEAD -- src tests || echo ' (+ uncommitted changes)')"

export CCACHE_DISABLE=1
mkdir -p "$build"
start=$(date +%s)
CC=gcc CXX=g++ cmake -G Ninja -S "$repo" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  "-DCMAKE_C_FLAGS_RELWITHDEBINFO=-O1 -g1 -DNDEBUG" "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1 -DNDEBUG" \
  "-DCMAKE_C_FLAGS=$flags" "-DCMAKE_CXX_FLAGS=$flags" "-DCMAKE_EXE_LINKER_FLAGS=$flags" \
  "-DCMAKE_SHARED_LINKER_FLAGS=$flags" -DHYPERA_BUILD_BENCHMARKS=OFF -DHYPERA_TEST_TIMEOUT_SCALE=4 \
  > "$build/configure.log"
if ! nice -n 5 cmake --build "$build" -j "$jobs" --target "${targets[@]}" > "$build/build.log" 2>&1; then
  grep -m 20 -E 'error|FAILED' "$build/build.log" || tail -30 "$build/build.log"
  exit 1
fi
echo "build: $(( $(date +%s) - start )) s (targets: ${targets[*]}); $(grep -c 'invalid-pch\|not used because' "$build/build.log" || true) precompiled-header warnings"

# Sanitizer options. ASan and UBSan stop at the first report (UBSan through -fno-sanitize-recover); TSan goes on
# (its reports are deduplicated; the process still exits 66), so that one run lists every race. ASan's leak check
# runs at exit. allocator_may_return_null: a hostile size fails with bad_alloc, as without ASan, not with an abort.
common="print_stacktrace=1:print_suppressions=1"
asan="$common:halt_on_error=1:detect_leaks=1:allocator_may_return_null=1:detect_stack_use_after_return=1"
ubsan="$common:halt_on_error=1"
tsan="$common:halt_on_error=0:second_deadlock_stack=1:suppressions=$here/tsan.supp"
export LSAN_OPTIONS="suppressions=$here/lsan.supp:print_suppressions=1"

mapfile -t tests < <(ctest --test-dir "$build" -N -R "$regex" | sed -n 's/^ *Test *#[0-9]*: //p')
logs=$build/sanitizer-logs
rm -rf "$logs"
printf '%-42s %-7s %8s  %s\n' test result seconds "sanitizer reports"
failed=0
for test in "${tests[@]}"; do
  dir=$logs/$test
  mkdir -p "$dir"
  # Open MPI's leaks at exit come from plug-ins it has unloaded by then, and frame-pointer unwinding stops there:
  # only the slow unwinder reaches the libmpi/libopen-rte frames that lsan.supp names (3x slower runs).
  unwind=""
  case $test in cli_* | slurm_* | test_dist* | test_compare | test_meta) unwind=":fast_unwind_on_malloc=0" ;; esac
  t0=$(date +%s)
  if ASAN_OPTIONS="$asan$unwind:log_path=$dir/report" UBSAN_OPTIONS="$ubsan:log_path=$dir/report" \
     TSAN_OPTIONS="$tsan:log_path=$dir/report" \
     ctest --test-dir "$build" -R "^${test}\$" --output-on-failure > "$dir/ctest.log" 2>&1; then
    result=pass
  elif grep -q 'Could not find executable' "$dir/ctest.log"; then
    result=unbuilt  # not in HYPERA_SANITIZE_TARGETS
  else
    result=FAIL
  fi
  [[ $result == pass ]] || failed=$((failed + 1))
  reports=$(cat "$dir"/report.* 2>/dev/null | grep -c -E '^(==[0-9]+==ERROR|WARNING: ThreadSanitizer|.*runtime error:)' || true)
  printf '%-42s %-7s %8s  %s\n' "$test" "$result" "$(( $(date +%s) - t0 ))" "$reports"
  for report in "$dir"/report.*; do
    [[ -f $report ]] || continue
    # The report's first line, the headings of its stacks (access, allocation, free, previous access) with their
    # frames in src/ and tests/, its summary, and how often each suppression matched.
    grep -E "ERROR: |WARNING: ThreadSanitizer|runtime error:|SUMMARY:|^ *(READ|WRITE|Read|Write|Previous|Location|freed|previously|allocated|Direct|Indirect) |^ +#[0-9]+ .*$repo/(src|tests)/|Suppressions used:|Matched [0-9]+ suppressions|^ +[0-9]+ +[0-9]* *[a-z_]*:?lib[A-Za-z0-9_.-]+$" \
      "$report" | sed "s|$repo/||; s|^|    $(basename "$report"): |" | head -40 || true
  done
  if [[ $result == FAIL ]]; then
    grep -E '\[  FAILED  \]|^FAIL|Timeout|Exception' "$dir/ctest.log" | head -10 | sed 's/^/    ctest: /' || true
  fi
done
echo "$(( ${#tests[@]} - failed )) of ${#tests[@]} tests passed; logs under $logs"
exit $(( failed > 0 ))
