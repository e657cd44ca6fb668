#!/usr/bin/env bash
# Benchmark of rewards-account-service: POST /partner/card-account.by-ids with 1,000,000 card accounts.
#
# Starts the embedded PostgreSQL, auth-service (bench/clients.json) and the packaged rewards-account-service on
# loopback, loads 100 publishers x 10 card programs x 1,000 card accounts for the client "bench-triple" with SQL
# (generate_series, once: the data directory is kept), then runs wrk with real tokens and bench/rewards.lua.
#
# Usage: bench/rewards.sh [duration, default 60s] [connections, default 64]
# Env:   REWARDS_BENCH_POOL (reactive pool size, default the service's), REWARDS_BENCH_WARMUP (default 20s),
#        REWARDS_BENCH_ENV ("VAR=value ..." passed to the service, for experiments),
#        REWARDS_BENCH_EXPLAIN=1 to print EXPLAIN ANALYZE of the four request shapes.
# Ports are the bench defaults + offsets of their own, so that other benchmarks can run at the same time.
set -euo pipefail
export BENCH_PG_PORT=${BENCH_PG_PORT:-55485}
export BENCH_AUTH_PORT=${BENCH_AUTH_PORT:-18185}
export BENCH_WORK=${BENCH_WORK:-$(cd "$(dirname "$0")/.." && pwd)/.local/bench-rewards}
. "$(dirname "$0")/lib.sh"

DURATION=${1:-60s}
CONNECTIONS=${2:-64}
WARMUP=${REWARDS_BENCH_WARMUP:-20s}
PORT=${REWARDS_BENCH_PORT:-18085}
OWNER=bench-triple
ACCOUNTS=1000000

bench_require wrk curl psql java
bench_build auth-service rewards-account-service
trap bench_stop_all EXIT

bench_start_postgres
bench_start_auth
# partner-guard's per-client rate limit (100/s by default) would answer most of the load with 429
service_env=(QUARKUS_HTTP_PORT="$PORT")
[ -n "${REWARDS_BENCH_POOL:-}" ] && service_env+=(PLATFORM_DB_POOL_SIZE="$REWARDS_BENCH_POOL")
# extra VAR=value settings for the service under test, space separated (experiments)
for setting in ${REWARDS_BENCH_ENV:-}; do service_env+=("$setting"); done
echo "service settings: ${service_env[*]}"
bench_start_service rewards-account-service "$PORT" "${service_env[@]}"
pid=$BENCH_PID_rewards_account_service

have=$(bench_psql "SELECT count(*) FROM rewards.card_accounts WHERE owner = '$OWNER'")
if [ "$have" -ne "$ACCOUNTS" ]; then
  echo "loading $ACCOUNTS card accounts for $OWNER (found $have) ..."
  started=$(date +%s)
  bench_psql "
    BEGIN;
    DELETE FROM rewards.card_accounts WHERE owner = '$OWNER';
    DELETE FROM rewards.card_programs WHERE owner = '$OWNER';
    DELETE FROM rewards.publishers WHERE owner = '$OWNER';
    INSERT INTO rewards.publishers (id, owner, external_id, name, created_at, updated_at)
      SELECT 'triple-bp' || n, '$OWNER', 'publisher-' || n, 'Bench publisher ' || n,
             date_trunc('milliseconds', now()), date_trunc('milliseconds', now())
      FROM generate_series(1, 100) n;
    INSERT INTO rewards.card_programs (id, owner, publisher_id, external_id, name, currency, default_country_code,
                                       default_postal_code, created_at, updated_at)
      SELECT 'triple-bc' || n, '$OWNER', 'triple-bp' || ((n - 1) / 10 + 1), 'program-' || n, 'Bench program ' || n,
             'USD', 'US', lpad((15000 + n)::text, 5, '0'), date_trunc('milliseconds', now()), date_trunc('milliseconds', now())
      FROM generate_series(1, 1000) n;
    INSERT INTO rewards.card_accounts (id, owner, card_program_id, external_id, status, default_country_code,
                                       default_postal_code, created_at, updated_at)
      SELECT 'triple-ba' || substr(md5(n::text), 1, 22), '$OWNER', 'triple-bc' || ((n - 1) / 1000 + 1),
             'account-' || substr(md5('x' || n), 1, 16) || '-' || n,
             (ARRAY['ENROLLED', 'NOT_ENROLLED', 'CLOSED'])[n % 3 + 1], 'US', '15206',
             date_trunc('milliseconds', now()), date_trunc('milliseconds', now())
      FROM generate_series(1, $ACCOUNTS) n;
    COMMIT;
    ANALYZE rewards.publishers; ANALYZE rewards.card_programs; ANALYZE rewards.card_accounts;"
  echo "loaded in $(( $(date +%s) - started )) s"
