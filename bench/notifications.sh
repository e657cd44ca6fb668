#!/usr/bin/env bash
# Benchmark of the events pipeline: outbox (in each write's statement) -> relay -> notification-service
# (ingest + fan-out) -> Standard Webhooks delivery to a local receiver (bench/notify/BenchReceiver.java, which
# verifies every signature and records receive time - the event's "timestamp", i.e. its occurred_at).
#
# Phases (NOTIFY_BENCH_PHASES, default "throughput latency backlog overhead"):
#   throughput  events published straight to POST /internal/events (batches of 500, token events:publish) faster
#               than they are delivered; the receiver's rate over the steady part (10 %..90 % of the deliveries)
#   latency     Triple POST /partner/publishers on rewards-account-service at a fixed rate (open loop, JDK
#               driver bench/notify/BenchDriver.java), relay on; receiver latency p50/p99/max
#   backlog     100,000 rows inserted into rewards.outbox_event in ONE statement (the backlog appears at once at
#               commit); time until the outbox is empty (relay + ingest) and until the receiver has them all
#   overhead    full-speed wrk of rewards POST /partner/publishers and Citi PUT /v1/cards/status/detail:
#               jars of commit cc23161 (before the events; worktree NOTIFY_BENCH_BASE, database "base") vs. the
#               current jars with relay + notification-service + subscribed endpoints, alternated per round
#   cost        what the API itself pays for its events, on the current jars only: the same write at full speed
#               (wrk, as in overhead) on two more instances of rewards-account-service and card-service, each on
#               its own database: "events off" (database evoff, relay off, every outbox row dropped by a BEFORE
#               INSERT trigger that returns NULL, so the write's statement is unchanged) and "events on" (database
#               evstub, the row written and relayed: claim, POST, delete) with the relay's sink the receiver's
#               /internal/events stand-in, as when notification-service runs on pods of its own. The trigger makes
#               "off" pay a trigger call and the row's defaults (a uuid and a sequence value): slightly slow, so the
#               ratio is slightly flattering; the phase measures that cost too and prints it. Each run also prints
#               the CPU of each process per request (/proc, from its 2nd second to 1 s before its end: the four
#               service instances, PostgreSQL's backends by database, the stand-in sink, the rest of the machine),
#               collected in $BENCH_WORK/cost-cpu.txt. NOTIFY_BENCH_COST_AA=1: an A/A run, the "events on"
#               instances dropping their rows too (how far apart two instances of one build are)
#   toggle      the cost phase's measure on ONE instance of each service and one database (evtoggle): events off and
#               on are the drop trigger enabled and disabled between runs, so both run the same JIT-compiled code in
#               the same JVM against the same tables (two instances differ by more than the events cost: JIT, cache);
#               the relay runs throughout to the stand-in sink, and each "on" run's outbox is relayed and vacuumed
#               (timed) before the next run; CPU per process in $BENCH_WORK/toggle-cpu.txt
#
# Usage: bench/notifications.sh
# Env:   NOTIFY_BENCH_PHASES, NOTIFY_BENCH_PUBLISH_BATCHES (default 120 = 60,000 events),
#        NOTIFY_BENCH_RATE (200/s), NOTIFY_BENCH_RATE_SECONDS (60), NOTIFY_BENCH_RATE_WARMUP (15, seconds), NOTIFY_BENCH_BACKLOG (100000),
#        NOTIFY_BENCH_DURATION (wrk run, 30s), NOTIFY_BENCH_ROUNDS (2), NOTIFY_BENCH_CONNECTIONS (32),
#        NOTIFY_BENCH_WARMUP (wrk warm-up of each of the four services, 60s: after 20 s the JIT compilers still took
#        10-25 % of a service's CPU samples in the runs, unevenly between the instances compared; after 60 s, 1-6 %), NOTIFY_BENCH_CITI_CARDS (cards the
#        Citi runs block, per wrk thread and run, 120000),
#        NOTIFY_BENCH_PIPELINE_NICE (default 0): the nice level of notification-service and the receiver. At 19 they
#        get only the CPU the API, its relay and PostgreSQL leave idle, as on a cluster where notification-service
#        has pods of its own: the overhead phase then measures what the API itself pays for its events (the outbox
#        row in its transaction, the relay's claim, delete and POST), with delivery catching up between runs;
#        at 0 the whole pipeline competes for the same two cores,
#        NOTIFY_BENCH_BASE (worktree of cc23161 with its jars built, default /work/bench-base; the script does
#        not create it: git worktree add /work/bench-base cc23161 && (cd /work/bench-base && nice -n 5 mvn -B -o -q
#        package -DskipTests -pl rewards-account-service,card-service -am))
set -euo pipefail
export BENCH_PG_PORT=${BENCH_PG_PORT:-19632}
export BENCH_AUTH_PORT=${BENCH_AUTH_PORT:-19681}
export BENCH_WORK=${BENCH_WORK:-$(cd "$(dirname "$0")/.." && pwd)/.local/bench-notifications}
. "$(dirname "$0")/lib.sh"

