# Sourced by shell tests that wait for another process to reach a state (a file appears, a job ends):
#   wait_until SECONDS COMMAND...   runs COMMAND every 0.2 s until it succeeds (status 0) or SECONDS pass (1).
wait_until() {
  local deadline=$((SECONDS + $1)); shift
  until "$@"; do
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 0.2
  done
}