fi
echo "card accounts in the table: $(bench_psql "SELECT count(*) FROM rewards.card_accounts")"

sample=$BENCH_WORK/rewards-ids.csv
bench_psql "SELECT a.external_id || ',' || p.external_id || ',' || u.external_id
            FROM rewards.card_accounts a TABLESAMPLE SYSTEM (5)
            JOIN rewards.card_programs p ON p.id = a.card_program_id
            JOIN rewards.publishers u ON u.id = p.publisher_id
            WHERE a.owner = '$OWNER' LIMIT 50000" > "$sample"
echo "sample of $(wc -l < "$sample") existing external id triples"

if [ "${REWARDS_BENCH_EXPLAIN:-0}" = 1 ]; then
  IFS=, read -r acct prog pub < <(sed -n 1p "$sample")
  for where in "a.external_id = '$acct'" \
               "a.external_id = '$acct' AND p.owner = '$OWNER' AND p.external_id = '$prog'" \
               "a.external_id = '$acct' AND u.owner = '$OWNER' AND u.external_id = '$pub'" \
               "p.owner = '$OWNER' AND p.external_id = '$prog'"; do
    echo "--- EXPLAIN ANALYZE ... WHERE a.owner = '$OWNER' AND $where LIMIT 2"
    bench_psql "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) SELECT a.id FROM rewards.card_accounts a
                JOIN rewards.card_programs p ON p.id = a.card_program_id
                JOIN rewards.publishers u ON u.id = p.publisher_id
                WHERE a.owner = '$OWNER' AND $where LIMIT 2"
  done
fi

export REWARDS_BENCH_TOKEN REWARDS_BENCH_SAMPLE=$sample
REWARDS_BENCH_TOKEN=$(bench_token "$OWNER" "api.tripleup.com/partner.publishers")
# one request by hand: the answer must be the card account
IFS=, read -r acct prog pub < <(sed -n 1p "$sample")
curl -fsS -H "Authorization: Bearer $REWARDS_BENCH_TOKEN" -H 'Content-Type: application/json' \
  -d "{\"card_account_external_id\":\"$acct\"}" "http://localhost:$PORT/partner/card-account.by-ids"; echo

# CPU accounting (clock ticks of 1/100 s): the service JVM, and PostgreSQL (live backends + exited children)
pg_ticks() {
  local pm total=0 p
  pm=$(pgrep -f -- "-D $BENCH_WORK/postgres -p $BENCH_PG_PORT" | head -1)
  total=$(awk '{print $14 + $15 + $16 + $17}' "/proc/$pm/stat")
  for p in $(ps -o pid= --ppid "$pm"); do
    [ -r "/proc/$p/stat" ] && total=$((total + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0)))
  done
  echo "$total"
}
jvm_ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }

url="http://localhost:$PORT"
echo "warm-up: $WARMUP"
wrk -t2 -c"$CONNECTIONS" -d"$WARMUP" -s "$BENCH_ROOT/bench/rewards.lua" "$url" > /dev/null
echo "rss after warm-up: $(bench_rss_mib "$pid") MiB"
echo "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
cmd="wrk -t2 -c$CONNECTIONS -d$DURATION --latency -s bench/rewards.lua $url"
echo "measured: $cmd"
jvm0=$(jvm_ticks); pg0=$(pg_ticks)
TIMEFORMAT="wrk cpu: user %U s, sys %S s, wall %R s"
out=$BENCH_WORK/rewards-wrk.txt
time wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$BENCH_ROOT/bench/rewards.lua" "$url" | tee "$out"
jvm1=$(jvm_ticks); pg1=$(pg_ticks)
requests=$(sed -n 's/^RESULT requests=\([0-9]*\).*/\1/p' "$out")
echo "service cpu: $(( (jvm1 - jvm0) / 100 )).$(( (jvm1 - jvm0) % 100 )) s, postgres cpu: $(( (pg1 - pg0) / 100 )).$(( (pg1 - pg0) % 100 )) s"
if [ -n "$requests" ] && [ "$requests" -gt 0 ]; then
  awk -v j=$((jvm1 - jvm0)) -v p=$((pg1 - pg0)) -v n="$requests" 'BEGIN {
    printf "cpu per request: service %.3f ms, postgres %.3f ms (excluding wrk)\n", j * 10 / n, p * 10 / n }'
fi
echo "rss after the run: $(bench_rss_mib "$pid") MiB"
echo "load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