PHASES=${NOTIFY_BENCH_PHASES:-throughput latency backlog overhead}
NOTIFY_PORT=19686 REWARDS_PORT=19683 CARD_PORT=19684 RECV_PORT=19690 BASE_REWARDS_PORT=19693 BASE_CARD_PORT=19694
STUB_REWARDS_PORT=19695 STUB_CARD_PORT=19696 OFF_REWARDS_PORT=19697 OFF_CARD_PORT=19698 TOGGLE_REWARDS_PORT=19691 TOGGLE_CARD_PORT=19692
BASE=${NOTIFY_BENCH_BASE:-/work/bench-base}
RUN=$(date +%s)
NOTIFY=$BENCH_ROOT/bench/notify

bench_require wrk curl psql java jq
bench_build auth-service notification-service rewards-account-service card-service
trap bench_stop_all EXIT
log() { echo "[$(date -u +%H:%M:%S)] $*"; }
load() { uptime | sed 's/.*load average: /load average /'; }

mkdir -p "$BENCH_WORK/secrets"
rm -f "$BENCH_WORK/secrets"/*
PIPELINE_NICE=${NOTIFY_BENCH_PIPELINE_NICE:-0}
(cd "$NOTIFY" && exec nice -n "$PIPELINE_NICE" java -Xmx256m BenchReceiver.java "$RECV_PORT" "$BENCH_WORK/secrets" 16) \
  > "$BENCH_WORK/receiver.log" 2>&1 &
BENCH_PIDS+=($!)
RECV_PID=$!
bench_tracking_keys "$BENCH_WORK/tracking-jwks.json"
bench_start_postgres
bench_start_auth
BENCH_NICE=$PIPELINE_NICE bench_start_service notification-service "$NOTIFY_PORT" \
  PLATFORM_NOTIFY_SECRETS_KEY="$(openssl rand -base64 32)" \
  PLATFORM_NOTIFY_ALLOW_HTTP=true PLATFORM_NOTIFY_ALLOW_PRIVATE_ADDRESSES=true
events_env() { # client-id secret
  echo PLATFORM_EVENTS_SINK_URL="http://localhost:$NOTIFY_PORT" \
    PLATFORM_EVENTS_TOKEN_URL="http://localhost:$BENCH_AUTH_PORT/oauth2/token" \
    PLATFORM_EVENTS_CLIENT_ID="$1" PLATFORM_EVENTS_CLIENT_SECRET="$2"
}
# shellcheck disable=SC2046
bench_start_service rewards-account-service "$REWARDS_PORT" \
  $(events_env bench-rewards-service bench-rewards-service-secret-0123456789abcdef)
# shellcheck disable=SC2046
bench_start_service card-service "$CARD_PORT" \
  PLATFORM_PAN_DIGEST_KEY=bench-pan-digest-key-0123456789abcdef0123456789 \
  PLATFORM_TRACKING_JWE_KEYS="$BENCH_WORK/tracking-jwks.json" \
  $(events_env bench-card-service bench-card-service-secret-0123456789abcdef0)
bench_wait_for "http://localhost:$RECV_PORT/stats" 60

# A clean slate: the database directory outlives a run, and endpoints of an earlier run have secrets sealed with
# another run's key (their deliveries would fail and retry)
bench_psql "TRUNCATE notify.attempts, notify.deliveries, notify.events, notify.endpoints, notify.issuers;
  DELETE FROM rewards.outbox_event; DELETE FROM card.outbox_event"

# One endpoint per partner, subscribed to every type; its secret goes to the receiver's secrets directory
subscribe() { # client name
  local token
  token=$(bench_token "$1" webhooks:manage)
  curl -fsS -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d "{\"url\":\"http://127.0.0.1:$RECV_PORT/hook/$2\",\"eventTypes\":[\"*\"],\"description\":\"bench\"}" \
    "http://localhost:$NOTIFY_PORT/webhooks/endpoints" | jq -r .secret > "$BENCH_WORK/secrets/$2"
  grep -q '^whsec_' "$BENCH_WORK/secrets/$2" || { echo "no secret for $2" >&2; exit 1; }
  log "endpoint of $1 subscribed to * -> /hook/$2"
}
subscribe bench-triple triple
subscribe bench-citi citi
TRIPLE=$(bench_token bench-triple "api.tripleup.com/partner.publishers")
CITI=$(bench_token bench-citi "cards:status")
PUBLISH=$(bench_token bench-rewards-service events:publish)

recv() { curl -fsS "http://localhost:$RECV_PORT/$1"; }   # stats: count distinct bad first last p50 p99 max
recv_reset() { curl -fsS -X POST "http://localhost:$RECV_PORT/reset${1:+?only=$1}" > /dev/null; }
recv_count() { recv stats | cut -d' ' -f2; }
pending() { bench_psql "SELECT (SELECT count(*) FROM rewards.outbox_event) + (SELECT count(*) FROM card.outbox_event),
  (SELECT count(*) FROM notify.deliveries WHERE status = 'PENDING')" 2>/dev/null || echo "?|?"; }
wait_drained() { # seconds: until both outboxes are empty and the receiver's count is stable for 3 s
  local limit=$1 i=0 prev=-1 same=0 c
  while [ $i -lt "$limit" ]; do
    c=$(recv_count)
    if [ "$(pending)" = "0|0" ] && [ "$c" = "$prev" ]; then same=$((same + 1)); [ $same -ge 3 ] && return 0; else same=0; fi
    prev=$c; i=$((i + 1)); sleep 1
  done
  log "not drained after ${limit}s (receiver $c, outboxes|pending deliveries $(pending))"
}
print_stats() { # label
  local s; s=($(recv stats))
  local secs; secs=$(awk -v a="${s[3]}" -v b="${s[4]}" 'BEGIN{printf "%.1f", (b-a)/1000}')
  log "$1: receiver ${s[0]} deliveries (${s[1]} distinct event ids, ${s[2]} bad signatures) over ${secs} s" \
      "(first to last: $(awk -v n="${s[0]}" -v t="$secs" 'BEGIN{if (t>0) printf "%.0f", n/t; else print "-"}')/s);" \
      "latency occurred_at -> receiver p50 ${s[5]} ms, p99 ${s[6]} ms, max ${s[7]} ms${s[8]:+; ${s[8]} others not counted}"
}

# The overhead and cost phases: the Citi cards their runs block (one per request; wrk -t2, each thread numbering its
# requests), a full-speed wrk of one write, and the warm-up of each write and variant (run_wrk of the phase)
load_citi_cards() { # 'run-id',... database...
  local runs=$1 cards=${NOTIFY_BENCH_CITI_CARDS:-120000} db; shift
  log "loading the Citi cards in $* ..."
  for db in "$@"; do
    PGPASSWORD=postgres psql -h localhost -p "$BENCH_PG_PORT" -U postgres -d "$db" -v ON_ERROR_STOP=1 -qAt -c \
      "INSERT INTO card.cards (issuer_id, card_id, consumer_id, account_id, product_type, status)
       SELECT 'BENCH00001', 'BWC-' || r || '-' || t || '-' || lpad(s::text, 7, '0'), 'bench-citi-consumer',
              'BWC-' || r || '-' || t || '-' || lpad(s::text, 7, '0'), 'DEBIT', 'ACTIVE'
       FROM unnest(ARRAY[$runs]) r, generate_series(1, 2) t, generate_series(1, $cards) s ON CONFLICT DO NOTHING"
  done
}
write_wrk() { # port write run-id duration
  local token; token=$([ "$2" = triple ] && echo "$TRIPLE" || echo "$CITI")
  BENCH_TOKEN=$token BENCH_WRITE=$2 BENCH_KEYS=0 BENCH_RUN=$3 \
    wrk -t2 -c"${NOTIFY_BENCH_CONNECTIONS:-32}" -d"$4" --latency -s "$BENCH_ROOT/bench/writes.lua" "http://localhost:$1"
}
warm_up() { # phase variant...
  local phase=$1 write v; shift
  for write in triple citi; do
    for v in "$@"; do
      log "=== $phase: warm-up $write $v ${NOTIFY_BENCH_WARMUP:-60s}"
      run_wrk $write $v "${v}w$RUN" "${NOTIFY_BENCH_WARMUP:-60s}" | grep -E "Requests/sec|non-2xx"
    done
  done
}

# ---------------------------------------------------------------------------------------------------------------
phase_throughput() {
  local batches=${NOTIFY_BENCH_PUBLISH_BATCHES:-120}
  local total=$((batches * 500)) samples=$BENCH_WORK/throughput-samples.txt
  log "=== throughput: warm-up (10 batches of 500 published), $(load)"
  (cd "$NOTIFY" && java BenchDriver.java publish "http://localhost:$NOTIFY_PORT" "$PUBLISH" 10 2 client:bench-triple publisher.created)
  wait_drained 120
  recv_reset
  log "=== throughput: $total events in $batches batches of 500, 2 requests in flight, $(load)"
  : > "$samples"
  (while true; do echo "$(date +%s.%N) $(recv_count)" >> "$samples"; sleep 1; done) &
  local sampler=$!
  (cd "$NOTIFY" && java BenchDriver.java publish "http://localhost:$NOTIFY_PORT" "$PUBLISH" "$batches" 2 client:bench-triple publisher.created)
  log "published; receiver has $(recv_count)"
  local i=0
  while [ "$(recv_count)" -lt "$total" ] && [ $i -lt 600 ]; do sleep 1; i=$((i + 1)); done
  kill "$sampler"; wait "$sampler" 2>/dev/null || true
  print_stats throughput
  awk -v total="$total" '$2 >= total * 0.1 && !a { a = 1; t1 = $1; c1 = $2 } $2 <= total * 0.9 { t2 = $1; c2 = $2 }
    END { if (t2 > t1) printf "throughput: steady part (%d -> %d deliveries, %.1f s): %.0f deliveries/s\n", c1, c2, t2 - t1, (c2 - c1) / (t2 - t1) }' "$samples"
  log "after: $(load)"
}

phase_latency() {
  local rate=${NOTIFY_BENCH_RATE:-200} secs=${NOTIFY_BENCH_RATE_SECONDS:-60}
  local warm=${NOTIFY_BENCH_RATE_WARMUP:-15}
  log "=== latency: warm-up $warm s at $rate writes/s, $(load)"
  (cd "$NOTIFY" && java BenchDriver.java rate "http://localhost:$REWARDS_PORT" "$TRIPLE" "$rate" "$warm" "lw$RUN")
  wait_drained 60
  # only this run's events count (a warm-up event still in the pipeline is acknowledged, counted apart)
  recv_reset "%22br-l$RUN-"
  log "=== latency: $secs s at $rate writes/s (Triple POST /partner/publishers -> publisher.created), $(load)"
  (cd "$NOTIFY" && java BenchDriver.java rate "http://localhost:$REWARDS_PORT" "$TRIPLE" "$rate" "$secs" "l$RUN")
  wait_drained 60
  print_stats "latency at $rate/s"
  log "after: $(load)"
}

phase_backlog() {
  local n=${NOTIFY_BENCH_BACKLOG:-100000} samples=$BENCH_WORK/backlog-samples.txt
  wait_drained 60
  recv_reset
  log "=== backlog: $n publisher.created rows inserted into rewards.outbox_event in one statement, $(load)"
  bench_psql "INSERT INTO rewards.outbox_event (event_type, tenant, entity_id, payload, correlation_id)
    SELECT 'publisher.created', 'client:bench-triple', 'bb$RUN-' || s,
           jsonb_build_object('id', 'bb$RUN-' || s, 'owner', 'bench-triple', 'external_id', 'backlog-$RUN-' || s,
                              'name', 'Backlog publisher', 'created_at', to_jsonb(now()), 'updated_at', to_jsonb(now())),
           'bench-backlog'
    FROM generate_series(1, $n) s"
  local t0; t0=$(date +%s.%N)
  log "committed"
  local outbox_empty= i=0 c o
  : > "$samples"
  while [ $i -lt 900 ]; do
    c=$(recv_count); o=$(bench_psql "SELECT count(*) FROM rewards.outbox_event")
    echo "$(date +%s.%N) $c $o" >> "$samples"
    [ -z "$outbox_empty" ] && [ "$o" = 0 ] && outbox_empty=$(date +%s.%N) && log "outbox empty (relayed and ingested), receiver has $c"
    [ "$c" -ge "$n" ] && break
    sleep 1; i=$((i + 1))
  done
  local t1; t1=$(date +%s.%N)
  print_stats backlog
  awk -v n="$n" -v t0="$t0" -v t1="$t1" -v te="${outbox_empty:-0}" 'BEGIN {
    if (te > 0) printf "backlog: relay + ingest (outbox empty) %.1f s: %.0f events/s\n", te - t0, n / (te - t0);
    printf "backlog: commit -> receiver has all %d: %.1f s: %.0f deliveries/s (sampled every ~1 s)\n", n, t1 - t0, n / (t1 - t0) }'
  log "after: $(load)"
}

phase_overhead() {
  local duration=${NOTIFY_BENCH_DURATION:-30s} rounds=${NOTIFY_BENCH_ROUNDS:-2} conns=${NOTIFY_BENCH_CONNECTIONS:-32}
  [ -f "$BASE/rewards-account-service/target/quarkus-app/quarkus-run.jar" ] \
    && [ -f "$BASE/card-service/target/quarkus-app/quarkus-run.jar" ] \
    || { echo "overhead: no baseline jars under $BASE (see the usage)" >&2; return 1; }
  bench_psql "CREATE DATABASE base" 2>/dev/null || true
  local baseenv=(PLATFORM_DB_REACTIVE_URL="postgresql://localhost:$BENCH_PG_PORT/base"
                 PLATFORM_DB_JDBC_URL="jdbc:postgresql://localhost:$BENCH_PG_PORT/base")
  # the baseline jars, from their own worktree, on their own database
  local root=$BENCH_ROOT
  mkdir -p "$BENCH_WORK/base"
  BENCH_ROOT=$BASE BENCH_WORK=$BENCH_WORK/base bench_start_service rewards-account-service "$BASE_REWARDS_PORT" "${baseenv[@]}"
  BENCH_ROOT=$BASE BENCH_WORK=$BENCH_WORK/base bench_start_service card-service "$BASE_CARD_PORT" "${baseenv[@]}" \
    PLATFORM_PAN_DIGEST_KEY=bench-pan-digest-key-0123456789abcdef0123456789 \
    PLATFORM_TRACKING_JWE_KEYS="$BENCH_WORK/tracking-jwks.json"
  BENCH_ROOT=$root
  # cards the Citi runs block: one per request (wrk -t2, each thread numbering its requests)
  local runs
  runs=$(for v in e b; do printf "'%sw$RUN'," $v; for r in $(seq 1 "$rounds"); do printf "'%s$RUN-%s'," $v "$r"; done; done | sed 's/,$//')
  load_citi_cards "$runs" postgres base
  declare -A port=([triple-e]=$REWARDS_PORT [triple-b]=$BASE_REWARDS_PORT [citi-e]=$CARD_PORT [citi-b]=$BASE_CARD_PORT)
  run_wrk() { write_wrk "${port[$1-$2]}" "$1" "$3" "$4"; } # write variant run-id duration
  warm_up overhead b e
  wait_drained 300
  log "the pipeline (notification-service, receiver) runs at nice $PIPELINE_NICE"
  summary=()
  for round in $(seq 1 "$rounds"); do
    for write in triple citi; do
      local order=(b e); [ $((round % 2)) = 0 ] && order=(e b)
      for v in "${order[@]}"; do
        wait_drained 300
        [ $v = e ] && recv_reset
        local before; before=$(load)
        log "=== overhead round $round $write $([ $v = e ] && echo 'events on' || echo 'baseline cc23161'), $before"
        out=$(run_wrk $write $v "$v$RUN-$round" "$duration")
        echo "$out" | grep -E "Requests/sec|Latency|99%|non-2xx"
        local rps p99; rps=$(echo "$out" | sed -n 's/^Requests\/sec: *//p'); p99=$(echo "$out" | sed -n 's/^ *99% *//p')
        if [ $v = e ]; then
          log "delivered to the receiver during the run: $(recv_count), outboxes + pending deliveries now: $(pending)"
        fi
        summary+=("round $round $write $([ $v = e ] && echo events || echo baseline): $rps req/s, p99 $p99 ($before -> $(load))")
      done
    done
  done
  wait_drained 300
  echo "=== overhead summary ($conns connections, $duration per run) ==="
  printf '%s\n' "${summary[@]}"
}

