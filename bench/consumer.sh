#!/usr/bin/env bash
# Benchmark of consumer-service (seed 001, Thales D1 consumer operations):
#   1. GET operations list of a consumer with 500 operations (limit 10, random offset), 64 and 32 connections
#   2. GET operations list of random consumers among 100,000 (3 operations each), 32 connections
#   3. GET one operation of a random consumer, 32 connections
#   4. POST operations:delete whose cascade into the real card-service succeeds at once: 1 connection (latency)
#      and 16 connections (throughput); every consumer has an account, a card and a digital card
#   5. the outbox path: the same deletes with card-service stopped (answer PENDING), then the time the worker
#      needs to finish them all once card-service is back
# Data (loaded by SQL): 100,000 consumers x 3 operations + 1 consumer x 500 operations = 300,500 operations.
#
# Usage: bench/consumer.sh   (BENCH_DURATION=20s BENCH_WARMUP=10s to change; BENCH_LISTS_ONLY=1: phases 1-3 only)
# Needs: wrk, psql, curl, openssl. Builds the jars if absent. Own ports and data directory.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
export BENCH_WORK=${BENCH_WORK:-$ROOT/.local/bench-consumer}
export BENCH_PG_PORT=${BENCH_PG_PORT:-55482}
export BENCH_AUTH_PORT=${BENCH_AUTH_PORT:-18281}
. "$ROOT/bench/lib.sh"

PORT=${BENCH_CONSUMER_PORT:-18282}
CARD_PORT=${BENCH_CARD_PORT:-18283}
DURATION=${BENCH_DURATION:-20s}
WARMUP=${BENCH_WARMUP:-10s}
CONSUMERS=100000
DELETE_THREADS=4
DELETES_PER_THREAD=20000
RUN=r$(( $(date +%s) % 100000 ))
PAN_KEY=bench-pan-digest-key-0123456789abcdefghijklmnopqrstuvwxyz

bench_require wrk psql curl openssl
trap bench_stop_all EXIT
bench_build auth-service consumer-service
[ -f "$ROOT/card-service/target/quarkus-app/quarkus-run.jar" ] || { echo "bench: package card-service first" >&2; exit 1; }

bench_start_postgres
[ -f "$BENCH_WORK/signing.pem" ] || openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 \
  -out "$BENCH_WORK/signing.pem" 2>/dev/null
bench_start_service auth-service "$BENCH_AUTH_PORT" \
  PLATFORM_CLIENT_SECRET_PEPPER="$BENCH_PEPPER" \
  PLATFORM_BOOTSTRAP_CLIENTS="$ROOT/bench/clients.json" \
  PLATFORM_TOKEN_ENDPOINT="http://localhost:$BENCH_AUTH_PORT/oauth2/token" \
  PLATFORM_SIGNING_KEY_LOCATION="$BENCH_WORK/signing.pem"

# card-service runs from a copy of its packaged application: its module may be rebuilt while this runs
rm -rf "$BENCH_WORK/card-service-app" && cp -r "$ROOT/card-service/target/quarkus-app" "$BENCH_WORK/card-service-app"
start_cards() {
  local started=$(date +%s%N)
  # the tracking hub's JWE keys are not needed for the internal cascade endpoint
  env QUARKUS_HTTP_PORT="$CARD_PORT" \
      PLATFORM_DB_REACTIVE_URL="postgresql://localhost:$BENCH_PG_PORT/postgres" \
      PLATFORM_DB_JDBC_URL="jdbc:postgresql://localhost:$BENCH_PG_PORT/postgres" \
      PLATFORM_JWKS_URL="http://localhost:$BENCH_AUTH_PORT/.well-known/jwks.json" \
      PLATFORM_TOKEN_ISSUER="$BENCH_ISSUER" QUARKUS_LOG_CONSOLE_LEVEL=WARN \
      PLATFORM_PAN_DIGEST_KEY="$PAN_KEY" _PROD_PLATFORM_TRACKING_REQUIRE_JWE_KEYS=false \
      java ${BENCH_JAVA_OPTS:-} -jar "$BENCH_WORK/card-service-app/quarkus-run.jar" >> "$BENCH_WORK/card-service.log" 2>&1 &
  CARD_PID=$!
  BENCH_PIDS+=($CARD_PID)
  bench_wait_for "http://localhost:$CARD_PORT/q/health/ready" 180
  echo "card-service ready on $CARD_PORT in $(( ($(date +%s%N) - started) / 1000000 )) ms (pid $CARD_PID)"
}
start_cards
bench_start_service consumer-service "$PORT" \
  PLATFORM_CARD_SERVICE_URL="http://localhost:$CARD_PORT" \
  PLATFORM_CARD_SERVICE_TOKEN_URL="http://localhost:$BENCH_AUTH_PORT/oauth2/token" \
  PLATFORM_CARD_SERVICE_CLIENT_ID=bench-consumer-service \
  PLATFORM_CARD_SERVICE_CLIENT_SECRET=bench-consumer-service-secret-0123456789abcd \
  PLATFORM_CONSUMER_CASCADE_EVERY=1s \
  PLATFORM_CONSUMER_CASCADE_BACKOFF_MAX=PT5S

