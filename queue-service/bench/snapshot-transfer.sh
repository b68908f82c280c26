#!/usr/bin/env bash
# Snapshot archives through the queue's content routes on a small heap: each archive is uploaded once with a
# declared length and once chunked, finalized, downloaded and compared; prints MiB/s each way and the service's
# peak resident memory. Needs deploy/local/up.sh and a packaged service
# (./mvnw -B -q -pl queue-service package -DskipTests).
#   SIZE_MIB  archive size (default 200)     HEAP  the service's -Xmx (default 64m)
set -euo pipefail
SIZE_MIB=${SIZE_MIB:-200}
HEAP=${HEAP:-64m}
PORT=${PORT:-18092}
here="$(cd "$(dirname "$0")" && pwd)"
module="$(dirname "$here")"
root="$(dirname "$module")"
# shellcheck disable=SC1091
source "$root/deploy/local/dev.env"
DB=af_bench_snapshots
PSQL=(psql -q -h "$AF_PG_HOST" -p "$AF_PG_PORT" -U "$AF_PG_USER")
work="$(mktemp -d)"
"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB" 2> /dev/null
head -c $((SIZE_MIB * 1048576)) /dev/urandom > "$work/archive"
size=$(stat -c %s "$work/archive")
sha=$(sha256sum "$work/archive" | cut -d' ' -f1)

AF_PG_DATABASE=$DB java -Xmx"$HEAP" -Dquarkus.profile=local -Dquarkus.http.port="$PORT" -Dquarkus.log.level=WARN \
  -Daf.queue.snapshots.dir="$work/blobs" -Daf.queue.snapshots.max-bytes="$size" \
  -Daf.kafka.topic-prefix="benchsnap$(date +%s)." -jar "$module/target/quarkus-app/quarkus-run.jar" > "$work/service.log" 2>&1 &
service=$!
trap 'kill $service 2>/dev/null || true; rm -rf "$work"' EXIT
trap 'echo "failed; the end of the service log:" >&2; tail -20 "$work/service.log" >&2' ERR
until curl -fs "http://127.0.0.1:$PORT/q/health/ready" > /dev/null; do sleep 1; done

base="http://127.0.0.1:$PORT/v1/snapshots"
auth=(-H "Authorization: Bearer $AF_ADMIN_API_KEY")
mibs() { awk -v s="$size" -v t="$1" 'BEGIN { printf "%.0f", s / 1048576 / t }'; }

rss() { awk -v k="$1" '$1 == k ":" { printf "%.0f MiB", $2 / 1024 }' "/proc/$service/status"; }
echo "archive $SIZE_MIB MiB, service heap -Xmx$HEAP, resident before the transfers $(rss VmRSS)"
for mode in length chunked; do
  begin="{\"workspaceId\":\"default\",\"agentKey\":\"bench\",\"conversationId\":\"conv-$mode\",\"sizeBytes\":$size,\"sha256\":\"$sha\"}"
  id=$(curl -fs "${auth[@]}" -H 'Content-Type: application/json' -d "$begin" "$base" \
    | sed -E 's/.*"snapshotId":"([^"]+)".*/\1/')
  framing=()
  [ "$mode" = chunked ] && framing=(-H 'Transfer-Encoding: chunked')
  up=$( { /usr/bin/time -f %e curl -fs -o /dev/null "${auth[@]}" "${framing[@]}" \
    -H 'Content-Type: application/octet-stream' -T "$work/archive" "$base/$id/content"; } 2>&1)
  curl -fs -o /dev/null "${auth[@]}" -X POST "$base/$id/finalize"
  down=$( { /usr/bin/time -f %e curl -fs -o "$work/restored" "${auth[@]}" "$base/$id/content"; } 2>&1)
  same=$([ "$(sha256sum "$work/restored" | cut -d' ' -f1)" = "$sha" ] && echo "identical" || echo "DIFFERENT")
  echo "$mode: upload $up s ($(mibs "$up") MiB/s), download $down s ($(mibs "$down") MiB/s), restored $same"
done
echo "service peak resident memory $(rss VmHWM)"