# CPU per process for the cost phase: "group ticks" lines (clock ticks of user + system time): the four service
# instances and the stand-in sink by pid, PostgreSQL's backends by database (evoff, evstub), its other processes
# (checkpointer, WAL writer, autovacuum launcher...) together, wrk, the rest of the machine, and the machine
declare -A CPU_PIDS=()
cpu_sample() {
  local name pid
  for name in "${!CPU_PIDS[@]}"; do
    pid=${CPU_PIDS[$name]}
    if [ -r "/proc/$pid/stat" ]; then echo "$name $(sed 's/.*) //' "/proc/$pid/stat" | awk '{print $12 + $13}')"; fi
  done
  ps -eo pid=,args= | awk '$2 ~ /^postgres/ || $2 ~ /bin\/postgres$/ {
      group = "pg-other"; if ($0 ~ / evoff /) group = "pg-evoff"; else if ($0 ~ / evstub /) group = "pg-evstub"
      else if ($0 ~ / evtoggle /) group = "pg-evtoggle"
      print group, $1 } $2 ~ /^wrk$/ { print "wrk", $1 }' | while read -r group pid; do
    # a backend may end between ps and here
    echo "$group $(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null | awk '{print $12 + $13}')"
  done || true
  awk '$1 == "cpu" { print "machine", $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat
  echo "at $(date +%s.%N)"
}
cpu_report() { # label req/s before after
  awk -v label="$1" -v rps="$2" -v hz="$(getconf CLK_TCK)" '
    FNR == NR { if ($1 == "at") t0 = $2; else a[$1] += $2; next }
    { if ($1 == "at") t1 = $2; else b[$1] += $2 }
    END {
      secs = t1 - t0; req = rps * secs
      printf "%s: %.0f req/s over %.1f s, machine %.0f ms/s, %.0f us per request\n", label, rps, secs,
        (b["machine"] - a["machine"]) * 1000 / hz / secs, (b["machine"] - a["machine"]) * 1e6 / hz / req
      known = 0
      for (g in b) if (g != "machine") {
        d = b[g] - a[g]; known += d
        if (d > 0) printf "    %-12s %5.0f ms/s %7.1f us/req\n", g, d * 1000 / hz / secs, d * 1e6 / hz / req
      }
      d = (b["machine"] - a["machine"]) - known
      printf "    %-12s %5.0f ms/s %7.1f us/req\n", "rest", d * 1000 / hz / secs, d * 1e6 / hz / req
    }' "$3" "$4"
}

