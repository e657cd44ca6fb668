#!/usr/bin/env bash
# Benchmark of activation-service (seed 002): POST /cards/v1/set-activation-codes with 1,000-record requests,
# fresh cards and overwritten codes, 4 concurrent clients; then PostgreSQL alone running the same bulk upsert
# (pgbench, same statement, same row count, same concurrency) in the same run, and the ratio service/database.
#
# Usage: bench/activation.sh            (BENCH_DURATION=20s BENCH_CLIENTS=4 BENCH_RECORDS=1000 to change)
# Needs: wrk, psql, pgbench, curl (Debian: apt-get install -y wrk postgresql-client). Builds the jars if absent.
# Uses its own ports and data directory, so it can run beside the other services' benchmarks.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
export BENCH_WORK=${BENCH_WORK:-$ROOT/.local/bench-activation}
export BENCH_PG_PORT=${BENCH_PG_PORT:-55484}
export BENCH_AUTH_PORT=${BENCH_AUTH_PORT:-18181}
. "$ROOT/bench/lib.sh"

PORT=${BENCH_ACTIVATION_PORT:-18084}
DURATION=${BENCH_DURATION:-20s}
WARMUP=${BENCH_WARMUP:-40s}
CLIENTS=${BENCH_CLIENTS:-4}
RECORDS=${BENCH_RECORDS:-1000}
RUN=$(( 100000 + $(date +%s) % 900000 ))
HMAC_KEY=bench-activation-hmac-key-0123456789abcdefghijklmnopqrstuvwxyz

bench_require wrk psql pgbench curl openssl
trap bench_stop_all EXIT
bench_build auth-service activation-service

# ---- PostgreSQL, with pg_stat_statements to see the service's own statement from the server side -----------
bench_start_postgres
if [[ "$(bench_psql 'SHOW shared_preload_libraries')" != *pg_stat_statements* ]]; then
  bench_psql "ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'"
  bench_stop_all
  bench_start_postgres
fi
bench_psql "CREATE EXTENSION IF NOT EXISTS pg_stat_statements"

# auth-service refuses to start in production mode without a signing key: a throw-away one for this run
[ -f "$BENCH_WORK/signing.pem" ] || openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 \
  -out "$BENCH_WORK/signing.pem" 2>/dev/null
bench_start_service auth-service "$BENCH_AUTH_PORT" \
  PLATFORM_CLIENT_SECRET_PEPPER="$BENCH_PEPPER" \
  PLATFORM_BOOTSTRAP_CLIENTS="$ROOT/bench/clients.json" \
  PLATFORM_TOKEN_ENDPOINT="http://localhost:$BENCH_AUTH_PORT/oauth2/token" \
  PLATFORM_SIGNING_KEY_LOCATION="$BENCH_WORK/signing.pem"
bench_start_service activation-service "$PORT" PLATFORM_ACTIVATION_HMAC_KEY="$HMAC_KEY"
# every run starts from an empty table (the schema exists once the service has started)
bench_psql "TRUNCATE activation.activation_codes"
TOKEN=$(bench_token bench-blackhawk cards:activation-codes)
[ -n "$TOKEN" ] || { echo "bench: no token" >&2; exit 1; }

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $(java -version 2>&1 | head -1)"
echo "activation-service RSS after start: $(bench_rss_mib "$BENCH_PID_activation_service") MiB"

statement_stats() { # the service's upsert as pg_stat_statements saw it since the last reset
  bench_psql "SELECT 'PGSTAT calls=' || sum(calls) || ' mean_exec_ms='
                 || round((sum(total_exec_time) / nullif(sum(calls), 0))::numeric, 2)
                 || ' max_ms=' || round(max(max_exec_time)::numeric, 2)
                FROM pg_stat_statements WHERE query LIKE 'INSERT INTO activation.activation_codes%unnest%'"
}

run_wrk() { # mode duration
  BENCH_TOKEN=$TOKEN BENCH_MODE=$1 BENCH_RUN=$RUN BENCH_RECORDS=$RECORDS \
    wrk -t"$CLIENTS" -c"$CLIENTS" -d"$2" --latency --timeout 10s -s "$ROOT/bench/activation.lua" "http://localhost:$PORT"
}

echo "== warm-up ($WARMUP, fresh cards; not recorded)"
run_wrk fresh "$WARMUP" | grep RESULT
for mode in fresh overwrite; do
  bench_psql "SELECT pg_stat_statements_reset()" > /dev/null
  echo "== service: $mode, $CLIENTS clients, $RECORDS records per request, $DURATION"
  cpu0=$(awk '{print $14 + $15}' "/proc/$BENCH_PID_activation_service/stat")
  run_wrk "$mode" "$DURATION" | tee "$BENCH_WORK/wrk-$mode.txt" | grep -E "RESULT|Non-2xx|Socket errors"
  cpu1=$(awk '{print $14 + $15}' "/proc/$BENCH_PID_activation_service/stat")
  requests=$(sed -n 's/.*RESULT.* requests=\([0-9]*\).*/\1/p' "$BENCH_WORK/wrk-$mode.txt")
  echo "SERVICE_CPU mode=$mode cpu_ms_per_request=$(( (cpu1 - cpu0) * 1000 / $(getconf CLK_TCK) / requests ))"
  statement_stats | tee "$BENCH_WORK/pgstat-$mode.txt"
