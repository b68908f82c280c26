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
# shellcheck source=processes.sh
source "$(dirname "${BASH_SOURCE[0]}")/processes.sh"

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

# stop_all PATTERN PIDFILE... : stops every live one (see terminate), then removes the files.
stop_all() {
  local pattern="$1" file pid name
  shift
  local -a running=()
  for file in "$@"; do
    [[ -e "$file" ]] || continue
    name="$(basename "$file" .pid)"
    if pid="$(live_pid "$file" "$pattern")"; then
      say "stopping $name (pid $pid)"
      running+=("$name" "$pid")
    else
      say "$name: not running (stale pid file removed)"
    fi
  done
  terminate "$GRACE_SECONDS" "${running[@]}"
  rm -f "$@"
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
