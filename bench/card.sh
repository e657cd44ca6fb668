#!/usr/bin/env bash
# card-service benchmark: the Tracking Hub track request (JWE ECDH-ES/A256GCM decryption, card check, insert)
# and the Citi card status update (lock, code table, update + history), 32 connections each, against the
# packaged jar, the embedded PostgreSQL and real tokens from auth-service.
# Usage: bench/card.sh   (env: DURATION=30 WARMUP=10 CONNECTIONS=32 THREADS=2 CARDS=400 JWES=3000*(WARMUP+DURATION))
set -euo pipefail
. "$(dirname "$0")/lib.sh"
bench_require wrk curl java

DURATION=${DURATION:-30}
WARMUP=${WARMUP:-10}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
CARDS=${CARDS:-400}
# one JWE per request (a repeated JWE is a repetition of a track request, answered without a new operation):
# enough for 3,000 requests/s in the warm-up and the measured run, each from its own part of the file
JWES=${JWES:-$((3000 * (WARMUP + DURATION)))}
CARD_PORT=${BENCH_CARD_PORT:-18083}
ISSUER=BENCH00001
WORK=$BENCH_WORK/card
BASE=http://localhost:$CARD_PORT
mkdir -p "$WORK"

bench_build auth-service card-service
trap bench_stop_all EXIT

# Two decryption keys, as during a rotation (the first one is published first and used by the issuer)
bench_tracking_keys "$WORK/tracking-jwks.json"

bench_start_postgres
bench_start_auth

start_card() { # decrypt-on-worker
  bench_start_service card-service "$CARD_PORT" \
    PLATFORM_TRACKING_JWE_KEYS="$WORK/tracking-jwks.json" \
    PLATFORM_PAN_DIGEST_KEY=bench-pan-digest-key-0123456789abcdef0123456789 \
    PLATFORM_TRACKING_DECRYPT_ON_WORKER="$1"
}

# CPU time (ms) used so far by a process, and by the bench PostgreSQL (postmaster and its backends): other
# work shares this machine, so CPU per request is the figure that does not depend on the neighbours
cpu_ms() { # pid...
  local total=0 pid
  for pid in "$@"; do
    [ -r "/proc/$pid/stat" ] || continue
    total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat")))
  done
  echo $((total * 1000 / $(getconf CLK_TCK)))
}
pg_pids() {
  local postmaster
  postmaster=$(head -1 "$BENCH_WORK/postgres/postmaster.pid")
  echo "$postmaster $(pgrep -P "$postmaster" | tr '\n' ' ')"
}

run_wrk() { # label script env...
  local label=$1 script=$2; shift 2
  env "$@" WRK_THREADS="$THREADS" TRACK_PART=warmup TRACK_SPLIT=$((3000 * WARMUP)) wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" -s "$script" "$BASE" > /dev/null
  echo "== $label: wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s --latency"
  local app0 pg0 app1 pg1 requests
  app0=$(cpu_ms "$BENCH_PID_card_service"); pg0=$(cpu_ms $(pg_pids))
  env "$@" WRK_THREADS="$THREADS" TRACK_PART=measured TRACK_SPLIT=$((3000 * WARMUP)) wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$script" "$BASE" | tee "$WORK/$label.txt"
  app1=$(cpu_ms "$BENCH_PID_card_service"); pg1=$(cpu_ms $(pg_pids))
  requests=$(awk '/requests in/ {print $1}' "$WORK/$label.txt")
  echo "CPU per request ($label): card-service $(( (app1 - app0) * 1000 / requests )) us," \
    "PostgreSQL $(( (pg1 - pg0) * 1000 / requests )) us; load average $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "RSS after $label: $(bench_rss_mib "$BENCH_PID_card_service") MiB"
}

# Prepare.java runs from source against card-service's own jars: jose4j for the JWEs, platform-primitives for Luhn
LIB=$BENCH_ROOT/card-service/target/quarkus-app/lib/main
CP="$(ls "$LIB"/org.bitbucket.b_c.jose4j-*.jar):$(ls "$LIB"/org.slf4j.slf4j-api-*.jar):$(ls "$LIB"/com.cardplatform.platform-primitives-*.jar)"

D1_TOKEN=$(bench_token bench-d1-issuer "cards:tracking cards:provisioning")
CITI_TOKEN=$(bench_token bench-citi "cards:status")

for worker in false true; do
  start_card "$worker"
  echo "card-service RSS idle: $(bench_rss_mib "$BENCH_PID_card_service") MiB (decrypt-on-worker=$worker)"
  java -cp "$CP" "$BENCH_ROOT/bench/card/Prepare.java" "$BASE" "$ISSUER" "$D1_TOKEN" "$CARDS" "$JWES" "$WORK" 2>/dev/null
  run_wrk "track-worker-$worker" "$BENCH_ROOT/bench/card/track.lua" \
    TRACK_FILE="$WORK/track.txt" TOKEN="$D1_TOKEN" ISSUER="$ISSUER"
  if [ "$worker" = false ]; then
    run_wrk status "$BENCH_ROOT/bench/card/status.lua" ACCOUNTS_FILE="$WORK/accounts.txt" TOKEN="$CITI_TOKEN"
  fi
  # the last requests must have been real successes: one track and one status update by hand
  line=$(head -1 "$WORK/track.txt")
  curl -fsS -o /dev/null -w "check track: %{http_code}\n" -H "Authorization: Bearer $D1_TOKEN" \
    -H 'Content-Type: application/json' \
    -d "{\"trackingType\":\"SHIPMENT\",\"encryptedData\":\"${line#* }\"}" \
    "$BASE/issuers/$ISSUER/physicalCards/${line%% *}/operations:track"
  kill "$BENCH_PID_card_service"
  for _ in $(seq 1 50); do kill -0 "$BENCH_PID_card_service" 2>/dev/null || break; sleep 0.2; done
done
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
