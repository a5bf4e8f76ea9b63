# Sourced by CLI tests, after `work` names the test's scratch folder: counted checks.
#   pass NAME / fail NAME      count and print one result
#   abort MESSAGE              a failure that the rest of the test depends on: count, summarize, exit 1
#   expect_input_error NAME NEEDLE COMMAND...
#                              COMMAND must exit 2 with exactly one stderr line that contains NEEDLE
#   finish                     print the counts; its status is 0 only when nothing failed (end with it)
#   tiny                       the options of a tiny training run (2-level U-Net of 4 channels, epochs of 2 steps
#                              of 2 crops of 32x32, 3 validation samples): seconds per epoch on the MRI
tiny=(--model.depth=2 --model.base_channels=4 --train.patch=32,32 --train.steps_per_epoch=2
      --train.batch_size=2 --train.max_validation_samples=3)
passed=0; failures=0
pass() { passed=$((passed + 1)); echo "ok   $1"; }
fail() { failures=$((failures + 1)); echo "FAIL $1"; }
finish() { echo "$passed passed, $failures failed"; [ "$failures" -eq 0 ]; }
abort() { fail "$1"; finish; exit 1; }

expect_input_error() {
  local name="$1" needle="$2"; shift 2
  local code=0
  "$@" >"$work/out" 2>"$work/err" || code=$?  # also where the caller runs under set -e
  local lines; lines=$(wc -l <"$work/err")
  if [ "$code" -eq 2 ] && [ "$lines" -eq 1 ] && grep -qF -- "$needle" "$work/err"; then
    pass "$name: $(cat "$work/err")"
  else
    fail "$name: exit $code, $lines stderr lines, wanted '$needle':"; cat "$work/err"
  fi
}
