#!/usr/bin/env bash
# Queue benchmark: the service over HTTP (64 workers: complete+claimNext, separate calls, both also on a fixed
# schedule), the idle long-poll latency, the same SQL driven directly by pgbench as the ceiling, and the naive
# design of the queue's issue by pgbench, to compare this host with the issue's reference machine. Needs
# deploy/local/up.sh (Kafka) and a packaged service (./mvnw -B -q -pl queue-service package -DskipTests).
# The database is the benchmark's own PostgreSQL cluster (bench/postgres.sh, configured by
# bench/postgresql.conf); BENCH_PG=local measures against deploy/local's PostgreSQL as it is configured instead.
#   MESSAGES=1000000 CONVERSATIONS=100000 WORKERS=64 DURATION=30 WARMUP=90 queue-service/bench/run.sh
set -euo pipefail
MESSAGES=${MESSAGES:-1000000}
CONVERSATIONS=${CONVERSATIONS:-100000}
WORKERS=${WORKERS:-64}
DURATION=${DURATION:-30}
# the JIT compilers need about a minute of load before the service runs at its steady speed; a backlog drains
# at over 1,000 cycles/s, so keep DURATION × that below MESSAGES (e.g. DURATION=5 for 10k messages)
WARMUP=${WARMUP:-90}
# the ceiling: pgbench clients × batch size = the HTTP workers, as the service batches them
PGBENCH_CLIENTS=${PGBENCH_CLIENTS:-4}
PGBENCH_BATCH=$(( WORKERS / PGBENCH_CLIENTS ))
# the naive design's clients, as the issue measured it
NAIVE_CLIENTS=${NAIVE_CLIENTS:-16}
PORT=${PORT:-18082}
# the measured modes (chained, separate, either with @<cycles per second> on a schedule; see HttpBench), and extra
# JVM options for the service (e.g. SERVICE_OPTS=-Daf.queue.batch.max-in-flight=2)
MODES=${MODES:-chained,separate,chained@3000,chained@2000,separate@1500}
SERVICE_OPTS=${SERVICE_OPTS:-}
# messages sent through Kafka, 2 ms apart and untimed, before the first idle-latency pass: the load modes write
# their backlog straight to the tables, so the service's ingest path (and its hand-off to a waiting claim) is
# still cold when they end, where in production every message has come that way (0 leaves it cold)
INGEST_WARM=${INGEST_WARM:-5000}
# LEVEL=steady refills the backlog as it is worked off, so each mode measures a constant number of queued rows
# (drain: the backlog shrinks during the mode, by cycles/s × DURATION)
LEVEL=${LEVEL:-drain}
case "$LEVEL" in steady | drain) ;; *) echo "LEVEL must be steady or drain, not '$LEVEL'" >&2; exit 2 ;; esac
BENCH_PG=${BENCH_PG:-own}
here="$(cd "$(dirname "$0")" && pwd)"
module="$(dirname "$here")"
root="$(dirname "$module")"
# shellcheck disable=SC1091
source "$root/deploy/local/dev.env"
if [ "$BENCH_PG" = own ]; then
  "$here/postgres.sh" start
  export AF_PG_HOST=127.0.0.1 AF_PG_PORT=${BENCH_PG_PORT:-55432}
fi
DB=af_bench_queue
PSQL=(psql -q -h "$AF_PG_HOST" -p "$AF_PG_PORT" -U "$AF_PG_USER")
PREFIX="bench$(date +%s)."
KAFKA_CP="$(ls ~/.m2/repository/org/apache/kafka/kafka-clients/4.1.*/kafka-clients-4.1.*.jar | head -1):$(ls ~/.m2/repository/org/slf4j/slf4j-api/2.0.*/slf4j-api-2.0.*.jar | head -1)"

"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"

# shellcheck disable=SC2086
AF_PG_DATABASE=$DB java -Xmx1g $SERVICE_OPTS -Dquarkus.profile=local -Daf.kafka.topic-prefix="$PREFIX" -Dquarkus.http.port="$PORT" \
  -Dquarkus.log.level=WARN -jar "$module/target/quarkus-app/quarkus-run.jar" > "$module/target/bench-service.log" 2>&1 &
service=$!
trap 'kill $service 2>/dev/null || true' EXIT
until curl -fs "http://127.0.0.1:$PORT/q/health/ready" > /dev/null; do sleep 1; done

# lifecycle events appended but not yet published to Kafka by the outbox relay
relay_backlog() {
  "${PSQL[@]}" -d $DB -Atc "SELECT coalesce(max(id), 0) - coalesce((SELECT max(last_id) FROM queue.relay_position), 0)
    FROM queue.event_log"
}
# what pgbench completed, counted in the table: a batch that found the backlog empty is no cycle, though tps ×
# batch would count it
completed_per_second() { # <label> [schema]
  "${PSQL[@]}" -d $DB -Atc "SELECT '$1: ' || round(count(*) FILTER (WHERE status = 'done') / $DURATION.0)
    || ' cycles/s (completed messages), ' || count(*) FILTER (WHERE status = 'queued') || ' queued at the end'
    FROM ${2:-queue}.messages"
}
seed=("${PSQL[@]}" -d $DB -v messages="$MESSAGES" -v conversations="$CONVERSATIONS" -f "$here/seed.sql")
BENCH_CP="$KAFKA_CP"
if [ "$LEVEL" = steady ]; then
  BENCH_CP="$KAFKA_CP:$(ls ~/.m2/repository/org/postgresql/postgresql/42.*/postgresql-42.*.jar | tail -1)"
  export REFILL_JDBC="jdbc:postgresql://$AF_PG_HOST:$AF_PG_PORT/$DB?user=$AF_PG_USER" REFILL_CONVERSATIONS="$CONVERSATIONS"