echo "== loading data ($CONSUMERS consumers x 3 operations, 1 consumer x 500, $((DELETE_THREADS * DELETES_PER_THREAD)) consumers to delete)"
load_started=$(date +%s)
bench_psql "TRUNCATE consumer.cascade_outbox, consumer.operations, consumer.accounts, consumer.consumers"
bench_psql "
INSERT INTO consumer.consumers (issuer_id, consumer_id, status, created_at, updated_at)
  SELECT 'BENCH00001', 'bench-c' || lpad(i::text, 6, '0'), 'ACTIVE', now(), now() FROM generate_series(1, $CONSUMERS) i;
INSERT INTO consumer.accounts (issuer_id, consumer_id, account_id, created_at)
  SELECT 'BENCH00001', 'bench-c' || lpad(i::text, 6, '0'), 'acc-' || i, now() FROM generate_series(1, $CONSUMERS) i;
INSERT INTO consumer.operations (operation_id, issuer_id, consumer_id, operation, status, start_time, end_time,
    requestor_type, requestor_id, reason, reason_code)
  SELECT 'OPR' || lpad(i::text, 6, '0') || k.suffix, 'BENCH00001', 'bench-c' || lpad(i::text, 6, '0'), k.op,
         'SUCCESSFUL', t.at, t.at, 'ISSUER', 'BENCH00001', k.reason, k.code
    FROM generate_series(1, $CONSUMERS) i
    CROSS JOIN (VALUES ('A', 'REGISTER', NULL, NULL, 3), ('B', 'SUSPEND', 'fraud suspected', 'ISSUER_DECISION', 2),
                       ('C', 'RESUME', 'customer was contacted on June 28', 'USER_DECISION', 1))
               AS k(suffix, op, reason, code, age)
    CROSS JOIN LATERAL (SELECT now() - make_interval(days => (i % 60) + k.age, secs => i % 3600) AS at) t;
INSERT INTO consumer.consumers (issuer_id, consumer_id, status, created_at, updated_at)
  VALUES ('BENCH00001', 'bench-hot', 'ACTIVE', now(), now());
INSERT INTO consumer.operations (operation_id, issuer_id, consumer_id, operation, status, start_time, end_time,
    requestor_type, requestor_id, reason, reason_code)
  SELECT 'OPH' || lpad(j::text, 4, '0'), 'BENCH00001', 'bench-hot', CASE WHEN j % 2 = 0 THEN 'SUSPEND' ELSE 'RESUME' END,
         'SUCCESSFUL', now() - make_interval(mins => j), now() - make_interval(mins => j), 'ISSUER', 'BENCH00001',
         'customer was contacted on June 28', 'ISSUER_DECISION'
    FROM generate_series(1, 500) j;
"
load_delete_consumers() { # run-prefix : consumers for the delete runs, each with an account, a card, a digital card
  bench_psql "
  INSERT INTO consumer.consumers (issuer_id, consumer_id, status, created_at, updated_at)
    SELECT 'BENCH00001', format('bench-d%s-%s-%s', '$1', lpad(t::text, 2, '0'), lpad(n::text, 6, '0')), 'ACTIVE', now(), now()
      FROM generate_series(1, $DELETE_THREADS) t, generate_series(1, $DELETES_PER_THREAD) n;
  INSERT INTO consumer.accounts (issuer_id, consumer_id, account_id, created_at)
    SELECT 'BENCH00001', format('bench-d%s-%s-%s', '$1', lpad(t::text, 2, '0'), lpad(n::text, 6, '0')), 'acc-1', now()
      FROM generate_series(1, $DELETE_THREADS) t, generate_series(1, $DELETES_PER_THREAD) n;
  INSERT INTO card.cards (issuer_id, card_id, consumer_id, account_id, product_type, status)
    SELECT 'BENCH00001', format('card-%s-%s-%s', '$1', t, n), format('bench-d%s-%s-%s', '$1', lpad(t::text, 2, '0'),
           lpad(n::text, 6, '0')), 'acc-1', 'DEBIT', 'ACTIVE'
      FROM generate_series(1, $DELETE_THREADS) t, generate_series(1, $DELETES_PER_THREAD) n;
  INSERT INTO card.digital_cards (issuer_id, digital_card_id, card_id, wallet_provider, status)
    SELECT 'BENCH00001', format('dc-%s-%s-%s', '$1', t, n), format('card-%s-%s-%s', '$1', t, n), 'APPLE_PAY', 'ACTIVE'
      FROM generate_series(1, $DELETE_THREADS) t, generate_series(1, $DELETES_PER_THREAD) n;
  "
}
load_delete_consumers "$RUN"
load_delete_consumers "${RUN}x"
load_delete_consumers "${RUN}w"
bench_psql "VACUUM ANALYZE consumer.consumers, consumer.accounts, consumer.operations, card.cards, card.digital_cards"
echo "loaded in $(( $(date +%s) - load_started )) s: $(bench_psql 'SELECT count(*) FROM consumer.operations') operations"

