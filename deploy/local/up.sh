#!/usr/bin/env bash
# Starts the local Agent Factory infrastructure (no Docker needed):
#   - PostgreSQL on 127.0.0.1:5432 (the system service; installed from apt if missing) and the
#     database "agentfactory";
#   - a real single-node KRaft Kafka broker on 127.0.0.1:9092, from Maven Central jars;
#   - every contract topic (see TOPICS below and deploy/contracts/).
# Idempotent: a second run with everything up takes a few seconds. Stop with deploy/local/down.sh.
#
# Environment:
#   AF_CACHE_DIR  downloaded broker jars   (default: $HOME/.cache/agentfactory)
#   AF_STATE_DIR  broker data, logs, pids  (default: $HOME/.local/state/agentfactory)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$HERE/../.." && pwd)"

# The one place the broker version is pinned (org.apache.kafka:kafka_2.13 on Maven Central).
KAFKA_VERSION="4.1.2"

AF_CACHE_DIR="${AF_CACHE_DIR:-$HOME/.cache/agentfactory}"
AF_STATE_DIR="${AF_STATE_DIR:-$HOME/.local/state/agentfactory}"

PG_HOST=127.0.0.1
PG_PORT=5432
PG_USER=postgres
PG_DATABASE=agentfactory

KAFKA_HOST=127.0.0.1
KAFKA_PORT=9092
KAFKA_CONTROLLER_PORT=9093
KAFKA_HOME="$AF_CACHE_DIR/kafka-$KAFKA_VERSION"
KAFKA_LIBS="$KAFKA_HOME/libs"
KAFKA_STATE="$AF_STATE_DIR/kafka"
KAFKA_DATA="$KAFKA_STATE/data"
KAFKA_CONF="$KAFKA_STATE/server.properties"
KAFKA_PID_FILE="$AF_STATE_DIR/kafka.pid"
LOG_DIR="$AF_STATE_DIR/logs"
KAFKA_LOG="$LOG_DIR/kafka.log"
KAFKA_OUT="$LOG_DIR/kafka.out"   # the broker's stdout/stderr (JVM errors before log4j2 starts)
KAFKA_READY_SECONDS=60

# Contract topics: name:partitions[:compact]
TOPICS=(
  af.messages.enqueued.v1:12
  af.queue.lifecycle.v1:12
  af.queue.depth.v1:3:compact
  af.workers.activity.v1:6
  af.scheduler.fleet.v1:3:compact
  af.provider.commands.v1:3
  af.provider.machines.v1:6
  af.catalog.agents.v1:3:compact
  af.skills.releases.v1:3
)

if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
  JAVA="$JAVA_HOME/bin/java"
  JAVAC="$JAVA_HOME/bin/javac"
else
  JAVA="java"
  JAVAC="javac"
fi

START_NS=$(date +%s%N)
say() { printf '[up] %s\n' "$*"; }
die() { printf '[up] ERROR: %s\n' "$*" >&2; exit 1; }
elapsed() { awk -v ns="$(( $(date +%s%N) - START_NS ))" 'BEGIN { printf "%.1f", ns / 1e9 }'; }
port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }
as_root() {
  if [[ "$(id -u)" == 0 ]]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else die "need root for: $*"; fi
}

mkdir -p "$AF_STATE_DIR" "$LOG_DIR" "$AF_STATE_DIR/pids"

# One up.sh at a time (two test runs starting together must not start two brokers).
# Every daemon started below gets "9>&-" so that it does not keep holding this lock.
exec 9>"$AF_STATE_DIR/.up.lock"
flock -w 300 9 || die "another up.sh has held $AF_STATE_DIR/.up.lock for 5 minutes"

# --------------------------------------------------------------------------------------------
# PostgreSQL
# --------------------------------------------------------------------------------------------
PG_STATUS="already running"

pg_ready() { command -v pg_isready >/dev/null 2>&1 && pg_isready -q -h "$PG_HOST" -p "$PG_PORT" -t 2; }

