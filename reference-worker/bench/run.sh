#!/usr/bin/env bash
# Start-up benchmark of the packaged worker (see first_claim.py). Usage: reference-worker/bench/run.sh [RUNS=5]
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -f target/reference-worker.jar ]] || (cd .. && ./mvnw -B -q -f reference-worker/pom.xml package -DskipTests)
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
echo "| JVM flags | runs | start → first claim, median ms | start → exit 0, median ms |"
echo "| --- | --- | --- | --- |"
python3 bench/first_claim.py
