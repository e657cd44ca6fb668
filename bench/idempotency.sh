#!/usr/bin/env bash
# Benchmark of partner-guard: the throughput of each partner write with an Idempotency-Key on every request
# against the same write without one (the target: within 15 %). Each request is a new write (new ids) and carries a
# new key, so that every keyed request pays the whole cost: the claim INSERT, the SHA-256 of the request, and the
# UPDATE that keeps the answer.
#
# Starts the embedded PostgreSQL, auth-service (bench/clients.json) and consumer-service, card-service,
# activation-service, rewards-account-service on loopback with a client rate limit far above the load (the limiter
# still runs on every request), loads the cards the Citi run blocks, then for each write runs wrk without keys and
# with keys, one after the other, alternating the order per round.
#
# Usage: bench/idempotency.sh [duration per run, default 30s] [connections, default 32] [rounds, default 2]
# Env:   IDEM_BENCH_WRITES (default "consumer citi blackhawk triple"), IDEM_BENCH_WARMUP (default 20s: each write is warmed up
#        without keys, then with keys, before the measured runs)
set -euo pipefail
export BENCH_PG_PORT=${BENCH_PG_PORT:-55495}
export BENCH_AUTH_PORT=${BENCH_AUTH_PORT:-18195}
export BENCH_WORK=${BENCH_WORK:-$(cd "$(dirname "$0")/.." && pwd)/.local/bench-idempotency}
. "$(dirname "$0")/lib.sh"

DURATION=${1:-30s}
CONNECTIONS=${2:-32}
ROUNDS=${3:-2}
WARMUP=${IDEM_BENCH_WARMUP:-20s}
WRITES=${IDEM_BENCH_WRITES:-consumer citi blackhawk triple}
RUN=$(date +%s)

bench_require wrk curl psql java
bench_build auth-service consumer-service card-service activation-service rewards-account-service
trap bench_stop_all EXIT

bench_tracking_keys "$BENCH_WORK/tracking-jwks.json"
# an empty database at every invocation, so that invocations start alike: each run adds 100,000 rows or more to the
# write's tables (and as many keys), and a data directory kept between invocations had grown to 4.8 GB
rm -rf "$BENCH_WORK/postgres"
bench_start_postgres
bench_start_auth
declare -A PORT=([consumer]=18192 [citi]=18193 [blackhawk]=18194 [triple]=18196)
bench_start_service consumer-service "${PORT[consumer]}" \
  PLATFORM_CARD_SERVICE_URL="http://localhost:${PORT[citi]}" \
  PLATFORM_CARD_SERVICE_TOKEN_URL="http://localhost:$BENCH_AUTH_PORT/oauth2/token" \
  PLATFORM_CARD_SERVICE_CLIENT_ID=bench-consumer-service \
  PLATFORM_CARD_SERVICE_CLIENT_SECRET=bench-consumer-service-secret-0123456789abcd
bench_start_service card-service "${PORT[citi]}" \
  PLATFORM_PAN_DIGEST_KEY=bench-pan-digest-key-0123456789abcdef0123456789 \
  PLATFORM_TRACKING_JWE_KEYS="$BENCH_WORK/tracking-jwks.json"
bench_start_service activation-service "${PORT[blackhawk]}" \
  PLATFORM_ACTIVATION_HMAC_KEY=bench-activation-hmac-key-0123456789abcdef01234
bench_start_service rewards-account-service "${PORT[triple]}"

declare -A CLIENT=([consumer]=bench-d1-issuer [citi]=bench-citi [blackhawk]=bench-blackhawk [triple]=bench-triple)
declare -A TOKEN
for write in $WRITES; do TOKEN[$write]=$(bench_token "${CLIENT[$write]}"); done

# The Citi run blocks cards by account: one card per request of every run of this invocation (wrk -t2: two
# threads, each numbering its requests). 150,000 per thread and run: 60,000 ran out at 6,800 plain requests/s (404s)
CITI_CARDS=${IDEM_BENCH_CITI_CARDS:-150000}
if [[ " $WRITES " == *" citi "* ]]; then
  echo "loading the cards of the Citi runs ..."
  bench_psql "INSERT INTO card.cards (issuer_id, card_id, consumer_id, account_id, product_type, status)
    SELECT 'BENCH00001', 'BWC-' || r || '-' || t || '-' || lpad(s::text, 7, '0'), 'bench-citi-consumer',
           'BWC-' || r || '-' || t || '-' || lpad(s::text, 7, '0'), 'DEBIT', 'ACTIVE'
    FROM unnest(ARRAY['v$RUN', 'w$RUN', $(for r in $(seq 1 "$ROUNDS"); do printf "'n%s-%s','k%s-%s'," "$RUN" "$r" "$RUN" "$r"; done | sed 's/,$//')]) r,
         generate_series(1, 2) t, generate_series(1, $CITI_CARDS) s
    ON CONFLICT DO NOTHING"
fi

run_wrk() { # write keys run-id duration
  BENCH_TOKEN=${TOKEN[$1]} BENCH_WRITE=$1 BENCH_KEYS=$2 BENCH_RUN=$3 BENCH_QUOTE=$((800000000 + RANDOM)) \
    wrk -t2 -c"$CONNECTIONS" -d"$4" --latency -s "$BENCH_ROOT/bench/writes.lua" "http://localhost:${PORT[$1]}"
}

summary=()
for write in $WRITES; do
  # both paths warm, so that neither of the first measured runs is still being compiled (with one warm-up, the
  # first plain run ran 15-20 % below the last)
  echo "=== $write: warm-up $WARMUP without key, then $WARMUP with keys ==="
  run_wrk "$write" 0 "v$RUN" "$WARMUP" | grep -E "Requests/sec|non-2xx"
  run_wrk "$write" 1 "w$RUN" "$WARMUP" | grep -E "Requests/sec|non-2xx"
  for round in $(seq 1 "$ROUNDS"); do
    order=("0 n" "1 k"); [ $((round % 2)) = 0 ] && order=("1 k" "0 n")
    for step in "${order[@]}"; do
      set -- $step
      # the relay is off here (no notification-service), so every write's event stays in its service's outbox: emptied
      # before each run, since an outbox that only grows slowed each run after the last (plain Blackhawk writes:
      # 7,256/s in the first run, 5,234/s in the fourth) and the order of the runs decided the ratio
      bench_psql "TRUNCATE consumer.outbox_event, card.outbox_event, activation.outbox_event, rewards.outbox_event"
      echo "=== $write round $round: $([ "$1" = 1 ] && echo 'with Idempotency-Key' || echo 'without key') ==="
      out=$(run_wrk "$write" "$1" "$2$RUN-$round" "$DURATION")
      echo "$out" | grep -E "Requests/sec|Latency|99%|non-2xx"
      rps=$(echo "$out" | sed -n 's/^Requests\/sec: *//p')
      p99=$(echo "$out" | sed -n 's/^ *99% *//p')
      summary+=("$write round $round $([ "$1" = 1 ] && echo keyed || echo plain): $rps req/s, p99 $p99")
    done
  done
done
echo
echo "=== summary ($CONNECTIONS connections, $DURATION per run, $(nproc) cores) ==="
printf '%s\n' "${summary[@]}"
bench_psql "SELECT 'kept keys: ' || (SELECT count(*) FROM consumer.idempotency_key) || ' consumer, '
  || (SELECT count(*) FROM card.idempotency_key) || ' card, ' || (SELECT count(*) FROM activation.idempotency_key)
  || ' activation, ' || (SELECT count(*) FROM rewards.idempotency_key) || ' rewards'"
