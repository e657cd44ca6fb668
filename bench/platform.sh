#!/usr/bin/env bash
# Load benchmark of the whole platform: every partner API at once, through the HTTPS front door, on the local stack.
#
# 1. Starts the local stack (deploy/local's launcher: embedded PostgreSQL, the five packaged services, the front door)
#    on bench ports with its own data directory (.local/bench-platform), the front door's rate limits off (all the
#    load comes from one address).
# 2. Loads realistic volumes once with SQL (the data directory is kept between runs): 200,000 Triple card accounts,
#    50,000 consumers of issuer LOCAL00001 with 150,000 operations and 100,000 cards, 10,000 Citi accounts of one
#    debit card each, 500,000 activation codes; then through the APIs 10,000 activation codes whose values are known
#    (for verification) and 2,000 tracking payloads encrypted to the published key (JWE).
# 3. Runs one wrk per endpoint, all at the same time, for a fixed time (tokens from the token endpoint), plus two
#    floor endpoints that do no work: GET /q/health/live on a service's own port, GET /.well-known/jwks.json through
#    the front door. Prints per endpoint requests/s, p50/p99/max latency and the count of unexpected answers (must
#    be 0), and the RSS of each service (before, and the maximum seen during the run).
# 4. The database floor of the same run: the main statement of each endpoint, as the service issues it, timed by
#    pgbench alone on the same database (after the load), and SELECT 1; then each endpoint's ratio to its floors.
#
# Usage: bench/platform.sh [duration, default 60s] [connections per endpoint, default 4]
# Env:   PLATFORM_BENCH_JAVA_OPTS  the services' JVM options (default: the launcher's)
#        PLATFORM_BENCH_ONLY       a regex of the endpoint names to load (default: all; experiments)
#        PLATFORM_BENCH_NO_FLOOR=1 skip the pgbench floors (experiments)
#        PLATFORM_BENCH_WARMUP     warm-up per endpoint before the measured run (default 15s)
#        PLATFORM_BENCH_DATA_DIR   data directory (default .local/bench-platform)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
DURATION=${1:-60s}
CONNECTIONS=${2:-4}
WARMUP=${PLATFORM_BENCH_WARMUP:-15s}
DATA=${PLATFORM_BENCH_DATA_DIR:-$ROOT/.local/bench-platform}
WORK=$DATA/bench
FRONT=18290
PG=55491
declare -A PORT=([auth-service]=18291 [consumer-service]=18292 [card-service]=18293 [activation-service]=18294
                 [rewards-account-service]=18295)
BASE=https://localhost:$FRONT
ISSUER=LOCAL00001

for tool in java wrk curl jq psql pgbench; do
  command -v "$tool" >/dev/null || { echo "bench: '$tool' is missing (Debian: apt-get install -y wrk jq postgresql-client)" >&2; exit 1; }
