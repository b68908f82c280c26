#!/usr/bin/env bash
# Starts the local infrastructure (deploy/local/up.sh), then runs the whole Maven build with its
# tests against it. Extra arguments go to Maven, e.g. deploy/local/test.sh -pl queue-service -am
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$HERE/../.." && pwd)"

"$HERE/up.sh"
cd "$REPO_ROOT"
exec ./mvnw -B verify "$@"
