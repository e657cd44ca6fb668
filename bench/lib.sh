#!/usr/bin/env bash
# Shared helpers for the benchmarks: start the embedded PostgreSQL, auth-service (with bench/clients.json) and
# a service from its packaged jar on loopback, obtain real tokens from the token endpoint, read RSS, stop all.
# Source it: . bench/lib.sh
set -euo pipefail

BENCH_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH_WORK=${BENCH_WORK:-$BENCH_ROOT/.local/bench}
BENCH_PG_PORT=${BENCH_PG_PORT:-55432}
BENCH_AUTH_PORT=${BENCH_AUTH_PORT:-18081}
BENCH_ISSUER=https://auth.card-platform.local
# auth-service's client-secret pepper (production mode has no default; at least 32 bytes)
BENCH_PEPPER=bench-client-secret-pepper-0123456789abcdef
BENCH_PIDS=()
mkdir -p "$BENCH_WORK"
# Every jar a benchmark starts (here, and consumer.sh's own card-service) runs in the prod profile, which refuses a
# database connection without verified TLS: the bench's embedded PostgreSQL is plain and on loopback, said
# explicitly for every process started from a script that sources this file (one WARN at each start)
export PLATFORM_DATABASE_ALLOW_PLAINTEXT=true

bench_require() {
  for tool in "$@"; do
    command -v "$tool" >/dev/null || { echo "bench: '$tool' is missing (Debian: apt-get install -y $tool)" >&2; exit 1; }
  done
}

