#!/usr/bin/env bash
# Stops the worker processes ("machines") that the provider's local driver started for deploy/local/run.sh.
# They outlive a provider restart on purpose, like real machines, so run.sh and down.sh stop them here:
# the pid comes from each machine record and is trusted only while its command line is a worker's.
# SIGTERM (a worker finishes or releases its lease), up to 20 s grace, then SIGKILL. The records stay, so
# the next provider observes these machines as stopped and the scheduler replaces them if work remains.
set -euo pipefail

AF_STATE_DIR="${AF_STATE_DIR:-$HOME/.local/state/agentfactory}"
MACHINE_RECORDS="$AF_STATE_DIR/machines/machines"
WORKER_PATTERN="${AF_LOCAL_WORKER_PATTERN:-reference-worker}"
GRACE_SECONDS=20

say() { printf '[machines] %s\n' "$*"; }
# shellcheck source=processes.sh
source "$(dirname "${BASH_SOURCE[0]}")/processes.sh"

shopt -s nullglob
running=()
for record in "$MACHINE_RECORDS"/*.json; do
  pid="$(sed -n 's/.*"pid":\([0-9][0-9]*\).*/\1/p' "$record")"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || continue
  [[ "$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)" == *"$WORKER_PATTERN"* ]] || continue
  machine="$(basename "$record" .json)"
  say "stopping worker machine $machine (pid $pid)"
  running+=("$machine" "$pid")
done
terminate "$GRACE_SECONDS" "${running[@]}"
