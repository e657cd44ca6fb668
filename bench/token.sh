#!/usr/bin/env bash
# Token service vs Keycloak, side by side on loopback: client_credentials at 16 connections (wrk), alternating
# rounds after a warm-up of both. Prints tokens/s, p50/p99/max latency, errors, RSS and time to first token.
#
#   bench/token.sh                 # defaults: 120 s warm-up each, 3 rounds of 30 s each
#   WARMUP=60 ROUNDS=2 DURATION=20 bench/token.sh
#   BENCH_JAVA_OPTS="-Xmx48m -Xss512k -XX:+UseSerialGC -XX:ReservedCodeCacheSize=48m" bench/token.sh   # the pod's
#
# Needs: wrk (apt-get install -y wrk), Temurin 25 for Keycloak (KEYCLOAK_JAVA_HOME, default
# /usr/lib/jvm/temurin-25-jdk-amd64), network access to Maven Central once (Keycloak's distribution zip).
. "$(dirname "$0")/lib.sh"
bench_require wrk curl unzip

WARMUP=${WARMUP:-120}
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-30}
CONNECTIONS=${CONNECTIONS:-16}
KEYCLOAK_VERSION=26.7.3
KEYCLOAK_PORT=${KEYCLOAK_PORT:-18180}
KEYCLOAK_JAVA_HOME=${KEYCLOAK_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
KC_DIR=$BENCH_WORK/keycloak/keycloak-$KEYCLOAK_VERSION
trap bench_stop_all EXIT

# ---- Keycloak: fetch once from Maven Central, import a realm with a confidential service-account client ----
if [ ! -x "$KC_DIR/bin/kc.sh" ]; then
  mkdir -p "$BENCH_WORK/keycloak"
  (cd "$BENCH_ROOT" && mvn -B -q dependency:copy -Dartifact=org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:zip \
      -DoutputDirectory="$BENCH_WORK/keycloak")
  unzip -q -o "$BENCH_WORK/keycloak/keycloak-quarkus-dist-$KEYCLOAK_VERSION.zip" -d "$BENCH_WORK/keycloak"
fi
mkdir -p "$KC_DIR/data/import"
cp "$BENCH_ROOT/bench/keycloak-realm.json" "$KC_DIR/data/import/bench-realm.json"

# auth-service runs on the same JDK as Keycloak, with the AOT cache (JEP 483/515) that its own integration tests
# record when built on that JDK (quarkus.package.jar.aot.enabled: the tests are the training run). AUTH_AOT=0
# measures the plain packaged jar instead.
AUTH_AOT=${AUTH_AOT:-1}
# Each server runs as its operator would ship it: auth-service with its pod's settings (BENCH_JAVA_OPTS for the
# JVM, and the two malloc arenas the Deployment sets: glibc's default is 8 per core), Keycloak with kc.sh's own
export JAVA_HOME=$KEYCLOAK_JAVA_HOME PATH=$KEYCLOAK_JAVA_HOME/bin:$PATH
if [ "$AUTH_AOT" = 1 ]; then
  app=$BENCH_ROOT/auth-service/target/quarkus-app
  if [ ! -f "$app/app.aot" ] || [ "$app/quarkus-run.jar" -nt "$app/app.aot" ]; then
    echo "building auth-service and recording its AOT cache (its integration tests are the training run) ..."
    (cd "$BENCH_ROOT" && mvn -B -q install -DskipTests -pl test-support -am \
      && mvn -B -q verify -pl auth-service -Dquarkus.package.jar.aot.enabled=true -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false)
  fi
else
  export BENCH_CDS=0
  bench_build auth-service
fi
bench_start_postgres

# ---- start both, measuring the time to the first token ----
first_token_ms() { # started-ns url basic
  local started=$1 url=$2 basic=$3
  until curl -fsS -o /dev/null -H "Authorization: Basic $basic" -d grant_type=client_credentials "$url" 2>/dev/null; do
    sleep 0.05
  done
  echo $(( ($(date +%s%N) - started) / 1000000 ))
}

AUTH_URL=http://localhost:$BENCH_AUTH_PORT/oauth2/token
AUTH_BASIC=$(printf '%s' "bench-citi:bench-citi-secret-0123456789abcdef0123456789" | base64 -w0)
KC_URL=http://localhost:$KEYCLOAK_PORT/realms/bench/protocol/openid-connect/token
KC_BASIC=$(printf '%s' "bench-client:bench-keycloak-secret-0123456789abcdef0123" | base64 -w0)

started=$(date +%s%N)
MALLOC_ARENA_MAX=${AUTH_MALLOC_ARENA_MAX:-2} bench_start_auth >/dev/null
AUTH_PID=$BENCH_PID_auth_service
auth_ready=$(first_token_ms "$started" "$AUTH_URL" "$AUTH_BASIC")

started=$(date +%s%N)
JAVA_HOME=$KEYCLOAK_JAVA_HOME KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=admin \
  "$KC_DIR/bin/kc.sh" start-dev --import-realm --http-port="$KEYCLOAK_PORT" --log-level=warn \
  > "$BENCH_WORK/keycloak.log" 2>&1 &
BENCH_PIDS+=($!)
kc_ready=$(first_token_ms "$started" "$KC_URL" "$KC_BASIC")
KC_PID=$(pgrep -f "kc.sh.*$KEYCLOAK_PORT|keycloak.*$KEYCLOAK_PORT|quarkus-run.jar.*start-dev" | head -1)
KC_PID=$(pgrep -f "io.quarkus.bootstrap.runner.QuarkusEntryPoint|keycloak-$KEYCLOAK_VERSION/lib/quarkus-run.jar" | head -1 || true)
[ -n "$KC_PID" ] || KC_PID=$(pgrep -n java)

run_wrk() { # name url basic seconds
  BASIC=$3 wrk -t2 -c"$CONNECTIONS" -d"$4"s -s "$BENCH_ROOT/bench/token-request.lua" "$2" | grep RESULT | sed "s/^RESULT/$1/"
}

echo "warm-up: ${WARMUP}s each (the JIT needs minutes on 2 cores)"
run_wrk warmup-auth "$AUTH_URL" "$AUTH_BASIC" "$WARMUP" >/dev/null
run_wrk warmup-keycloak "$KC_URL" "$KC_BASIC" "$WARMUP" >/dev/null

results=$BENCH_WORK/token-results.txt
: > "$results"
for round in $(seq 1 "$ROUNDS"); do
  run_wrk "auth-service round=$round" "$AUTH_URL" "$AUTH_BASIC" "$DURATION" | tee -a "$results"
  run_wrk "keycloak round=$round" "$KC_URL" "$KC_BASIC" "$DURATION" | tee -a "$results"
done

auth_rss=$(bench_rss_mib "$AUTH_PID")
kc_rss=$(bench_rss_mib "$KC_PID")
avg() { grep "^$1 " "$results" | sed "s/.* $2=\([0-9.]*\).*/\1/" | awk '{s+=$1} END {printf "%.1f", s/NR}'; }
a_rps=$(avg auth-service rps); k_rps=$(avg keycloak rps)
echo
printf '%-14s %10s %9s %9s %7s %9s %10s\n' server tokens/s p50_ms p99_ms errors rss_MiB ready_ms
printf '%-14s %10s %9s %9s %7s %9s %10s\n' auth-service "$a_rps" "$(avg auth-service p50)" "$(avg auth-service p99)" \
  "$(grep '^auth-service ' "$results" | sed 's/.*errors=\([0-9]*\).*/\1/' | paste -sd+ | bc)" "$auth_rss" "$auth_ready"
printf '%-14s %10s %9s %9s %7s %9s %10s\n' keycloak "$k_rps" "$(avg keycloak p50)" "$(avg keycloak p99)" \
  "$(grep '^keycloak ' "$results" | sed 's/.*errors=\([0-9]*\).*/\1/' | paste -sd+ | bc)" "$kc_rss" "$kc_ready"
echo
echo "ratios (auth-service / keycloak): tokens/s $(echo "scale=2; $a_rps / $k_rps" | bc)," \
  "RSS $(echo "scale=2; $auth_rss / $kc_rss" | bc), time to first token $(echo "scale=2; $auth_ready / $kc_ready" | bc)"
