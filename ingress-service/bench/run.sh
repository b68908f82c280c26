#!/usr/bin/env bash
# Webhook benchmark: Telegram update in -> message.enqueued acknowledged by Kafka (acks=all) -> 200 out.
# Starts ingress-service (local profile) against its own database and topic prefix on the local stack, seeds
# the catalog with one bot, drives the webhook with wrk, then reads the topic back to check zero loss.
#
#   ingress-service/bench/run.sh                       # defaults below
#   DURATION=60s CONNECTIONS="32 128" ingress-service/bench/run.sh
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
# shellcheck disable=SC1091
source deploy/local/dev.env

DURATION=${DURATION:-30s}
WARMUP=${WARMUP:-10s}
CONNECTIONS=${CONNECTIONS:-"16 64 256"}
THREADS=${THREADS:-2}
PORT=${PORT:-18081}
HEAP=${HEAP:-512m}
RUN="bench$(date +%s)"
PREFIX="$RUN."
DB="af_${RUN}"
SECRET="bench-secret-$RANDOM$RANDOM"
LIBS="ingress-service/target/quarkus-app/lib/main/*"
TOOL=(java -cp "$LIBS" ingress-service/bench/BenchTool.java)
LOG="ingress-service/target/bench-$RUN.log"
ACKED="ingress-service/target/bench-$RUN-acked"
mkdir -p "$ACKED"

command -v wrk >/dev/null || { echo "wrk is needed: apt-get install -y wrk" >&2; exit 1; }
deploy/local/up.sh >/dev/null
[[ -f ingress-service/target/quarkus-app/quarkus-run.jar ]] || ./mvnw -B -q -pl ingress-service package -DskipTests

psql -h "$AF_PG_HOST" -U "$AF_PG_USER" -d postgres -qc "CREATE DATABASE $DB" >/dev/null
"${TOOL[@]}" setup "$AF_KAFKA_BOOTSTRAP" "$PREFIX" bench-agent bench_bot "$SECRET"

java -Xmx"$HEAP" -Dquarkus.profile=local -Dquarkus.http.port="$PORT" -Daf.kafka.topic-prefix="$PREFIX" \
  -Daf.instance-id="$RUN" -Daf.ingress.duplicate-cache-size=1000000 \
  -Dquarkus.datasource.reactive.url="postgresql://$AF_PG_HOST:$AF_PG_PORT/$DB" \
  -Dquarkus.datasource.jdbc.url="jdbc:postgresql://$AF_PG_HOST:$AF_PG_PORT/$DB" \
  -Dquarkus.log.level=WARN -jar ingress-service/target/quarkus-app/quarkus-run.jar >"$LOG" 2>&1 </dev/null &
SERVICE_PID=$!
cleanup() {
  kill "$SERVICE_PID" 2>/dev/null || true
  wait "$SERVICE_PID" 2>/dev/null || true
  "${TOOL[@]}" cleanup "$AF_KAFKA_BOOTSTRAP" "$PREFIX" >/dev/null 2>&1 || true
  psql -h "$AF_PG_HOST" -U "$AF_PG_USER" -d postgres -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null || true
}
trap cleanup EXIT

until curl -fs "http://127.0.0.1:$PORT/q/health/ready" >/dev/null; do
  kill -0 "$SERVICE_PID" 2>/dev/null || { cat "$LOG"; exit 1; }
  sleep 0.5
done
until curl -fs -H "Authorization: Bearer $AF_SERVICE_API_KEY" \
    "http://127.0.0.1:$PORT/v1/catalog/agents/bench-agent" >/dev/null; do sleep 0.2; done

URL="http://127.0.0.1:$PORT"
# CPU seconds the service process has used (user + system), to report its CPU cost per update
cpu_seconds() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$SERVICE_PID/stat"; }
echo "== warm-up ($WARMUP, 64 connections)"
wrk -t"$THREADS" -c64 -d"$WARMUP" -s ingress-service/bench/webhook.lua "$URL" -- "$SECRET" 0 "$ACKED" | tail -2
accepted=$(curl -s "$URL/q/metrics" | awk '/^ingress_telegram_updates_enqueued_total/ {print $2}')
round=1
for c in $CONNECTIONS; do
  echo "== $c connections, $THREADS threads, $DURATION (load average before: $(cut -d' ' -f1-3 /proc/loadavg))"
  cpu_before=$(cpu_seconds)
  out=$(wrk -t"$THREADS" -c"$c" -d"$DURATION" --latency -s ingress-service/bench/webhook.lua "$URL" -- "$SECRET" \
    $((round * 100000000)) "$ACKED")
  grep -E "Requests/sec|answered|latency_ms|Socket errors|Non-2xx" <<<"$out"
  answered=$(sed -n 's/^answered_200=\([0-9]*\).*/\1/p' <<<"$out")
  awk -v a="$cpu_before" -v b="$(cpu_seconds)" -v n="$answered" \
    'BEGIN { printf "service CPU: %.1f s, %.0f us per answered update\n", b - a, (n > 0 ? (b - a) * 1e6 / n : 0) }'
  round=$((round + 1))
done
accepted=$(curl -s "$URL/q/metrics" | awk '/^ingress_telegram_updates_enqueued_total/ {print $2}')
echo "== zero-loss check"
echo "updates acknowledged (answered 200 after the Kafka ack, all rounds incl. warm-up): ${accepted%.*}"
"${TOOL[@]}" verify "$AF_KAFKA_BOOTSTRAP" "$PREFIX" "$ACKED"