done
echo "activation-service RSS after load: $(bench_rss_mib "$BENCH_PID_activation_service") MiB"
echo "rows in activation.activation_codes: $(bench_psql 'SELECT count(*) FROM activation.activation_codes')"

# ---- PostgreSQL alone: the same statement (ActivationCodeRepository.UPSERT) through pgbench -----------------
UPSERT="INSERT INTO activation.activation_codes AS a
       (issuer_id, quote_number, proxy_number, code_hmac, failed_attempts, locked_at, updated_at)
SELECT :issuer, t.quote_number, t.proxy_number, t.code_hmac, 0, NULL, now()
  FROM unnest(:quotes::varchar[], :proxies::varchar[], :hashes::bytea[]) AS t(quote_number, proxy_number, code_hmac)
ON CONFLICT (issuer_id, quote_number, proxy_number) DO UPDATE
   SET code_hmac = EXCLUDED.code_hmac, failed_attempts = 0, locked_at = NULL, updated_at = now();"
# The arrays are built once per pgbench client (proxies, hashes) or with a cheap SELECT per transaction (the quote
# numbers: a new one per statement for fresh cards, the client's own for overwrites), so that PostgreSQL spends
# its time on the upsert, as it does for the service. -r reports each statement's latency separately.
cat > "$BENCH_WORK/pg-common.sql" <<SQL
\\if :built = 0
SELECT (SELECT array_agg(('60395304' || lpad(g::text, 11, '0'))::varchar ORDER BY g)
          FROM generate_series(1, $RECORDS) g)::text AS proxies,
       (SELECT array_agg(sha256(convert_to(:client_id || '-' || g || '-' || random(), 'UTF8')) ORDER BY g)
          FROM generate_series(1, $RECORDS) g)::text AS hashes
\\gset
\\set built 1
\\endif
SQL
{ cat "$BENCH_WORK/pg-common.sql"; echo '\set q random(100000000000, 999999999999)'
  echo "SELECT array_fill((:q)::varchar, ARRAY[$RECORDS])::text AS quotes \\gset"; echo "$UPSERT"; } > "$BENCH_WORK/pg-fresh.sql"
{ cat "$BENCH_WORK/pg-common.sql"; echo '\set q 9000000 + :client_id'
  echo "SELECT array_fill((:q)::varchar, ARRAY[$RECORDS])::text AS quotes \\gset"; echo "$UPSERT"; } > "$BENCH_WORK/pg-overwrite.sql"
for mode in fresh overwrite; do
  echo "== PostgreSQL alone: $mode, $CLIENTS clients, $RECORDS rows per statement, $DURATION (pgbench -M prepared)"
  PGPASSWORD=postgres pgbench -h localhost -p "$BENCH_PG_PORT" -U postgres -n -M prepared -r \
    -c "$CLIENTS" -j "$CLIENTS" -T "${DURATION%s}" -D issuer=BENCH-PGBENCH -D built=0 -f "$BENCH_WORK/pg-$mode.sql" postgres \
    > "$BENCH_WORK/pgbench-$mode.txt" 2>&1 || { cat "$BENCH_WORK/pgbench-$mode.txt"; exit 1; }
  # per-statement latencies (-r): the array-building SELECT and the upsert are reported separately
  insert_ms=$(awk '/INSERT INTO activation.activation_codes/ {print $1}' "$BENCH_WORK/pgbench-$mode.txt")
  select_ms=$(awk '/SELECT array_fill/ {print $1}' "$BENCH_WORK/pgbench-$mode.txt")
  grep -q "number of failed transactions: 0 " "$BENCH_WORK/pgbench-$mode.txt" || grep "failed" "$BENCH_WORK/pgbench-$mode.txt"
  tps=$(awk '/^tps = / {print $3}' "$BENCH_WORK/pgbench-$mode.txt")
  service=$(grep RESULT "$BENCH_WORK/wrk-$mode.txt")
  p50=$(sed 's/.*p50_ms=\([0-9.]*\).*/\1/' <<< "$service")
  mean=$(sed 's/.*mean_ms=\([0-9.]*\).*/\1/' <<< "$service")
  inservice=$(sed -n 's/.*mean_exec_ms=\([0-9.]*\).*/\1/p' "$BENCH_WORK/pgstat-$mode.txt")
  awk -v i="$insert_ms" -v s="$select_ms" -v p="$p50" -v m="$mean" -v e="${inservice:-0}" -v c="$CLIENTS" -v r="$RECORDS" -v mode="$mode" 'BEGIN {
    printf "PGBENCH mode=%s upsert_avg_ms=%.2f (quote-array select %.2f ms, not counted) upsert_capacity_records_per_s=%.0f\n", mode, i, s, c * r * 1000 / i;
    printf "RATIO mode=%s service_p50/pgbench_upsert_avg=%.2f service_mean/pgbench_upsert_avg=%.2f", mode, p / i, m / i;
    if (e > 0) printf " service_mean/server_exec_mean_during_service_run=%.2f", m / e;
    printf "\n" }'
done
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
