# Sourced by the local scripts (not run on its own); the caller defines say().
#
# terminate GRACE_SECONDS NAME PID [NAME PID ...]
#   SIGTERM to each process, up to GRACE_SECONDS for all of them to exit, then SIGKILL to any survivor.
#   Processes get the whole grace together, not one after another, so stopping many stays quick.
#   SIGCONT follows the SIGTERM: a parked worker is frozen (SIGSTOP) and would handle the SIGTERM only once continued.
terminate() {
  local grace="$1" pid i alive deadline
  shift
  local -a names=() pids=()
  while (($# >= 2)); do
    names+=("$1")
    pids+=("$2")
    shift 2
  done
  ((${#pids[@]})) || return 0
  for pid in "${pids[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
    kill -CONT "$pid" 2>/dev/null || true
  done
  deadline=$((SECONDS + grace))
  while :; do
    alive=0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    ((alive && SECONDS < deadline)) || break
    sleep 0.2
  done
  for i in "${!pids[@]}"; do
    if kill -0 "${pids[$i]}" 2>/dev/null; then
      say "${names[$i]} still running after ${grace}s: SIGKILL"
      kill -KILL "${pids[$i]}" 2>/dev/null || true
    fi
  done
}