# One measured run of the cost and toggle phases: wrk through the phase's run_wrk, and the CPU of each process from
# the 2nd second of the run to 1 s before its end (cpu_sample), reported under the label and appended to the file;
# sets RPS and P99
measured_run() { # label write variant run-id duration cpu-file
  local secs=${5%s} marks=$BENCH_WORK/cpu-$2-$4 sampler out
  (sleep 2; cpu_sample > "$marks.a"; sleep $((secs - 3)); cpu_sample > "$marks.b") &
  sampler=$!
  out=$(run_wrk "$2" "$3" "$4" "$5")
  wait $sampler || log "the CPU sampler failed"
  echo "$out" | grep -E "Requests/sec|Latency|99%|non-2xx"
  RPS=$(echo "$out" | sed -n 's/^Requests\/sec: *//p'); P99=$(echo "$out" | sed -n 's/^ *99% *//p')
  cpu_report "$1" "$RPS" "$marks.a" "$marks.b" | tee -a "$6"
}

# "Events off" in the cost and toggle phases: a BEFORE INSERT trigger on both outboxes of database $1 that drops
# every row (the write's statement is the same, its outbox row is not stored), created enabled; and its own price per
# row, in bulk (one statement of 200,000 rows): what "off" pays that a build without events would not
drop_events_trigger() { # database
  PGPASSWORD=postgres psql -h localhost -p "$BENCH_PG_PORT" -U postgres -d "$1" -v ON_ERROR_STOP=1 -qAt -c "
    CREATE OR REPLACE FUNCTION public.bench_drop_event() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NULL; END';
    DROP TRIGGER IF EXISTS bench_drop_event ON rewards.outbox_event;
    DROP TRIGGER IF EXISTS bench_drop_event ON card.outbox_event;
    CREATE TRIGGER bench_drop_event BEFORE INSERT ON rewards.outbox_event FOR EACH ROW EXECUTE FUNCTION public.bench_drop_event();
    CREATE TRIGGER bench_drop_event BEFORE INSERT ON card.outbox_event FOR EACH ROW EXECUTE FUNCTION public.bench_drop_event();"
  local trig
  trig=$(PGPASSWORD=postgres psql -h localhost -p "$BENCH_PG_PORT" -U postgres -d "$1" -qAt -c "
    CREATE TEMP TABLE t0 AS SELECT clock_timestamp() AS t;
    INSERT INTO rewards.outbox_event (event_type, tenant, entity_id, payload, correlation_id)
      SELECT 'probe', 'client:probe', g::text, jsonb_build_object('n', g), 'probe' FROM generate_series(1, 200000) g;
    SELECT round(extract(epoch FROM clock_timestamp() - (SELECT t FROM t0)) * 1e6 / 200000, 2)" | tail -1)
  log "events off: the trigger drops a row in $trig us (200,000 rows in one statement)"
}

phase_cost() {
  local duration=${NOTIFY_BENCH_DURATION:-30s} rounds=${NOTIFY_BENCH_ROUNDS:-2} conns=${NOTIFY_BENCH_CONNECTIONS:-32}
  local db
  for db in evoff evstub; do bench_psql "CREATE DATABASE $db" 2>/dev/null || true; done
  local off_env=(PLATFORM_DB_REACTIVE_URL="postgresql://localhost:$BENCH_PG_PORT/evoff"
                 PLATFORM_DB_JDBC_URL="jdbc:postgresql://localhost:$BENCH_PG_PORT/evoff")
  local stub_env=(PLATFORM_DB_REACTIVE_URL="postgresql://localhost:$BENCH_PG_PORT/evstub"
                  PLATFORM_DB_JDBC_URL="jdbc:postgresql://localhost:$BENCH_PG_PORT/evstub"
                  PLATFORM_EVENTS_SINK_URL="http://127.0.0.1:$RECV_PORT"
                  PLATFORM_EVENTS_TOKEN_URL="http://localhost:$BENCH_AUTH_PORT/oauth2/token")
  local card_env=(PLATFORM_PAN_DIGEST_KEY=bench-pan-digest-key-0123456789abcdef0123456789
                  PLATFORM_TRACKING_JWE_KEYS="$BENCH_WORK/tracking-jwks.json")
  mkdir -p "$BENCH_WORK/evoff" "$BENCH_WORK/evstub"
  BENCH_WORK=$BENCH_WORK/evoff bench_start_service rewards-account-service "$OFF_REWARDS_PORT" "${off_env[@]}"
  CPU_PIDS[rewards-off]=$BENCH_PID_rewards_account_service
  BENCH_WORK=$BENCH_WORK/evoff bench_start_service card-service "$OFF_CARD_PORT" "${off_env[@]}" "${card_env[@]}"
  CPU_PIDS[card-off]=$BENCH_PID_card_service
  BENCH_WORK=$BENCH_WORK/evstub bench_start_service rewards-account-service "$STUB_REWARDS_PORT" "${stub_env[@]}" \
    PLATFORM_EVENTS_CLIENT_ID=bench-rewards-service PLATFORM_EVENTS_CLIENT_SECRET=bench-rewards-service-secret-0123456789abcdef
  CPU_PIDS[rewards-on]=$BENCH_PID_rewards_account_service
  BENCH_WORK=$BENCH_WORK/evstub bench_start_service card-service "$STUB_CARD_PORT" "${stub_env[@]}" "${card_env[@]}" \
    PLATFORM_EVENTS_CLIENT_ID=bench-card-service PLATFORM_EVENTS_CLIENT_SECRET=bench-card-service-secret-0123456789abcdef0
  CPU_PIDS[card-on]=$BENCH_PID_card_service
  CPU_PIDS[sink]=$RECV_PID
  drop_events_trigger evoff
  if [ "${NOTIFY_BENCH_COST_AA:-0}" = 1 ]; then
    # an A/A run: the "events on" instances drop their rows too, so the two instances compared differ only by being two
    drop_events_trigger evstub
    log "A/A: database evstub drops its outbox rows as evoff does; \"events on\" below is a second \"events off\""
  fi
  local runs
  runs=$(for v in o s; do printf "'%sw$RUN'," $v; for r in $(seq 1 "$rounds"); do printf "'%s$RUN-%s'," $v "$r"; done; done | sed 's/,$//')
  load_citi_cards "$runs" evoff evstub
  evstub_outbox() {
    PGPASSWORD=postgres psql -h localhost -p "$BENCH_PG_PORT" -U postgres -d evstub -qAt -c \
      "SELECT (SELECT count(*) FROM rewards.outbox_event) + (SELECT count(*) FROM card.outbox_event)"
  }
  wait_relayed() { # until the evstub outboxes are empty (at most 300 s)
    local i=0
    until [ "$(evstub_outbox)" = 0 ] || [ $i -ge 300 ]; do i=$((i + 1)); sleep 1; done
  }
  declare -A port=([triple-o]=$OFF_REWARDS_PORT [triple-s]=$STUB_REWARDS_PORT [citi-o]=$OFF_CARD_PORT [citi-s]=$STUB_CARD_PORT)
  run_wrk() { write_wrk "${port[$1-$2]}" "$1" "$3" "$4"; } # write variant run-id duration
  warm_up cost o s
  wait_relayed
  summary=()
  for round in $(seq 1 "$rounds"); do
    for write in triple citi; do
      local order=(o s); [ $((round % 2)) = 0 ] && order=(s o)
      for v in "${order[@]}"; do
        wait_relayed
        local before sunk; before=$(load); sunk=$(recv sunk)
        log "=== cost round $round $write $([ $v = s ] && echo 'events on (relayed to a stand-in)' || echo 'events off'), $before"
        measured_run "round $round $write $([ $v = s ] && echo 'events on' || echo 'events off')" $write $v \
          "$v$RUN-$round" "$duration" "$BENCH_WORK/cost-cpu.txt"
        local note=
        if [ $v = s ]; then
          note="; relayed during the run $(( $(recv sunk) - sunk )), left in the outbox $(evstub_outbox)"
          log "events relayed during the run: $(( $(recv sunk) - sunk )), left in the outbox: $(evstub_outbox)"
        fi
        summary+=("round $round $write $([ $v = s ] && echo 'events on ' || echo 'events off'): $RPS req/s, p99 $P99 ($before -> $(load))$note")
      done
    done
  done
  wait_relayed
  echo "=== cost summary ($conns connections, $duration per run) ==="
  printf '%s\n' "${summary[@]}"
}

# The toggle phase: the cost phase's measure on ONE instance of each service and one database, events switched off
# and on between runs by the drop trigger (ALTER TABLE ... ENABLE/DISABLE TRIGGER), so that "on" and "off" run the
# same JIT-compiled code in the same JVM against the same tables; the relay runs throughout (it claims nothing
# while the trigger drops the rows)
phase_toggle() {
  local duration=${NOTIFY_BENCH_DURATION:-30s} rounds=${NOTIFY_BENCH_ROUNDS:-2} conns=${NOTIFY_BENCH_CONNECTIONS:-32}
  local db=evtoggle
  bench_psql "CREATE DATABASE $db" 2>/dev/null || true
  local env=(PLATFORM_DB_REACTIVE_URL="postgresql://localhost:$BENCH_PG_PORT/$db"
             PLATFORM_DB_JDBC_URL="jdbc:postgresql://localhost:$BENCH_PG_PORT/$db"
             PLATFORM_EVENTS_SINK_URL="http://127.0.0.1:$RECV_PORT"
             PLATFORM_EVENTS_TOKEN_URL="http://localhost:$BENCH_AUTH_PORT/oauth2/token")
  mkdir -p "$BENCH_WORK/$db"
  BENCH_WORK=$BENCH_WORK/$db bench_start_service rewards-account-service "$TOGGLE_REWARDS_PORT" "${env[@]}" \
    PLATFORM_EVENTS_CLIENT_ID=bench-rewards-service PLATFORM_EVENTS_CLIENT_SECRET=bench-rewards-service-secret-0123456789abcdef
  CPU_PIDS[rewards]=$BENCH_PID_rewards_account_service
  BENCH_WORK=$BENCH_WORK/$db bench_start_service card-service "$TOGGLE_CARD_PORT" "${env[@]}" \
    PLATFORM_PAN_DIGEST_KEY=bench-pan-digest-key-0123456789abcdef0123456789 \
    PLATFORM_TRACKING_JWE_KEYS="$BENCH_WORK/tracking-jwks.json" \
    PLATFORM_EVENTS_CLIENT_ID=bench-card-service PLATFORM_EVENTS_CLIENT_SECRET=bench-card-service-secret-0123456789abcdef0
  CPU_PIDS[card]=$BENCH_PID_card_service
  CPU_PIDS[sink]=$RECV_PID
  toggle_psql() { PGPASSWORD=postgres psql -h localhost -p "$BENCH_PG_PORT" -U postgres -d $db -v ON_ERROR_STOP=1 -qAt -c "$1"; }
  drop_events_trigger $db
  events() { # on|off
    local what; what=$([ "$1" = on ] && echo DISABLE || echo ENABLE)
    toggle_psql "ALTER TABLE rewards.outbox_event $what TRIGGER bench_drop_event;
                 ALTER TABLE card.outbox_event $what TRIGGER bench_drop_event"
  }
  outbox() { toggle_psql "SELECT (SELECT count(*) FROM rewards.outbox_event) + (SELECT count(*) FROM card.outbox_event)"; }
  relayed() { # until the outboxes are empty (at most 300 s), then their dead rows vacuumed (timed: the events' too)
    local i=0
    until [ "$(outbox)" = 0 ] || [ $i -ge 300 ]; do i=$((i + 1)); sleep 1; done
    local t0; t0=$(date +%s%N)
    toggle_psql "VACUUM rewards.outbox_event" && toggle_psql "VACUUM card.outbox_event"
    echo $(( ($(date +%s%N) - t0) / 1000000 ))
  }
  local runs
  runs=$(for v in o s; do printf "'%sw$RUN'," $v; for r in $(seq 1 "$rounds"); do printf "'%s$RUN-%s'," $v "$r"; done; done | sed 's/,$//')
  load_citi_cards "$runs" $db
  declare -A port=([triple]=$TOGGLE_REWARDS_PORT [citi]=$TOGGLE_CARD_PORT)
  run_wrk() { events "$([ "$2" = s ] && echo on || echo off)"; write_wrk "${port[$1]}" "$1" "$3" "$4"; } # write variant run-id duration
  warm_up toggle s o
  relayed > /dev/null
  summary=()
  for round in $(seq 1 "$rounds"); do
    for write in triple citi; do
      local order=(o s); [ $((round % 2)) = 0 ] && order=(s o)
      for v in "${order[@]}"; do
        relayed > /dev/null
        local before sunk; before=$(load); sunk=$(recv sunk)
        log "=== toggle round $round $write events $([ $v = s ] && echo 'on (relayed to a stand-in)' || echo off), $before"
        measured_run "toggle round $round $write events $([ $v = s ] && echo on || echo off)" $write $v \
          "$v$RUN-$round" "$duration" "$BENCH_WORK/toggle-cpu.txt"
        local note=
        if [ $v = s ]; then
          local left vac; left=$(outbox); vac=$(relayed)
          note="; relayed during the run $(( $(recv sunk) - sunk )), left in the outbox $left, vacuum after $vac ms"
          log "events relayed during the run: $(( $(recv sunk) - sunk )), left in the outbox: $left; vacuum of the outboxes after: $vac ms"
        fi
        summary+=("round $round $write events $([ $v = s ] && echo 'on ' || echo off): $RPS req/s, p99 $P99 ($before -> $(load))$note")
      done
    done
  done
  events on
  echo "=== toggle summary ($conns connections, $duration per run, one instance per service, database $db) ==="
  printf '%s\n' "${summary[@]}"
}

for phase in $PHASES; do "phase_$phase"; done
log "done, $(load)"
