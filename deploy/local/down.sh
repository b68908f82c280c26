#!/usr/bin/env bash
# Stops what deploy/local/up.sh and deploy/local/run.sh started, by pid file only:
#   - the worker machines of the provider's local driver (stop-machines.sh), then
#   - the services of run.sh ($AF_STATE_DIR/pids/*.pid), then
#   - the Kafka broker ($AF_STATE_DIR/kafka.pid).
# SIGTERM, up to 20 s grace, then SIGKILL. Kafka's data stays ($AF_STATE_DIR/kafka/data), so the
# next up.sh reuses the formatted storage and the topics.
# PostgreSQL is a system service and is left running.
set -euo pipefail

AF_STATE_DIR="${AF_STATE_DIR:-$HOME/.local/state/agentfactory}"
GRACE_SECONDS=20

say() { printf '[down] %s\n' "$*"; }

# Prints the pid recorded in $1 if that process is alive and its command line matches $2.
live_pid() {
  local file="$1" pattern="$2" pid
  [[ -s "$file" ]] || return 1
  pid="$(tr -d '[:space:]' <"$file")"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  [[ "$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)" =~ $pattern ]] || return 1
  echo "$pid"
}

# stop_all PATTERN PIDFILE... : SIGTERM to every live one, wait, SIGKILL the rest, remove files.
stop_all() {
  local pattern="$1" file pid name
  shift
  local -a pids=() names=()
  for file in "$@"; do
    [[ -e "$file" ]] || continue
    name="$(basename "$file" .pid)"
    if pid="$(live_pid "$file" "$pattern")"; then
      say "stopping $name (pid $pid)"
      kill -TERM "$pid" 2>/dev/null || true
      pids+=("$pid")
      names+=("$name")
    else
      say "$name: not running (stale pid file removed)"
      rm -f "$file"
    fi
  done
  ((${#pids[@]})) || return 0
  local deadline=$((SECONDS + GRACE_SECONDS)) alive i
  while :; do
    alive=0
    for pid in "${pids[@]}"; do
      kill -0 "$pid" 2>/dev/null && alive=1
    done
    ((alive)) || break
    ((SECONDS < deadline)) || break
    sleep 0.2
  done
  for i in "${!pids[@]}"; do
    if kill -0 "${pids[$i]}" 2>/dev/null; then
      say "${names[$i]} still running after ${GRACE_SECONDS}s: SIGKILL"
      kill -KILL "${pids[$i]}" 2>/dev/null || true
    fi
  done
  for file in "$@"; do
    rm -f "$file"
  done
}

"$(dirname "${BASH_SOURCE[0]}")/stop-machines.sh"

shopt -s nullglob
service_pid_files=("$AF_STATE_DIR"/pids/*.pid)
stop_all 'java' "${service_pid_files[@]}"

if [[ -e "$AF_STATE_DIR/kafka.pid" ]]; then
  stop_all 'kafka\.Kafka' "$AF_STATE_DIR/kafka.pid"
else
  say "kafka: no pid file ($AF_STATE_DIR/kafka.pid), nothing to stop"
fi

say "PostgreSQL left running (system service; stop it with pg_ctlcluster if you must)"
