#!/usr/bin/env bash
# Runs the whole Agent Factory on this machine with the local dev profile:
#   infrastructure (deploy/local/up.sh), build (./mvnw package -DskipTests), then every service
#   as a background java process (logs and pid files under $AF_STATE_DIR), health check, a table
#   of URLs and the dev credentials. Stays in the foreground; Ctrl-C (or SIGTERM) stops every
#   process it started. deploy/local/down.sh also stops them, through their pid files.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$HERE/../.." && pwd)"

# shellcheck source=dev.env
source "$HERE/dev.env"

export AF_STATE_DIR="${AF_STATE_DIR:-$HOME/.local/state/agentfactory}"
LOG_DIR="$AF_STATE_DIR/logs"
PID_DIR="$AF_STATE_DIR/pids"

# The services: "<module directory> <http port>". Add a line to run one more.
SERVICES=(
  "ingress-service 8081"
  "queue-service 8082"
  "scheduler-service 8083"
  "provider-service 8084"
  "skills-service 8085"
)
# Optional fake Telegram Bot API, started when its jar has been built.
FAKE_TELEGRAM_JAR="fakes/target/fakes.jar"
FAKE_TELEGRAM_PORT=8086

HEALTH_TIMEOUT_SECONDS=90
STOP_GRACE_SECONDS=15
read -r -a SERVICE_JVM_OPTS <<<"${AF_SERVICE_JVM_OPTS:--Xms64m -Xmx512m}"

if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then JAVA="$JAVA_HOME/bin/java"; else JAVA="java"; fi