install_postgres() {
  say "PostgreSQL is not installed: installing it from Debian's packages"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q 9>&-
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql 9>&-
  # Dev machines connect as "postgres" over TCP without a password (trust), as on the dev/CI image.
  local hba
  for hba in /etc/postgresql/*/main/pg_hba.conf; do
    [[ -f "$hba" ]] || continue
    if ! grep -qE '^host\s+all\s+all\s+127\.0\.0\.1/32\s+trust' "$hba"; then
      say "local dev: trusting loopback TCP connections in $hba"
      as_root sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$hba"
    fi
  done
  # The package may already have started its cluster: make it read the new pg_hba.conf.
  local ver name status
  while read -r ver name _ status _; do
    if [[ "$status" == online* ]]; then
      as_root pg_ctlcluster --skip-systemctl-redirect "$ver" "$name" reload 9>&- || true
    fi
  done < <(pg_lsclusters -h 2>/dev/null || true)
  PG_STATUS="installed and started"
}

start_postgres_cluster() {
  local line ver name status
  line="$(pg_lsclusters -h 2>/dev/null | awk -v p="$PG_PORT" '$3 == p { print; exit }')"
  if [[ -z "$line" ]]; then
    ver="$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1 || true)"
    if [[ -z "$ver" ]]; then
      ver="$(ls /usr/lib/postgresql 2>/dev/null | sort -V | tail -n 1 || true)"
      [[ -n "$ver" ]] || die "no PostgreSQL server found under /usr/lib/postgresql"
      say "creating PostgreSQL $ver cluster 'main' on port $PG_PORT"
      as_root pg_createcluster -p "$PG_PORT" "$ver" main 9>&-
    fi
    name=main
    status=down
  else
    read -r ver name _ status _ <<<"$line"
  fi
  if [[ "$status" != online* ]]; then
    say "starting PostgreSQL cluster $ver/$name"
    as_root pg_ctlcluster --skip-systemctl-redirect "$ver" "$name" start 9>&- \
      || as_root pg_ctlcluster --skip-systemctl-redirect "$ver" "$name" restart 9>&-
    if [[ "$PG_STATUS" == "already running" ]]; then PG_STATUS="started"; fi
  fi
}

if ! pg_ready; then
  if ! command -v pg_lsclusters >/dev/null 2>&1 || ! command -v pg_isready >/dev/null 2>&1; then
    install_postgres
  fi
  start_postgres_cluster
  for _ in $(seq 1 60); do
    pg_ready && break
    sleep 0.5
  done
  pg_ready || die "PostgreSQL does not answer on $PG_HOST:$PG_PORT (see /var/log/postgresql/)"
fi

export PGCONNECT_TIMEOUT=5
psql_admin() { psql -X -q -v ON_ERROR_STOP=1 -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres "$@"; }
if [[ "$(psql_admin -Atc "select 1 from pg_database where datname = '$PG_DATABASE'")" != 1 ]]; then
  say "creating database $PG_DATABASE"
  psql_admin -c "create database $PG_DATABASE" \
    || [[ "$(psql_admin -Atc "select 1 from pg_database where datname = '$PG_DATABASE'")" == 1 ]] \
    || die "could not create database $PG_DATABASE"
  PG_DB_STATUS="created"
else
  PG_DB_STATUS="exists"
fi

# --------------------------------------------------------------------------------------------
# Kafka: jars
# --------------------------------------------------------------------------------------------
KAFKA_MARKER="$KAFKA_LIBS/.complete"
if [[ ! -f "$KAFKA_MARKER" ]]; then
  if command -v mvn >/dev/null 2>&1; then MVN=(mvn); else MVN=("$REPO_ROOT/mvnw"); fi
  say "fetching Kafka $KAFKA_VERSION from Maven Central into $KAFKA_LIBS"
  tmp="$KAFKA_HOME/libs.tmp.$$"
  rm -rf "$tmp"
  mkdir -p "$KAFKA_HOME"
  "${MVN[@]}" -q -B -Dstyle.color=never -f "$HERE/kafka/pom.xml" \
    -Dkafka.version="$KAFKA_VERSION" \
    dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$tmp" \
    >"$LOG_DIR/kafka-fetch.log" 2>&1 9>&- \
    || { tail -n 30 "$LOG_DIR/kafka-fetch.log" >&2; die "Maven could not fetch org.apache.kafka:kafka_2.13:$KAFKA_VERSION"; }
  [[ -f "$tmp/kafka_2.13-$KAFKA_VERSION.jar" && -f "$tmp/kafka-clients-$KAFKA_VERSION.jar" ]] \
    || die "Kafka jars missing in $tmp after the Maven fetch"
  touch "$tmp/.complete"
  rm -rf "$KAFKA_LIBS"
  mv "$tmp" "$KAFKA_LIBS"
fi
CP="$KAFKA_LIBS/*"

# The topic helper, compiled once per source version (faster than the source launcher each run).
HELPER_SRC="$HERE/kafka/CreateTopics.java"
HELPER_SUM="$(sha256sum "$HELPER_SRC" | cut -c1-16)"
HELPER_DIR="$KAFKA_HOME/helper-$HELPER_SUM"
if [[ ! -f "$HELPER_DIR/CreateTopics.class" ]] && command -v "$JAVAC" >/dev/null 2>&1; then
  rm -rf "$HELPER_DIR.tmp"
  if "$JAVAC" -nowarn -d "$HELPER_DIR.tmp" -cp "$CP" "$HELPER_SRC" 9>&-; then
    rm -rf "$HELPER_DIR"
    mv "$HELPER_DIR.tmp" "$HELPER_DIR"
  fi
fi
if [[ -f "$HELPER_DIR/CreateTopics.class" ]]; then
  HELPER=(-cp "$HELPER_DIR:$CP" CreateTopics)
else
  HELPER=(-cp "$CP" "$HELPER_SRC")   # no javac: single-file source launch
fi
HELPER_JVM_OPTS=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xss512k -Dlog4j2.level=ERROR)

# --------------------------------------------------------------------------------------------
# Kafka: configuration and storage (formatted once, only if meta.properties is absent)
# --------------------------------------------------------------------------------------------
# Called only when up.sh is about to start the broker itself.
prepare_kafka_storage() {
  local rendered cluster_id
  mkdir -p "$KAFKA_DATA"
  rendered="$(sed "s|@AF_KAFKA_DATA_DIR@|$KAFKA_DATA|g" "$HERE/kafka/server.properties.in")"
  if [[ ! -f "$KAFKA_CONF" || "$(cat "$KAFKA_CONF")" != "$rendered" ]]; then
    printf '%s\n' "$rendered" >"$KAFKA_CONF"
  fi
  if [[ -f "$KAFKA_DATA/meta.properties" ]]; then
    return 0   # formatted by an earlier run: keep the data
  fi
  if [[ -s "$KAFKA_STATE/cluster.id" ]]; then
    cluster_id="$(cat "$KAFKA_STATE/cluster.id")"
  else
    cluster_id="$("$JAVA" "${HELPER_JVM_OPTS[@]}" -cp "$CP" kafka.tools.StorageTool random-uuid 9>&-)"
    printf '%s\n' "$cluster_id" >"$KAFKA_STATE/cluster.id"
  fi
  say "formatting Kafka storage in $KAFKA_DATA (cluster id $cluster_id)"
  "$JAVA" "${HELPER_JVM_OPTS[@]}" -cp "$CP" kafka.tools.StorageTool format \
    -t "$cluster_id" -c "$KAFKA_CONF" --standalone 9>&- \
    || die "kafka-storage format failed"
}

# --------------------------------------------------------------------------------------------
# Kafka: broker process
# --------------------------------------------------------------------------------------------
kafka_pid() {
  local pid
  [[ -s "$KAFKA_PID_FILE" ]] || return 1
  pid="$(cat "$KAFKA_PID_FILE")"
  [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 1
  [[ "$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)" == *kafka.Kafka* ]] || return 1
  echo "$pid"
}

KAFKA_STATUS="already running"
if PID="$(kafka_pid)"; then
  port_open "$KAFKA_HOST" "$KAFKA_PORT" || KAFKA_STATUS="starting (pid $PID)"
elif port_open "$KAFKA_HOST" "$KAFKA_PORT" || port_open "$KAFKA_HOST" "$KAFKA_CONTROLLER_PORT"; then
  rm -f "$KAFKA_PID_FILE"
  PID=""
  KAFKA_STATUS="running, NOT started by up.sh (no live pid file $KAFKA_PID_FILE)"
  say "WARNING: something already listens on $KAFKA_HOST:$KAFKA_PORT or :$KAFKA_CONTROLLER_PORT; using it as is"
else
  rm -f "$KAFKA_PID_FILE"
  prepare_kafka_storage
  say "starting Kafka $KAFKA_VERSION (KRaft) on $KAFKA_HOST:$KAFKA_PORT, log $KAFKA_LOG"
  printf '=== %s starting kafka.Kafka %s\n' "$(date -Is)" "$KAFKA_VERSION" >>"$KAFKA_OUT"
  # setsid: own session, so the broker outlives this shell and its process group.
  # The child shell writes its own pid, then exec's java, so the pid file names the JVM.
  setsid nohup bash -c 'echo $$ >"$0"; exec "$@"' "$KAFKA_PID_FILE" \
    "$JAVA" -Xms256m -Xmx768m -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
    -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent \
    -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$HERE/kafka/log4j2.properties" \
    -Daf.kafka.log.file="$KAFKA_LOG" -Dkafka.logs.dir="$LOG_DIR" \
    -cp "$CP" kafka.Kafka "$KAFKA_CONF" \
    >>"$KAFKA_OUT" 2>&1 </dev/null 9>&- &
  for _ in $(seq 1 50); do
    [[ -s "$KAFKA_PID_FILE" ]] && break
    sleep 0.1
  done
  PID="$(cat "$KAFKA_PID_FILE" 2>/dev/null || true)"
  [[ -n "$PID" ]] || die "the broker did not start (see $KAFKA_OUT)"
  KAFKA_STATUS="started (pid $PID)"
fi

# --------------------------------------------------------------------------------------------
# Kafka: readiness + contract topics, in one JVM
# --------------------------------------------------------------------------------------------
helper_args=(--bootstrap "$KAFKA_HOST:$KAFKA_PORT" --wait-seconds "$KAFKA_READY_SECONDS" --quiet)
[[ -n "$PID" ]] && helper_args+=(--pid "$PID")
if ! TOPIC_REPORT="$("$JAVA" "${HELPER_JVM_OPTS[@]}" "${HELPER[@]}" "${helper_args[@]}" "${TOPICS[@]}" 9>&- 2>&1)"; then
  printf '%s\n' "$TOPIC_REPORT" >&2
  printf '\n--- last lines of %s ---\n' "$KAFKA_OUT" >&2
  tail -n 20 "$KAFKA_OUT" >&2 2>/dev/null || true
  printf '\n--- last lines of %s ---\n' "$KAFKA_LOG" >&2
  tail -n 40 "$KAFKA_LOG" >&2 2>/dev/null || true
  die "Kafka is not ready on $KAFKA_HOST:$KAFKA_PORT"
fi

# --------------------------------------------------------------------------------------------
# Summary
# --------------------------------------------------------------------------------------------
if [[ -n "$PID" ]]; then
  KAFKA_STATUS="${KAFKA_STATUS/already running/already running (pid $PID)}"
  KAFKA_FILES="log $KAFKA_LOG, data $KAFKA_DATA"
else
  KAFKA_FILES="(an existing broker: its version, log and data are not managed here)"
fi
cat <<EOF
[up] Agent Factory local infrastructure is up ($(elapsed) s)
  PostgreSQL  $PG_HOST:$PG_PORT  user=$PG_USER db=$PG_DATABASE ($PG_DB_STATUS)  ${PG_STATUS}
  Kafka       $KAFKA_HOST:$KAFKA_PORT  KRaft, kafka_2.13 $KAFKA_VERSION  ${KAFKA_STATUS}
              $KAFKA_FILES
$TOPIC_REPORT
  stop with: deploy/local/down.sh (leaves PostgreSQL running)
EOF