# bench_build module... : packages the modules (and what they need) unless their jars exist
bench_build() {
  local missing=()
  for m in "$@"; do [ -f "$BENCH_ROOT/$m/target/quarkus-app/quarkus-run.jar" ] || missing+=("$m"); done
  if [ ${#missing[@]} -gt 0 ]; then
    (cd "$BENCH_ROOT" && mvn -B -q package -DskipTests -pl "$(IFS=,; echo "${missing[*]}")" -am)
  fi
}

bench_java_major() { # the major version of the "java" on the PATH
  java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | cut -d. -f1
}

bench_wait_for() { # url seconds
  local url=$1 limit=${2:-60} i=0
  until curl -fsS -o /dev/null "$url" 2>/dev/null; do
    i=$((i + 1)); [ $i -le $((limit * 5)) ] || { echo "bench: $url not ready after ${limit}s" >&2; return 1; }
    sleep 0.2
  done
}

bench_start_postgres() {
  "$BENCH_ROOT/bench/start-postgres.sh" "$BENCH_PG_PORT" "$BENCH_WORK/postgres" > "$BENCH_WORK/postgres.log" 2>&1 &
  BENCH_PIDS+=($!)
  local i=0
  until grep -q "PostgreSQL ready" "$BENCH_WORK/postgres.log" 2>/dev/null; do
    i=$((i + 1)); [ $i -le 600 ] || { echo "bench: PostgreSQL did not start, see $BENCH_WORK/postgres.log" >&2; return 1; }
    sleep 0.2
  done
}

# bench_start_service module port [VAR=value ...] : runs the packaged jar against the bench database. A benchmark
# is one client at full speed: its per-client rate limit (partner-guard) is far above the load (BENCH_CLIENT_QUOTA),
# so the limiter runs on every request without refusing any
bench_start_service() {
  local module=$1 port=$2; shift 2
  local started=$(date +%s%N)
  # Run from the application directory: a class archive written by the build (app.aot: JDK 25 AOT cache;
  # app-cds.jsa: AppCDS) records the class path relative to it, and the JVM ignores it when started from elsewhere.
  # BENCH_CDS=0 starts without one; BENCH_NICE=<n> starts the service at that nice level.
  local app=$BENCH_ROOT/$module/target/quarkus-app cds=
  if [ "${BENCH_CDS:-1}" = 1 ]; then
    if [ -f "$app/app.aot" ] && [ "$(bench_java_major)" -ge 25 ]; then cds=-XX:AOTCache=app.aot
    elif [ -f "$app/app-cds.jsa" ]; then cds=-XX:SharedArchiveFile=app-cds.jsa
    fi
  fi
  (cd "$app" && exec env QUARKUS_HTTP_PORT="$port" \
      PLATFORM_DB_REACTIVE_URL="postgresql://localhost:$BENCH_PG_PORT/postgres" \
      PLATFORM_DB_JDBC_URL="jdbc:postgresql://localhost:$BENCH_PG_PORT/postgres" \
      PLATFORM_JWKS_URL="http://localhost:$BENCH_AUTH_PORT/.well-known/jwks.json" \
      PLATFORM_TOKEN_ISSUER="$BENCH_ISSUER" \
      QUARKUS_LOG_CONSOLE_LEVEL=WARN \
      PLATFORM_GUARD_RATE_LIMIT_DEFAULTS_QUOTA="${BENCH_CLIENT_QUOTA:-100000000}" \
      "$@" \
      nice -n "${BENCH_NICE:-0}" java $cds ${BENCH_JAVA_OPTS:-} -jar quarkus-run.jar) \
      > "$BENCH_WORK/$module.log" 2>&1 &
  local pid=$!
  BENCH_PIDS+=($pid)
  eval "BENCH_PID_${module//-/_}=$pid"
  bench_wait_for "http://localhost:$port/q/health/ready" 90
  echo "$module ready on $port in $(( ($(date +%s%N) - started) / 1000000 )) ms (pid $pid)"
}

bench_start_auth() {
  local key=$BENCH_WORK/signing-key.pem
  [ -f "$key" ] || openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$key" 2>/dev/null
  bench_start_service auth-service "$BENCH_AUTH_PORT" \
    PLATFORM_SIGNING_KEY_LOCATION="$key" PLATFORM_SIGNING_KEY_ID=bench-key \
    PLATFORM_CLIENT_SECRET_PEPPER="$BENCH_PEPPER" \
    PLATFORM_BOOTSTRAP_CLIENTS="$BENCH_ROOT/bench/clients.json" \
    PLATFORM_TOKEN_ENDPOINT="http://localhost:$BENCH_AUTH_PORT/oauth2/token"
}

# bench_token client-id [scope] : prints an access token for a client of bench/clients.json
bench_token() {
  local client=$1 scope=${2:-}
  local secret
  secret=$(grep -o "\"clientId\": \"$client\", \"clientSecret\": \"[^\"]*\"" "$BENCH_ROOT/bench/clients.json" | sed 's/.*"clientSecret": "\([^"]*\)"/\1/')
  curl -fsS -u "$client:$secret" -d grant_type=client_credentials ${scope:+--data-urlencode "scope=$scope"} \
    "http://localhost:$BENCH_AUTH_PORT/oauth2/token" | sed 's/.*"access_token":"\([^"]*\)".*/\1/'
}

# bench_tracking_keys file : two EC P-256 decryption keys for card-service's tracking hub, as during a rotation
# (the first one is published first and used by the issuer), written owner-only
bench_tracking_keys() {
  mkdir -p "$(dirname "$1")"
  local lib=$BENCH_ROOT/card-service/target/quarkus-app/lib/main
  local cp
  cp="$(ls "$lib"/org.bitbucket.b_c.jose4j-*.jar):$(ls "$lib"/org.slf4j.slf4j-api-*.jar)"
  cat > "$(dirname "$1")/Keys.java" <<'JAVA'
import java.util.List;
import org.jose4j.jwk.*;
import org.jose4j.keys.EllipticCurves;
public class Keys {
    public static void main(String[] a) throws Exception {
        EllipticCurveJsonWebKey current = EcJwkGenerator.generateJwk(EllipticCurves.P256);
        current.setKeyId("bench-2026-02");
        EllipticCurveJsonWebKey previous = EcJwkGenerator.generateJwk(EllipticCurves.P256);
        previous.setKeyId("bench-2026-01");
        System.out.println(new JsonWebKeySet(List.<JsonWebKey>of(current, previous))
                .toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE));
    }
}
JAVA
  (umask 077 && java -cp "$cp" "$(dirname "$1")/Keys.java" 2>/dev/null > "$1")
}

bench_rss_mib() { # pid
  echo $(( $(ps -o rss= -p "$1") / 1024 ))
}

bench_psql() { # sql : runs SQL on the bench database through the JDBC driver-free psql if present
  PGPASSWORD=postgres psql -h localhost -p "$BENCH_PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -qAt -c "$1"
}

bench_stop_all() {
  for ((i=${#BENCH_PIDS[@]}-1; i>=0; i--)); do
    kill "${BENCH_PIDS[$i]}" 2>/dev/null || true
  done
  for pid in "${BENCH_PIDS[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  done
  BENCH_PIDS=()
}
