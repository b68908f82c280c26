#!/usr/bin/env bash
# Manifest read benchmark: starts skills-service (local profile) on its own port, database and topic prefix,
# publishes and releases a few realistic skills, then drives GET /v1/skills/manifest with wrk using a worker
# token, half cold reads (200 + body) and half revalidations (If-None-Match → 304).
#
#   skills-service/bench/run.sh [duration=30s] [connections=64] [threads=2]
#
# Needs: the local stack (deploy/local/up.sh), wrk (apt-get install -y wrk), openssl, psql, and a build
# (./mvnw -B -q -pl skills-service package -DskipTests).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
DURATION="${1:-30s}"
CONNECTIONS="${2:-64}"
THREADS="${3:-2}"
PORT="${AF_BENCH_PORT:-18085}"
DB="af_bench_skills_$$"
BASE="http://127.0.0.1:$PORT"
JAR="$REPO/skills-service/target/quarkus-app/quarkus-run.jar"
LOG="$(mktemp -t skills-bench.XXXXXX.log)"

# shellcheck source=../../deploy/local/dev.env
source "$REPO/deploy/local/dev.env"
[[ -f "$JAR" ]] || { echo "build first: ./mvnw -B -q -pl skills-service package -DskipTests" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }

psql -q -h "$AF_PG_HOST" -p "$AF_PG_PORT" -U "$AF_PG_USER" -d postgres -c "CREATE DATABASE $DB" >/dev/null
SERVICE_PID=""
cleanup() {
  if [[ -n "$SERVICE_PID" ]]; then kill "$SERVICE_PID" 2>/dev/null || true; wait "$SERVICE_PID" 2>/dev/null || true; fi
  psql -q -h "$AF_PG_HOST" -p "$AF_PG_PORT" -U "$AF_PG_USER" -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null || true
}
trap cleanup EXIT

AF_PG_DATABASE="$DB" java ${AF_BENCH_JVM_OPTS:--Xms256m -Xmx512m} -Dquarkus.profile=local -Dquarkus.http.port="$PORT" \
  -Daf.kafka.topic-prefix="bench$$." -Dquarkus.log.level=WARN -jar "$JAR" >"$LOG" 2>&1 &
SERVICE_PID=$!
for _ in $(seq 1 90); do
  curl -fsS -o /dev/null "$BASE/q/health/ready" 2>/dev/null && break
  kill -0 "$SERVICE_PID" 2>/dev/null || { cat "$LOG" >&2; exit 1; }
  sleep 1
done

admin=(-H "Authorization: Bearer $AF_ADMIN_API_KEY" -H "Content-Type: application/json")
# five skills of five files (~3 KiB each): a manifest of about 75 KiB
for s in 1 2 3 4 5; do
  files=""
  for f in SKILL.md scripts/index.mjs scripts/lib/a.mjs scripts/lib/b.mjs assets/prompt.md; do
    content="$(head -c 2300 /dev/urandom | base64 -w 76 | sed 's/$/\\n/' | tr -d '\n')"
    files+="${files:+,}{\"path\":\"$f\",\"content\":\"$content\"}"
  done
  curl -fsS -o /dev/null "${admin[@]}" -d "{\"slug\":\"bench-skill-$s\",\"version\":\"1.0.$s\",\"moduleFormat\":\"esm\",\"files\":[$files]}" "$BASE/v1/skills"
  curl -fsS -o /dev/null "${admin[@]}" -d "{\"version\":\"1.0.$s\",\"channel\":\"stable\"}" "$BASE/v1/skills/bench-skill-$s/releases"
done

# a worker token (wt1.<b64url workerId>.<b64url HMAC-SHA256>), as the scheduler mints them
b64url() { base64 -w 0 | tr '+/' '-_' | tr -d '='; }
body="wt1.$(printf '%s' bench-worker | b64url)"
sig="$(printf '%s' "$body" | openssl dgst -sha256 -hmac "$AF_WORKER_TOKEN_SECRET" -binary | b64url)"
export AF_BENCH_TOKEN="$body.$sig"

headers="$(curl -fsS -D - -o /tmp/skills-bench-manifest.json -H "Authorization: Bearer $AF_BENCH_TOKEN" "$BASE/v1/skills/manifest?channel=stable")"
export AF_BENCH_ETAG="$(printf '%s' "$headers" | tr -d '\r' | awk -F': ' 'tolower($1)=="etag"{print $2}')"
echo "manifest: $(wc -c </tmp/skills-bench-manifest.json) bytes, ETag $AF_BENCH_ETAG"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min) on $(nproc) cores before the run"

# warm-up, then the measured run
wrk -t"$THREADS" -c"$CONNECTIONS" -d5s -s "$HERE/manifest.lua" "$BASE" >/dev/null
echo "command: wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency -s skills-service/bench/manifest.lua $BASE"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$HERE/manifest.lua" "$BASE"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min) after the run"