TOKEN=$(bench_token bench-d1-issuer consumers:operations)
[ -n "$TOKEN" ] || { echo "bench: no token" >&2; exit 1; }
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $(java -version 2>&1 | head -1)"
echo "consumer-service RSS after start: $(bench_rss_mib "$BENCH_PID_consumer_service") MiB"

run_wrk() { # mode connections duration [run] : wrk's RESULT line, then the service's CPU time per request
  local threads=$(( $2 < 4 ? $2 : 4 ))
  local cpu0 cpu1 out requests
  cpu0=$(awk '{print $14 + $15}' "/proc/$BENCH_PID_consumer_service/stat")
  out=$(BENCH_TOKEN=$TOKEN BENCH_MODE=$1 BENCH_RUN=${4:-$RUN} BENCH_CONSUMERS=$CONSUMERS \
    wrk -t"$threads" -c"$2" -d"$3" --latency --timeout 10s -s "$ROOT/bench/consumer.lua" "http://localhost:$PORT")
  cpu1=$(awk '{print $14 + $15}' "/proc/$BENCH_PID_consumer_service/stat")
  echo "$out" | grep -E "RESULT|Socket errors"
  requests=$(echo "$out" | sed -n 's/.*RESULT.* requests=\([0-9]*\).*/\1/p')
  echo "SERVICE_CPU mode=$1 connections=$2 cpu_ms_per_request=$(awk -v t=$(( cpu1 - cpu0 )) -v r="$requests" \
    -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.2f", t * 1000 / hz / r }') load_average=$(cut -d' ' -f1 /proc/loadavg)"
}

echo "== warm-up ($WARMUP each for lists, get and delete; not recorded)"
run_wrk hot 32 "$WARMUP" > /dev/null
run_wrk one 32 "$WARMUP" > /dev/null
run_wrk delete 4 "$WARMUP" "${RUN}w" > /dev/null
for spec in "hot 64" "hot 32" "list 32" "one 32"; do
  set -- $spec
  echo "== $1, $2 connections, $DURATION"
  run_wrk "$1" "$2" "$DURATION"
done

# BENCH_LISTS_ONLY=1: the read phases only (quick comparisons of one change)
[ "${BENCH_LISTS_ONLY:-0}" = 1 ] && exit 0

# The delete consumers of the two runs: threads 01..04 use their own ranges; 1 connection uses thread 01's.
echo "== delete with the real card-service, 1 connection, 10s (latency of a cascade that succeeds at once)"
run_wrk delete 1 10s "$RUN"
echo "== delete with the real card-service, 16 connections, $DURATION"
run_wrk delete 16 "$DURATION" "${RUN}x"
echo "operations: $(bench_psql "SELECT status || '=' || count(*) FROM consumer.operations WHERE operation = 'DELETE' GROUP BY status ORDER BY 1" | tr '\n' ' ')"
echo "cards left ACTIVE for deleted consumers: $(bench_psql "SELECT count(*) FROM card.cards c JOIN consumer.consumers k ON k.issuer_id = c.issuer_id AND k.consumer_id = c.consumer_id WHERE k.status = 'DELETED' AND c.status <> 'DELETED'")"

echo "== the outbox path: card-service stopped, deletes for 10s with 16 connections"
load_delete_consumers "${RUN}y"
kill "$CARD_PID"; while kill -0 "$CARD_PID" 2>/dev/null; do sleep 0.2; done
run_wrk delete 16 10s "${RUN}y"
pending=$(bench_psql "SELECT count(*) FROM consumer.cascade_outbox WHERE completed_at IS NULL")
echo "pending cascades: $pending; starting card-service again"
restart_at=$(date +%s%N)
start_cards
until [ "$(bench_psql "SELECT count(*) FROM consumer.cascade_outbox WHERE completed_at IS NULL")" = 0 ]; do sleep 0.5; done
echo "OUTBOX drained=$pending seconds_after_card_service_start=$(( ($(date +%s%N) - restart_at) / 1000000 / 1000 ))"
echo "operations: $(bench_psql "SELECT status || '=' || count(*) FROM consumer.operations WHERE operation = 'DELETE' GROUP BY status ORDER BY 1" | tr '\n' ' ')"
echo "consumer-service RSS after load: $(bench_rss_mib "$BENCH_PID_consumer_service") MiB"
echo "machine after: load average $(cut -d' ' -f1-3 /proc/loadavg)"