done
missing=()
for s in "${!PORT[@]}"; do [ -f "$s/target/quarkus-app/quarkus-run.jar" ] || missing+=("$s"); done
if [ ${#missing[@]} -gt 0 ]; then
  mvn -B -q package -DskipTests -pl "$(IFS=,; echo "${missing[*]}")" -am
fi
if [ ! -f deploy/local/target/classpath.txt ] || [ ! -f deploy/local/target/classes/com/cardplatform/local/LocalStack.class ]; then
  mvn -B -q -f deploy/local/pom.xml package -DskipTests -Dstandalone
fi
mkdir -p "$WORK"

# ---- 1. the stack --------------------------------------------------------------------------------------------
env_vars=(LOCAL_DATA_DIR="$DATA" LOCAL_FRONT_DOOR_PORT=$FRONT LOCAL_POSTGRES_PORT=$PG LOCAL_RATE_LIMITS=off
          LOCAL_AUTH_PORT=${PORT[auth-service]} LOCAL_CONSUMER_PORT=${PORT[consumer-service]}
          LOCAL_CARD_PORT=${PORT[card-service]} LOCAL_ACTIVATION_PORT=${PORT[activation-service]}
          LOCAL_REWARDS_ACCOUNT_PORT=${PORT[rewards-account-service]})
[ -n "${PLATFORM_BENCH_JAVA_OPTS:-}" ] && env_vars+=(LOCAL_JAVA_OPTS="$PLATFORM_BENCH_JAVA_OPTS")
started=$(date +%s)
: > "$WORK/launcher.log"
env "${env_vars[@]}" java -cp "deploy/local/target/classes:$(cat deploy/local/target/classpath.txt)" \
  com.cardplatform.local.LocalStack > "$WORK/launcher.log" 2>&1 &
LAUNCHER=$!
stop() {
  kill "$LAUNCHER" 2>/dev/null || true   # SIGTERM: the launcher stops the front door, the services, PostgreSQL
  wait "$LAUNCHER" 2>/dev/null || true
}
trap stop EXIT
until grep -q "The card platform is running" "$WORK/launcher.log"; do
  kill -0 "$LAUNCHER" 2>/dev/null || { echo "bench: the local stack did not start:" >&2; tail -40 "$WORK/launcher.log" >&2; exit 1; }
  [ $(( $(date +%s) - started )) -lt 400 ] || { echo "bench: the stack was not ready in 400 s" >&2; exit 1; }
  sleep 1
done
echo "local stack ready in $(( $(date +%s) - started )) s (data $DATA)"
CACERT=$DATA/tls/localhost.crt
sql() { PGPASSWORD=postgres psql -h localhost -p $PG -U postgres -d postgres -v ON_ERROR_STOP=1 -qAt -c "$1"; }
secret() { jq -r --arg c "$1" '.[] | select(.clientId == $c) | .clientSecret' "$DATA/clients.json"; }
token() {
  curl -fsS --cacert "$CACERT" -u "$1:$(secret "$1")" -d grant_type=client_credentials "$BASE/oauth2/token" \
    | jq -r .access_token
}
service_pid() { # the launcher's child running the service's jar
  ps -o pid=,args= --ppid "$LAUNCHER" | awk -v s="/$1/target/quarkus-app/quarkus-run.jar" 'index($0, s) { print $1; exit }'
}
rss_mib() { echo $(( $(ps -o rss= -p "$1") / 1024 )); }

# ---- 2. data ---------------------------------------------------------------------------------------------------
if [ "$(sql "SELECT count(*) FROM rewards.card_accounts WHERE owner = 'local-triple' AND external_id LIKE 'bench-acc-%'")" -lt 200000 ]; then
  echo "loading the volumes (once per data directory) ..."
  t0=$(date +%s)
  sql "
  BEGIN;
  INSERT INTO rewards.publishers (id, owner, external_id, name, created_at, updated_at)
    SELECT 'triple-bench-pub-' || n, 'local-triple', 'bench-pub-' || n, 'Bench publisher ' || n,
           date_trunc('milliseconds', now()), date_trunc('milliseconds', now()) FROM generate_series(1, 100) n;
  INSERT INTO rewards.card_programs (id, owner, publisher_id, external_id, name, currency, default_country_code,
                                     default_postal_code, created_at, updated_at)
    SELECT 'triple-bench-prog-' || n, 'local-triple', 'triple-bench-pub-' || ((n - 1) / 10 + 1), 'bench-prog-' || n,
           'Bench program ' || n, 'USD', 'US', '10001', date_trunc('milliseconds', now()), date_trunc('milliseconds', now())
    FROM generate_series(1, 1000) n;
  INSERT INTO rewards.card_accounts (id, owner, card_program_id, external_id, status, default_country_code,
                                     default_postal_code, created_at, updated_at)
    SELECT 'triple-bench-acc-' || n, 'local-triple', 'triple-bench-prog-' || ((n - 1) / 200 + 1), 'bench-acc-' || n,
           (ARRAY['ENROLLED', 'NOT_ENROLLED', 'CLOSED'])[n % 3 + 1], 'US', '15206',
           date_trunc('milliseconds', now()), date_trunc('milliseconds', now()) FROM generate_series(1, 200000) n;
  INSERT INTO consumer.consumers (issuer_id, consumer_id, status, created_at, updated_at)
    SELECT '$ISSUER', 'bench-consumer-' || n, 'ACTIVE', now(), now() FROM generate_series(1, 50000) n;
  INSERT INTO consumer.accounts (issuer_id, consumer_id, account_id, created_at)
    SELECT '$ISSUER', 'bench-consumer-' || n, 'BENCH-ACC-' || n, now() FROM generate_series(1, 50000) n;
  INSERT INTO consumer.operations (operation_id, issuer_id, consumer_id, operation, status, start_time, end_time,
                                   requestor_type, requestor_id, reason_code)
    SELECT 'bench-op-' || n || '-' || k, '$ISSUER', 'bench-consumer-' || n, (ARRAY['REGISTER', 'SUSPEND', 'RESUME'])[k],
           'SUCCESSFUL', now() - (4 - k) * interval '1 day', now() - (4 - k) * interval '1 day', 'ISSUER', '$ISSUER',
           'ISSUER_DECISION'
    FROM generate_series(1, 50000) n, generate_series(1, 3) k;
  INSERT INTO card.cards (issuer_id, card_id, consumer_id, account_id, product_type, status)
    SELECT '$ISSUER', 'BENCH-' || n || '-' || p, 'bench-consumer-' || n, 'BENCH-ACC-' || n, p, 'ACTIVE'
    FROM generate_series(1, 50000) n, unnest(ARRAY['DEBIT', 'CREDIT']) p;
  INSERT INTO card.cards (issuer_id, card_id, consumer_id, account_id, product_type, status)
    SELECT '$ISSUER', 'CITI-' || n, 'citi-consumer-' || n, 'CITI-ACC-' || n, 'DEBIT', 'ACTIVE'
    FROM generate_series(1, 10000) n;
  INSERT INTO activation.activation_codes (issuer_id, quote_number, proxy_number, code_hmac)
    SELECT '$ISSUER', (500000000 + n)::text, (6039500000000 + n)::text, decode(md5(n::text), 'hex')
    FROM generate_series(1, 500000) n;
  COMMIT;
  ANALYZE;"
  echo "loaded in $(( $(date +%s) - t0 )) s"
fi
# Citi accounts back to ACTIVE (a previous run may have stopped between a block and its unblock)
sql "UPDATE card.cards SET status = 'ACTIVE', status_reason = NULL WHERE issuer_id = '$ISSUER' AND card_id LIKE 'CITI-%' AND status <> 'ACTIVE'" >/dev/null
echo "rows: $(sql "SELECT (SELECT count(*) FROM rewards.card_accounts) || ' card accounts, ' || (SELECT count(*) FROM consumer.consumers)
  || ' consumers, ' || (SELECT count(*) FROM consumer.operations) || ' operations, ' || (SELECT count(*) FROM card.cards)
  || ' cards, ' || (SELECT count(*) FROM card.tracking_operations) || ' tracking operations, '
  || (SELECT count(*) FROM activation.activation_codes) || ' activation codes'")"

TRIPLE=$(token local-triple); D1=$(token local-d1-issuer); CITI=$(token local-citi); BLACKHAWK=$(token local-blackhawk)
seq 1 200000 | shuf -n 20000 --random-source=<(yes) | awk '{printf "bench-acc-%d,bench-prog-%d\n", $1, int(($1 - 1) / 200) + 1}' > "$WORK/triple.txt"
seq 1 50000 | shuf -n 20000 --random-source=<(yes) | sed 's/^/bench-consumer-/' > "$WORK/consumers.txt"
seq 1 50000 | shuf -n 20000 --random-source=<(yes) | awk '{print "BENCH-" $1 "-" ($1 % 2 ? "DEBIT" : "CREDIT")}' > "$WORK/cards.txt"
seq 1 10000 | sed 's/^/CITI-ACC-/' > "$WORK/citi.txt"
# activation codes whose values are known, set through the API (10 requests of 1,000)
run=$(date +%s)
: > "$WORK/codes.txt"
for b in $(seq 0 9); do
  body=$(seq 1 1000 | awk -v b=$b -v r=$run '{q = 700000000000 + (r % 100000) * 10000 + b * 1000 + $1;
    printf "%s{\"quoteNumber\":\"%.0f\",\"proxyNumber\":\"%.0f\",\"activationCode\":\"Vf%.0f\"}", (NR > 1 ? "," : ""), q, q, q % 1000000000}')
  curl -fsS --cacert "$CACERT" -H "Authorization: Bearer $BLACKHAWK" -H 'Content-Type: application/json' \
    -d "[$body]" "$BASE/cards/v1/set-activation-codes" > /dev/null
  seq 1 1000 | awk -v b=$b -v r=$run '{q = 700000000000 + (r % 100000) * 10000 + b * 1000 + $1; printf "%.0f %.0f Vf%.0f\n", q, q, q % 1000000000}' >> "$WORK/codes.txt"
done
# tracking payloads for 2,000 cards, encrypted to the published key as an issuer would
# (Luhn-valid 16-digit PANs: card-service checks the digit)
head -2000 "$WORK/cards.txt" | awk '{ p = sprintf("4%014d", NR); s = 0;
    for (i = 15; i >= 1; i--) { d = substr(p, i, 1) + 0; if ((16 - i) % 2 == 1) { d *= 2; if (d > 9) d -= 9 } s += d }
    printf "{\"pan\":\"%s%d\",\"exp\":\"1229\"}\n", p, (10 - s % 10) % 10 }' > "$WORK/payloads.txt"
curl -fsS --cacert "$CACERT" "$BASE/.well-known/tracking-jwks.json" \
  | java -cp "deploy/local/target/classes:$(cat deploy/local/target/classpath.txt)" com.cardplatform.local.EncryptForTracking \
      --lines "$WORK/payloads.txt" > "$WORK/jwes.txt"
paste -d' ' <(head -2000 "$WORK/cards.txt") "$WORK/jwes.txt" > "$WORK/track.txt"
rm -f "$WORK/payloads.txt" "$WORK/jwes.txt"

# ---- 3. the load ------------------------------------------------------------------------------------------------
# name | script | url | token | data file
ENDPOINTS=(
  "triple-by-ids|triple-by-ids.lua|$BASE|$TRIPLE|$WORK/triple.txt"
  "d1-operations|d1-operations.lua|$BASE|$D1|$WORK/consumers.txt"
  "d1-card|d1-card.lua|$BASE|$D1|$WORK/cards.txt"
  "d1-track|d1-track.lua|$BASE|$D1|$WORK/track.txt"
  "citi-status|citi-status.lua|$BASE|$CITI|$WORK/citi.txt"
  "blackhawk-set|blackhawk-set.lua|$BASE|$BLACKHAWK|"
  "blackhawk-verify|blackhawk-verify.lua|$BASE|$BLACKHAWK|$WORK/codes.txt"
  "floor-live|floor-live.lua|http://127.0.0.1:${PORT[card-service]}||"
  "floor-front-door|floor-front-door.lua|$BASE||"
)
if [ -n "${PLATFORM_BENCH_ONLY:-}" ]; then
  selected=()
  for e in "${ENDPOINTS[@]}"; do [[ ${e%%|*} =~ $PLATFORM_BENCH_ONLY ]] && selected+=("$e"); done
  ENDPOINTS=("${selected[@]}")
fi
load_all() { # duration out-prefix
  local pids=() i=0
  for e in "${ENDPOINTS[@]}"; do
    IFS='|' read -r name script url tok file <<< "$e"
    PLATFORM_BENCH_LUA="$ROOT/bench/platform" PLATFORM_BENCH_NAME=$name PLATFORM_BENCH_TOKEN=$tok \
    PLATFORM_BENCH_DATA=$file PLATFORM_BENCH_BASE=$(( $(date +%s%N) / 1000000 % 100000000 * 1000000 + i * 100000000000000 )) \
      wrk -t1 -c"$CONNECTIONS" -d"$1" --timeout 10s --latency -s "bench/platform/$script" "$url" > "$2-$name.txt" 2> "$2-$name.err" &
    pids+=($!); i=$((i + 1))
  done
  for p in "${pids[@]}"; do wait "$p"; done
}
declare -A PID RSS_BEFORE RSS_MAX
for s in auth-service consumer-service card-service activation-service rewards-account-service; do
  PID[$s]=$(service_pid "$s")
done
echo "warm-up: every endpoint at once for $WARMUP"
load_all "$WARMUP" "$WORK/warmup"
for s in "${!PID[@]}"; do RSS_BEFORE[$s]=$(rss_mib "${PID[$s]}"); RSS_MAX[$s]=${RSS_BEFORE[$s]}; done
echo "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "measured: ${#ENDPOINTS[@]} x wrk -t1 -c$CONNECTIONS -d$DURATION --timeout 10s --latency at the same time"
load_all "$DURATION" "$WORK/run" &
LOAD=$!
while kill -0 $LOAD 2>/dev/null; do
  for s in "${!PID[@]}"; do r=$(rss_mib "${PID[$s]}"); [ "$r" -gt "${RSS_MAX[$s]}" ] && RSS_MAX[$s]=$r; done
  sleep 2
done
wait $LOAD
echo "load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)"

# ---- 4. the database floor (same data, after the load, pgbench alone) -------------------------------------------
F=$WORK/floor; mkdir -p "$F"
cat > "$F/triple-by-ids.sql" <<'SQL'
\set n random(1, 200000)
SELECT a.id, a.card_program_id, a.external_id, a.status, a.default_country_code, a.default_postal_code, a.created_at,
       a.updated_at FROM rewards.card_accounts a WHERE a.owner = 'local-triple' AND a.external_id = 'bench-acc-' || :n LIMIT 2;
SQL
cat > "$F/d1-operations.sql" <<'SQL'
\set n random(1, 50000)
SELECT operation_id, operation, status, start_time, end_time, requestor_type, requestor_id, reason, reason_code,
       details::text AS details, error_code, error,
       (SELECT count(*) FROM consumer.operations c WHERE c.issuer_id = 'LOCAL00001' AND c.consumer_id = 'bench-consumer-' || :n) AS total
  FROM consumer.operations WHERE issuer_id = 'LOCAL00001' AND consumer_id = 'bench-consumer-' || :n
 ORDER BY start_time DESC, seq DESC OFFSET 0 LIMIT 10;
SQL
cat > "$F/d1-card.sql" <<'SQL'
\set n random(1, 50000)
SELECT * FROM card.cards WHERE issuer_id = 'LOCAL00001' AND card_id = 'BENCH-' || :n || '-DEBIT';
SQL
cat > "$F/d1-track.sql" <<'SQL'
\set n random(1, 50000)
WITH card AS (
    SELECT status, pan_digest FROM card.cards WHERE issuer_id = 'LOCAL00001' AND card_id = 'BENCH-' || :n || '-DEBIT'
), inserted AS (
    INSERT INTO card.tracking_operations (operation_id, issuer_id, card_id, tracking_type, status, details_status,
           carrier, tracking_number, shipment_status, tracking_url, requested_by, start_time)
    SELECT 'pgbench-' || md5(random()::text), 'LOCAL00001', 'BENCH-' || :n || '-DEBIT', 'PRODUCTION', 'PENDING',
           NULL, NULL, NULL, NULL, NULL, 'local-d1-issuer', now() FROM card
     WHERE card.status = ANY(ARRAY['ACTIVE', 'BLOCKED']) AND card.pan_digest IS NULL
    RETURNING 1
)
SELECT card.status, card.pan_digest IS NULL AS pan_matches, (SELECT count(*) FROM inserted) AS inserted FROM card;
SQL
cat > "$F/citi-status.sql" <<'SQL'
\set n random(1, 10000)
BEGIN;
SELECT card_id, product_type, status, status_reason FROM card.cards
 WHERE issuer_id = 'LOCAL00001' AND account_id = 'CITI-ACC-' || :n AND status <> 'DELETED' ORDER BY card_id FOR UPDATE;
WITH changes AS (
    SELECT card_id, status AS from_status, CASE status WHEN 'ACTIVE' THEN 'BLOCKED' ELSE 'ACTIVE' END AS to_status
      FROM card.cards WHERE issuer_id = 'LOCAL00001' AND account_id = 'CITI-ACC-' || :n
), updated AS (
    UPDATE card.cards k SET status = c.to_status, status_reason = 'Y1', version = k.version + 1, updated_at = now()
      FROM changes c WHERE k.issuer_id = 'LOCAL00001' AND k.card_id = c.card_id
    RETURNING k.card_id, c.from_status, c.to_status
), history AS (
    INSERT INTO card.card_status_history (issuer_id, card_id, from_status, to_status, reason, reason_code, source,
           requested_by, request_id)
    SELECT 'LOCAL00001', u.card_id, u.from_status, u.to_status, 'Y1', 'F', 'CITI', 'local-citi', 'pgbench' FROM updated u
    RETURNING 1
)
SELECT (SELECT count(*) FROM updated), (SELECT count(*) FROM history);
COMMIT;
SQL
cat > "$F/blackhawk-set.sql" <<'SQL'
\set b random(1, 1000000000)
INSERT INTO activation.activation_codes AS a (issuer_id, quote_number, proxy_number, code_hmac, failed_attempts, locked_at, updated_at)
SELECT 'LOCAL00001', t.quote_number, t.proxy_number, t.code_hmac, 0, NULL, now()
  FROM unnest((SELECT array_agg((800000000000 + :b::bigint * 100 + g)::text) FROM generate_series(0, 99) g),
              (SELECT array_agg((800000000000 + :b::bigint * 100 + g)::text) FROM generate_series(0, 99) g),
              (SELECT array_agg(decode(md5(g::text || :b), 'hex')) FROM generate_series(0, 99) g))
       AS t(quote_number, proxy_number, code_hmac)
ON CONFLICT (issuer_id, quote_number, proxy_number) DO UPDATE
   SET code_hmac = EXCLUDED.code_hmac, failed_attempts = 0, locked_at = NULL, updated_at = now();
SQL
cat > "$F/blackhawk-verify.sql" <<'SQL'
\set n random(1, 500000)
INSERT INTO activation.activation_codes AS a (issuer_id, quote_number, proxy_number, code_hmac, failed_attempts, locked_at, updated_at)
VALUES ('LOCAL00001', (500000000 + :n)::text, (6039500000000 + :n)::text, NULL, 1, NULL, now())
ON CONFLICT (issuer_id, quote_number, proxy_number) DO UPDATE
   SET failed_attempts = CASE WHEN a.locked_at IS NOT NULL THEN a.failed_attempts
                              WHEN a.code_hmac = decode(md5(:n::text), 'hex') THEN 0 ELSE a.failed_attempts + 1 END,
       locked_at = CASE WHEN a.locked_at IS NOT NULL THEN a.locked_at
                        WHEN a.code_hmac = decode(md5(:n::text), 'hex') THEN NULL
                        WHEN a.failed_attempts + 1 >= 5 THEN now() ELSE NULL END
RETURNING a.locked_at IS NOT NULL AS locked, a.locked_at IS NULL AND COALESCE(a.code_hmac = decode(md5(:n::text), 'hex'), FALSE) AS matched;
SQL
echo "SELECT 1;" > "$F/select-1.sql"
declare -A FLOOR_MS FLOOR_TPS
for f in "$F"/*.sql; do
  [ "${PLATFORM_BENCH_NO_FLOOR:-0}" = 1 ] && break
  n=$(basename "$f" .sql)
  out=$(PGPASSWORD=postgres pgbench -h localhost -p $PG -U postgres -n -M prepared -c "$CONNECTIONS" -j 1 -T 10 -f "$f" postgres 2>&1) \
    || { echo "pgbench $n failed: $out" >&2; continue; }
  FLOOR_MS[$n]=$(sed -n 's/^latency average = \([0-9.]*\) ms/\1/p' <<< "$out")
  FLOOR_TPS[$n]=$(sed -n 's/^tps = \([0-9.]*\) .*/\1/p' <<< "$out" | head -1)
done
# single-statement timings as psql \timing shows them (one call, warm cache)
psql_ms() { PGPASSWORD=postgres psql -h localhost -p $PG -U postgres -d postgres -qAt -c '\timing on' -c "$1" 2>&1 \
  | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' | tail -1; }

# ---- report -----------------------------------------------------------------------------------------------------
echo
printf "%-18s %9s %9s %9s %9s %7s | %12s %10s %9s %9s\n" endpoint "req/s" "p50 ms" "p99 ms" "max ms" errors \
  "db floor ms" "db tps" "p50/db" "p50/live"
live_p50=$(sed -n 's/^RESULT floor-live .*p50_ms=\([0-9.]*\).*/\1/p' "$WORK/run-floor-live.txt" 2>/dev/null || true)
total_errors=0
for e in "${ENDPOINTS[@]}"; do
  IFS='|' read -r name _ <<< "$e"
  line=$(grep '^RESULT' "$WORK/run-$name.txt" || echo "RESULT $name requests=0 rps=0 p50_ms=0 p99_ms=0 max_ms=0 errors=-1")
  get() { sed -n "s/.* $1=\([-0-9.]*\).*/\1/p" <<< "$line"; }
  rps=$(get rps); p50=$(get p50_ms); p99=$(get p99_ms); max=$(get max_ms); errors=$(get errors)
  total_errors=$((total_errors + errors))
  floor_key=$name; [[ $name == floor-* ]] && floor_key=select-1
  fms=${FLOOR_MS[$floor_key]:-}; ftps=${FLOOR_TPS[$floor_key]:-}
  ratio_db=$( [ -n "$fms" ] && awk -v a="$p50" -v b="$fms" 'BEGIN { if (b > 0) printf "%.1f", a / b; else print "-" }' || echo -)
  ratio_live=$(awk -v a="$p50" -v b="$live_p50" 'BEGIN { if (b > 0) printf "%.1f", a / b; else print "-" }')
  printf "%-18s %9s %9s %9s %9s %7s | %12s %10s %9s %9s\n" "$name" "$rps" "$p50" "$p99" "$max" "$errors" \
    "${fms:--}" "${ftps:--}" "$ratio_db" "$ratio_live"
  [ -s "$WORK/run-$name.err" ] && sed 's/^/    /' "$WORK/run-$name.err" | head -3
done
echo
echo "psql \\timing of one call of each statement (warm): by-ids $(psql_ms "SELECT a.id FROM rewards.card_accounts a WHERE a.owner = 'local-triple' AND a.external_id = 'bench-acc-4242' LIMIT 2") ms," \
  "operations page $(psql_ms "SELECT operation_id FROM consumer.operations WHERE issuer_id = 'LOCAL00001' AND consumer_id = 'bench-consumer-4242' ORDER BY start_time DESC, seq DESC LIMIT 10") ms," \
  "card $(psql_ms "SELECT * FROM card.cards WHERE issuer_id = 'LOCAL00001' AND card_id = 'BENCH-4242-DEBIT'") ms"
echo
printf "%-24s %14s %14s\n" service "RSS before MiB" "RSS max MiB"
for s in auth-service consumer-service card-service activation-service rewards-account-service; do
  printf "%-24s %14s %14s\n" "$s" "${RSS_BEFORE[$s]}" "${RSS_MAX[$s]}"
done
echo
echo "unexpected answers and socket errors, all endpoints: $total_errors (must be 0)"
[ "$total_errors" -eq 0 ]