say() { printf '[run] %s\n' "$*"; }
# shellcheck source=processes.sh
source "$HERE/processes.sh"
die() { printf '[run] ERROR: %s\n' "$*" >&2; exit 1; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
http_ok() { # port path
  if command -v curl >/dev/null 2>&1; then
    curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$1$2" 2>/dev/null
  else
    local line
    exec 8<>"/dev/tcp/127.0.0.1/$1" 2>/dev/null || return 1
    printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' "$2" >&8
    IFS= read -r -t 2 line <&8 || true
    exec 8>&-
    [[ "$line" == *" 200 "* ]]
  fi
}

mkdir -p "$LOG_DIR" "$PID_DIR"

# ---- refuse to start twice ------------------------------------------------------------------
check_free() { # name port
  local file="$PID_DIR/$1.pid" pid
  if [[ -s "$file" ]]; then
    pid="$(cat "$file")"
    if [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null; then
      die "$1 is already running (pid $pid); stop it with deploy/local/down.sh"
    fi
    rm -f "$file"
  fi
  if port_open "$2"; then
    die "port $2 (for $1) is already in use"
  fi
}
for entry in "${SERVICES[@]}"; do
  read -r name port <<<"$entry"
  check_free "$name" "$port"
done
HAVE_FAKE=0
if [[ -f "$REPO_ROOT/$FAKE_TELEGRAM_JAR" ]]; then
  HAVE_FAKE=1
fi

# ---- infrastructure and build ---------------------------------------------------------------
"$HERE/up.sh"

cd "$REPO_ROOT"
say "building: ./mvnw -B -q package -DskipTests"
./mvnw -B -q package -DskipTests

for entry in "${SERVICES[@]}"; do
  read -r name port <<<"$entry"
  [[ -f "$name/target/quarkus-app/quarkus-run.jar" ]] || die "$name/target/quarkus-app/quarkus-run.jar missing after the build"
done
# The fakes jar may have been built just now.
if ((!HAVE_FAKE)) && [[ -f "$FAKE_TELEGRAM_JAR" ]]; then HAVE_FAKE=1; fi
if ((HAVE_FAKE)); then check_free fake-telegram "$FAKE_TELEGRAM_PORT"; fi

# ---- start, and stop everything on exit -----------------------------------------------------
STARTED_PIDS=()
STARTED_NAMES=()

cleanup() {
  local rc=$? i name
  trap - EXIT INT TERM
  if ((${#STARTED_PIDS[@]})); then
    say "stopping ${STARTED_NAMES[*]}"
    local -a running=()
    for i in "${!STARTED_PIDS[@]}"; do running+=("${STARTED_NAMES[$i]}" "${STARTED_PIDS[$i]}"); done
    terminate "$STOP_GRACE_SECONDS" "${running[@]}"
    for name in "${STARTED_NAMES[@]}"; do rm -f "$PID_DIR/$name.pid"; done
    "$HERE/stop-machines.sh" || true
    say "stopped (Kafka and PostgreSQL keep running; deploy/local/down.sh stops Kafka)"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

start_proc() { # name command...
  local name="$1" log="$LOG_DIR/$1.log" pid
  shift
  printf '=== %s starting %s: %s\n' "$(date -Is)" "$name" "$*" >>"$log"
  "$@" >>"$log" 2>&1 </dev/null &
  pid=$!
  echo "$pid" >"$PID_DIR/$name.pid"
  STARTED_PIDS+=("$pid")
  STARTED_NAMES+=("$name")
  say "started $name (pid $pid), log $log"
}

declare -A PORT_OF=() PID_OF=() HEALTH_OF=()
if ((HAVE_FAKE)); then
  start_proc fake-telegram "$JAVA" -jar "$FAKE_TELEGRAM_JAR" telegram --port "$FAKE_TELEGRAM_PORT" \
    --bot "$AF_DEV_TELEGRAM_BOT_TOKEN:af_dev_bot"
  PORT_OF[fake-telegram]=$FAKE_TELEGRAM_PORT
  PID_OF[fake-telegram]=${STARTED_PIDS[-1]}
fi
for entry in "${SERVICES[@]}"; do
  read -r name port <<<"$entry"
  start_proc "$name" "$JAVA" "${SERVICE_JVM_OPTS[@]}" -Dquarkus.profile=local -Dquarkus.http.port="$port" \
    -Daf.provider.local.state-dir="$AF_STATE_DIR/machines" -Daf.queue.snapshots.dir="$AF_STATE_DIR/snapshots" -jar "$name/target/quarkus-app/quarkus-run.jar"
  PORT_OF[$name]=$port
  PID_OF[$name]=${STARTED_PIDS[-1]}
done

# ---- health ---------------------------------------------------------------------------------
say "waiting up to ${HEALTH_TIMEOUT_SECONDS}s for /q/health/ready"
deadline=$((SECONDS + HEALTH_TIMEOUT_SECONDS))
while :; do
  pending=0
  for name in "${STARTED_NAMES[@]}"; do
    [[ -z "${HEALTH_OF[$name]:-}" ]] || continue
    if ! kill -0 "${PID_OF[$name]}" 2>/dev/null; then
      HEALTH_OF[$name]="EXITED"
    elif [[ "$name" == fake-telegram ]]; then
      if port_open "${PORT_OF[$name]}"; then HEALTH_OF[$name]="UP(port)"; else pending=1; fi
    elif http_ok "${PORT_OF[$name]}" /q/health/ready; then
      HEALTH_OF[$name]="UP"
    else
      pending=1
    fi
  done
  ((pending && SECONDS < deadline)) || break
  sleep 1
done

failed=0
printf '\n%-20s %-6s %-9s %-24s %s\n' SERVICE PORT HEALTH URL OPENAPI
for name in "${STARTED_NAMES[@]}"; do
  port=${PORT_OF[$name]}
  health=${HEALTH_OF[$name]:-DOWN}
  [[ "$health" == UP* ]] || failed=1
  if [[ "$name" == fake-telegram ]]; then openapi="-"; else openapi="http://127.0.0.1:$port/q/openapi"; fi
  printf '%-20s %-6s %-9s %-24s %s\n' "$name" "$port" "$health" "http://127.0.0.1:$port" "$openapi"
done
# ---- the dev agent: agent "default" with a bot on the fake Telegram API, webhook secret from dev.env ----
# Each call is idempotent, so a second run.sh leaves the same state.
api() { # method port path json
  curl -sS -o /dev/null -w '%{http_code}' -X "$1" "http://127.0.0.1:$2$3" \
    -H "Authorization: Bearer $AF_ADMIN_API_KEY" -H 'Content-Type: application/json' -d "$4"
}
register_dev_agent() {
  local ref code
  for ref in openclaw.serviceId openclaw.serviceKey openclaw.linkingSharedSecret; do
    code=$(api PUT 8085 "/v1/secrets/$ref" "{\"value\":\"dev-$ref\"}")
    [[ "$code" == 2* ]] || { say "storing dev secret $ref failed ($code)"; return 1; }
  done
  code=$(api PUT 8085 /v1/agents/default '{"enabled":true,"secretsRef":[],"bridgeConfig":{"enabled":false}}')
  [[ "$code" == 2* ]] || { say "registering agent default failed ($code)"; return 1; }
  code=$(api POST 8085 /v1/agents/default/telegram/token "{\"token\":\"$AF_DEV_TELEGRAM_BOT_TOKEN\"}")
  [[ "$code" == 2* ]] || { say "importing the dev bot token failed ($code)"; return 1; }
  code=$(api POST 8085 /v1/agents/default/telegram/webhook '{"publicBaseUrl":"https://agent-factory.localhost"}')
  [[ "$code" == 2* ]] || { say "configuring the dev webhook failed ($code)"; return 1; }
  say "dev agent 'default' ready: bot af_dev_bot, webhook secret \$AF_DEV_TELEGRAM_WEBHOOK_SECRET"
}
if ((HAVE_FAKE)) && [[ "${HEALTH_OF[skills-service]:-}" == UP ]]; then
  register_dev_agent || failed=1
fi

printf '\nKafka %s, PostgreSQL %s:%s/%s (user %s)\n' "$AF_KAFKA_BOOTSTRAP" "$AF_PG_HOST" "$AF_PG_PORT" "$AF_PG_DATABASE" "$AF_PG_USER"
printf '\nDev credentials (local profile only, from deploy/local/dev.env):\n'
grep -E '^export AF_' "$HERE/dev.env" | grep -vE 'AF_(KAFKA|PG)_' | sed 's/^export /  /'
if ((failed)); then
  say "WARNING: not every service is healthy; see the logs in $LOG_DIR"
fi
printf '\n'
say "running; Ctrl-C stops everything (logs in $LOG_DIR)"

# ---- stay in the foreground until every process has ended (or a signal) ---------------------
declare -A REPORTED=()
while :; do
  wait -n 2>/dev/null || true
  alive=0
  for i in "${!STARTED_PIDS[@]}"; do
    pid=${STARTED_PIDS[$i]}
    name=${STARTED_NAMES[$i]}
    if kill -0 "$pid" 2>/dev/null; then
      alive=1
    elif [[ -z "${REPORTED[$name]:-}" ]]; then
      REPORTED[$name]=1
      say "$name (pid $pid) has exited; see $LOG_DIR/$name.log"
    fi
  done
  ((alive)) || break
done
say "every process has exited"
