#!/usr/bin/env bash
# The benchmark's own PostgreSQL cluster, configured by bench/postgresql.conf, beside (not instead of) the
# local one that development and the tests use.
#   queue-service/bench/postgres.sh start    # creates the cluster once, starts it (idempotent)
#   queue-service/bench/postgres.sh stop
# BENCH_PG_DIR (default /tmp/af-bench-pg) and BENCH_PG_PORT (default 55432) choose where it lives and listens.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
dir=${BENCH_PG_DIR:-/tmp/af-bench-pg}
port=${BENCH_PG_PORT:-55432}
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)

# PostgreSQL refuses to run as root: as root, run its tools as the postgres user
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
  start)
    if [ ! -f "$dir/PG_VERSION" ]; then
      mkdir -p "$dir"
      [ "$(id -u)" = 0 ] && chown postgres: "$dir"
      chmod 700 "$dir"
      as_owner "$bin/initdb" -D "$dir" -U postgres --auth=trust -E UTF8 > /dev/null
    fi
    cp "$here/postgresql.conf" "$dir/bench.conf"
    grep -q "include 'bench.conf'" "$dir/postgresql.conf" || echo "include 'bench.conf'" >> "$dir/postgresql.conf"
    if ! as_owner "$bin/pg_ctl" -D "$dir" status > /dev/null 2>&1; then
      as_owner "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w -o "-p $port -k $dir" start > /dev/null
    fi
    echo "bench PostgreSQL: 127.0.0.1:$port, data $dir"
    ;;
  stop)
    if [ -f "$dir/PG_VERSION" ] && as_owner "$bin/pg_ctl" -D "$dir" status > /dev/null 2>&1; then
      as_owner "$bin/pg_ctl" -D "$dir" -m fast -w stop > /dev/null
    fi
    ;;
  *)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
