#!/usr/bin/env bash
# Throughput through the HTTPS front door with one and with two replicas of every service (LOCAL_REPLICAS).
#
# For each replica count: starts the local stack (deploy/local's launcher: embedded PostgreSQL, the six packaged
# services, the front door; rate limits off, all the load comes from one address) on bench ports with a data directory
# of its own, warms up, then runs one wrk per kind of request, one after the other, with the same connections:
#   token   POST /oauth2/token                 auth-service (an RS256 signature per request: CPU)
#   write   POST /partner/publishers           rewards-account-service (an INSERT with its event; the events relay
#                                              and notification-service run behind it)
#   read    GET  /partner/publishers/{id}      rewards-account-service (a primary-key read)
# and prints requests/s, p50/p99 latency and the answers other than 2xx (must be 0) of each, then the table of both
# replica counts. The stack is stopped between the two (nothing is left running). partner-guard's per-client rate
# limit is off (PLATFORM_GUARD_RATE_LIMIT_ENABLED=false, inherited by the services): it would answer most of one
# client's load with 429.
#
# Usage: bench/replicas.sh [duration per kind, default 30s] [connections, default 16] [replica counts, default "1 2"]
# Env:   REPLICAS_BENCH_WARMUP (default 10s per kind), REPLICAS_BENCH_JAVA_OPTS (the services' JVM options; default:
#        the launcher's)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
DURATION=${1:-30s}
CONNECTIONS=${2:-16}
COUNTS=${3:-1 2}
WARMUP=${REPLICAS_BENCH_WARMUP:-10s}
FRONT=18390
PG=55492
BASE=https://localhost:$FRONT
RUN=$(date +%s)

for tool in java wrk curl jq; do
  command -v "$tool" >/dev/null || { echo "bench: '$tool' is missing (Debian: apt-get install -y wrk jq)" >&2; exit 1; }
done
for s in auth-service consumer-service card-service activation-service rewards-account-service notification-service; do
  [ -f "$s/target/quarkus-app/quarkus-run.jar" ] || { echo "bench: $s is not built (mvn -B install -DskipTests)" >&2; exit 1; }
done
[ -f deploy/local/target/classpath.txt ] || { echo "bench: the launcher is not built (mvn -B install -DskipTests)" >&2; exit 1; }

LAUNCHER=
stop() {
  if [ -n "$LAUNCHER" ]; then
    kill "$LAUNCHER" 2>/dev/null || true   # SIGTERM: the launcher stops the front door, the services, PostgreSQL
    wait "$LAUNCHER" 2>/dev/null || true
    LAUNCHER=
  fi
}
trap stop EXIT

declare -A TABLE
for n in $COUNTS; do
  DATA=$ROOT/.local/bench-replicas-$n
  mkdir -p "$DATA"
  env_vars=(LOCAL_DATA_DIR="$DATA" LOCAL_REPLICAS="$n" LOCAL_FRONT_DOOR_PORT=$FRONT LOCAL_POSTGRES_PORT=$PG
            LOCAL_RATE_LIMITS=off LOCAL_AUTH_PORT=18381 LOCAL_CONSUMER_PORT=18382 LOCAL_CARD_PORT=18383
            LOCAL_ACTIVATION_PORT=18384 LOCAL_REWARDS_ACCOUNT_PORT=18385 LOCAL_NOTIFICATION_PORT=18386
            PLATFORM_GUARD_RATE_LIMIT_ENABLED=false)
  [ -n "${REPLICAS_BENCH_JAVA_OPTS:-}" ] && env_vars+=(LOCAL_JAVA_OPTS="$REPLICAS_BENCH_JAVA_OPTS")
  started=$(date +%s)
  : > "$DATA/launcher.log"
  env "${env_vars[@]}" java -cp "deploy/local/target/classes:$(cat deploy/local/target/classpath.txt)" \
    com.cardplatform.local.LocalStack > "$DATA/launcher.log" 2>&1 &
  LAUNCHER=$!
  until grep -qs "The card platform is running" "$DATA/launcher.log"; do
    kill -0 "$LAUNCHER" 2>/dev/null || { echo "bench: the local stack did not start:" >&2; tail -40 "$DATA/launcher.log" >&2; exit 1; }
    [ $(( $(date +%s) - started )) -lt 400 ] || { echo "bench: the stack was not ready in 400 s" >&2; exit 1; }
    sleep 1
  done
  echo "== LOCAL_REPLICAS=$n: stack ready in $(( $(date +%s) - started )) s; load average $(cut -d' ' -f1-3 /proc/loadavg)"
  secret=$(jq -r '.[] | select(.clientId == "local-triple") | .clientSecret' "$DATA/clients.json")
  export BASIC; BASIC=$(printf '%s' "local-triple:$secret" | base64 -w0)
  export BENCH_TOKEN; BENCH_TOKEN=$(curl -fsS --cacert "$DATA/tls/localhost.crt" -u "local-triple:$secret" \
    -d grant_type=client_credentials "$BASE/oauth2/token" | jq -r .access_token)
  export BENCH_ID; BENCH_ID=$(curl -fsS --cacert "$DATA/tls/localhost.crt" -H "Authorization: Bearer $BENCH_TOKEN" \
    -H 'Content-Type: application/json' -d "{\"external_id\":\"bench-read-$RUN\",\"name\":\"Bench\"}" \
    "$BASE/partner/publishers" | jq -r .id)
  for kind in token write read; do
    export BENCH_KIND=$kind
    BENCH_RUN="w$RUN-$n" wrk -t2 -c"$CONNECTIONS" -d"$WARMUP" -s bench/replicas.lua "$BASE" > /dev/null 2>&1
    line=$(BENCH_RUN="m$RUN-$n" wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s bench/replicas.lua "$BASE" 2>&1 \
      | grep '^RESULT' || echo "RESULT failed")
    echo "LOCAL_REPLICAS=$n $kind $line (load average $(cut -d' ' -f1 /proc/loadavg))"
    TABLE[$n,$kind]=$line
  done
  stop
done

echo
echo "| kind | replicas | requests/s | p50 ms | p99 ms | non-2xx | socket errors |"
echo "|---|---|---|---|---|---|---|"
for kind in token write read; do
  for n in $COUNTS; do
    l=${TABLE[$n,$kind]}
    v() { sed -n "s/.*$1=\([^ ]*\).*/\1/p" <<< "$l"; }
    echo "| $kind | $n | $(v rps) | $(v p50) | $(v p99) | $(v non2xx) | $(v socket_errors) |"
  done
done