fi

echo "== $WORKERS workers over HTTP: $WARMUP s warm-up on a throwaway backlog of 600k messages, then"
echo "   each mode of $MODES for $DURATION s on a fresh backlog: $MESSAGES messages over $CONVERSATIONS conversations" \
  "($LEVEL)"
"${PSQL[@]}" -d $DB -v messages=600000 -v conversations=60000 -f "$here/seed.sql"
SERVICE_PID=$service java -cp "$BENCH_CP" "$here/HttpBench.java" cycles "http://127.0.0.1:$PORT" "$AF_ADMIN_API_KEY" "$WORKERS" "$WARMUP" \
  "$DURATION" "$MODES" "${seed[@]}"
echo "relay backlog at the end: $(relay_backlog) events"
echo "== queue depth left: $("${PSQL[@]}" -d $DB -Atc "SELECT count(*) FROM queue.messages WHERE status = 'queued'")"

echo "== enqueue-to-claim latency, idle long-polling workers (empty queue)"
# emptied with TRUNCATE: rewriting a million rows would leave autovacuum busy during the measurement
"${PSQL[@]}" -d $DB -c "TRUNCATE queue.messages, queue.conversations" -c "CHECKPOINT"
waited=0
while [ "$(relay_backlog)" -gt 0 ]; do sleep 1; waited=$((waited + 1)); done
echo "(the relay finished publishing the load's events ${waited} s after it ended; each pass times 200 messages" \
  "50 ms apart, the first after $INGEST_WARM untimed ones 2 ms apart and a 3 s pause, the second after 100 untimed" \
  "ones 50 ms apart: they warm its driver and the service's ingest and idle path)"
java -cp "$KAFKA_CP" "$here/HttpBench.java" latency "http://127.0.0.1:$PORT" "$AF_ADMIN_API_KEY" "$AF_KAFKA_BOOTSTRAP" "$PREFIX" 200 \
  socket "$INGEST_WARM" 2
# where the time went, from the rows' own clocks (the driver's send time is the message's receivedAt): Kafka and the
# ingest until the insert's transaction began, then until the claim's began (the driver printed the last leg)
"${PSQL[@]}" -d $DB -c "SELECT leg, round(percentile_cont(0.5) WITHIN GROUP (ORDER BY ms)::numeric, 1) AS p50_ms,
    round(percentile_cont(0.99) WITHIN GROUP (ORDER BY ms)::numeric, 1) AS p99_ms, round(max(ms)::numeric, 1) AS max_ms
  FROM queue.messages, LATERAL (VALUES ('send -> stored', enqueued_at - received_at), ('stored -> claimed', claimed_at - enqueued_at))
    AS legs(leg, took), LATERAL (SELECT extract(epoch FROM took) * 1000 AS ms) AS t
  WHERE message_id LIKE 'lat:%' AND claimed_at IS NOT NULL GROUP BY leg ORDER BY leg"
java -cp "$KAFKA_CP" "$here/HttpBench.java" kafka-hop "$AF_KAFKA_BOOTSTRAP" "$PREFIX" 200
# the same with the JDK's HttpClient in the workers, as the reference worker claims
"${PSQL[@]}" -d $DB -c "TRUNCATE queue.messages, queue.conversations"
java -cp "$KAFKA_CP" "$here/HttpBench.java" latency "http://127.0.0.1:$PORT" "$AF_ADMIN_API_KEY" "$AF_KAFKA_BOOTSTRAP" "$PREFIX" 200 jdk

echo "== a message freed by a completion, to a worker long-polling for it (one conversation, 2 workers)"
"${PSQL[@]}" -d $DB -v messages=1000 -v conversations=1 -f "$here/seed.sql"
java -cp "$KAFKA_CP" "$here/HttpBench.java" freed "http://127.0.0.1:$PORT" "$AF_ADMIN_API_KEY" 200

kill $service; wait $service 2>/dev/null || true; trap - EXIT

echo "== ceiling: the same SQL via pgbench, $PGBENCH_CLIENTS clients × batches of $PGBENCH_BATCH, no HTTP"
"${seed[@]}"
# at a steady level the ceiling refills as the driver does (its database work is part of both measurements)
refill=0; [ "$LEVEL" = steady ] && refill=1
pgbench -n -M prepared -h "$AF_PG_HOST" -p "$AF_PG_PORT" -U "$AF_PG_USER" -f "$here/cycle.sql" -c "$PGBENCH_CLIENTS" \
  -j 2 -T "$DURATION" -D leases='{}' -D n="$PGBENCH_BATCH" -D refill=$refill -D conversations="$CONVERSATIONS" \
  -D owed=0 $DB | grep -E "tps|latency|failed"
completed_per_second ceiling

echo "== the naive design for scale (bench/naive.sql, its own tables): $NAIVE_CLIENTS clients, a transaction to claim one"
echo "   message and one to complete it, no events; the queue's issue gives about 2,700 cycles/s on its reference machine"
"${PSQL[@]}" -d $DB -v messages="$MESSAGES" -v conversations="$CONVERSATIONS" -f "$here/naive-seed.sql"
pgbench -n -M prepared -h "$AF_PG_HOST" -p "$AF_PG_PORT" -U "$AF_PG_USER" -f "$here/naive.sql" -c "$NAIVE_CLIENTS" \
  -j 2 -T "$DURATION" $DB | grep -E "tps|latency|failed"
completed_per_second naive naive
"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)"
if [ "$BENCH_PG" = own ]; then "$here/postgres.sh" stop; fi
