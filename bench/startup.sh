#!/usr/bin/env bash
# Start-up of every service, as its image starts it: process start to ready (/q/health/ready answers 200, polled
# every 10 ms, without forking a process per poll), on JDK 25, with the AOT cache (JEP 483/515) that the service's own integration tests record, and
# without it. Each service is started ROUNDS times each way against the bench PostgreSQL (already migrated: the
# first start of a round migrates, and is not counted), with its production settings (prod profile, JSON logs).
#
# Usage: bench/startup.sh [rounds]   (default 5)
#   JAVA25_HOME   a JDK 25+ (default: the Temurin 25 of these machines)
#   SERVICES      a space-separated subset
# The cache is recorded when missing or older than the jar: `mvn verify -pl <service>
# -Dquarkus.package.jar.aot.enabled=true` on JDK 25 (its integration tests are the training run); the modules it
# needs must be installed (mvn -B install -DskipTests).
set -euo pipefail
cd "$(dirname "$0")"
. ./lib.sh

ROUNDS=${1:-5}
JAVA25_HOME=${JAVA25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
[ -x "$JAVA25_HOME/bin/java" ] || { echo "startup.sh: no JDK 25 at $JAVA25_HOME (set JAVA25_HOME)" >&2; exit 1; }
export JAVA_HOME=$JAVA25_HOME PATH=$JAVA25_HOME/bin:$PATH
read -r -a services <<< "${SERVICES:-auth-service consumer-service card-service activation-service rewards-account-service notification-service}"
bench_require curl java mvn openssl
trap bench_stop_all EXIT
PORT=18190

# ---- the AOT caches: recorded by each service's integration tests ----
for service in "${services[@]}"; do
  app=$BENCH_ROOT/$service/target/quarkus-app
  if [ ! -f "$app/app.aot" ] || [ "$app/quarkus-run.jar" -nt "$app/app.aot" ]; then
    echo "recording $service's AOT cache (its integration tests are the training run) ..."
    (cd "$BENCH_ROOT" && mvn -B -q -o verify -pl "$service" -Dquarkus.package.jar.aot.enabled=true \
      -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false > "$BENCH_WORK/aot-$service.log" 2>&1) \
      || { echo "startup.sh: recording failed, see $BENCH_WORK/aot-$service.log" >&2; exit 1; }
    # the JVM step that writes the cache can fail after the tests passed (it leaves an empty file and an hs_err log)
    [ -s "$app/app.aot" ] || { echo "startup.sh: $service's AOT cache is empty: the JVM could not create it" \
      "(see $app/hs_err_pid*.log and $BENCH_WORK/aot-$service.log)" >&2; exit 1; }
  fi
  echo "$service: $(du -m "$app/app.aot" | cut -f1) MiB AOT cache"
done

# ---- each service's own settings (the secrets its prod profile requires) ----
key=$BENCH_WORK/signing-key.pem
[ -f "$key" ] || openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$key" 2>/dev/null
bench_tracking_keys "$BENCH_WORK/tracking-jwks.json"
settings() { # service
  case $1 in
    auth-service) echo PLATFORM_SIGNING_KEY_LOCATION="$key" PLATFORM_SIGNING_KEY_ID=bench-key \
      PLATFORM_CLIENT_SECRET_PEPPER="$BENCH_PEPPER" PLATFORM_BOOTSTRAP_CLIENTS="$BENCH_ROOT/bench/clients.json" \
      PLATFORM_TOKEN_ENDPOINT="http://localhost:$PORT/oauth2/token" ;;
    consumer-service) echo PLATFORM_CARD_SERVICE_URL="http://localhost:9" \
      PLATFORM_CARD_SERVICE_TOKEN_URL="http://localhost:9/oauth2/token" \
      PLATFORM_CARD_SERVICE_CLIENT_ID=bench-consumer-service \
      PLATFORM_CARD_SERVICE_CLIENT_SECRET=bench-consumer-service-secret-0123456789abcd ;;
    card-service) echo PLATFORM_PAN_DIGEST_KEY=bench-pan-digest-key-0123456789abcdef0123456789 \
      PLATFORM_TRACKING_JWE_KEYS="$BENCH_WORK/tracking-jwks.json" ;;
    activation-service) echo PLATFORM_ACTIVATION_HMAC_KEY=bench-activation-hmac-key-0123456789abcdefghijklmnopqrstuvwxyz ;;
    notification-service) echo PLATFORM_NOTIFY_SECRETS_KEY="$(openssl rand -base64 32)" ;;
    *) echo ;;
  esac
}

# The poll forks nothing: a curl every 10 ms costs a few milliseconds of CPU each, taken from the JVM that is starting
# on the same two cores (a kubelet probes every few seconds). The clock is bash's $EPOCHREALTIME, the HTTP request a
# /dev/tcp socket, the pause a read with a timeout on a descriptor that never has data.
exec {PAUSE}<> <(:)
ready() { # the readiness endpoint answers 200
  local status=
  { exec {sock}<>"/dev/tcp/localhost/$PORT"; } 2>/dev/null || return 1
  printf 'GET /q/health/ready HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' >&"$sock"
  read -r -t 2 _ status _ <&"$sock" || true
  exec {sock}<&-
  [ "$status" = 200 ]
}

# one start: prints the milliseconds from the process's start to its first ready answer
start_once() { # service with-cache
  local service=$1 cache=$2 app=$BENCH_ROOT/$1/target/quarkus-app option=
  [ "$cache" = 1 ] && option=-XX:AOTCache=app.aot
  local started pid ms
  started=${EPOCHREALTIME/./}
  # shellcheck disable=SC2046
  (cd "$app" && exec env QUARKUS_HTTP_PORT=$PORT \
      PLATFORM_DB_REACTIVE_URL="postgresql://localhost:$BENCH_PG_PORT/postgres" \
      PLATFORM_DB_JDBC_URL="jdbc:postgresql://localhost:$BENCH_PG_PORT/postgres" \
      PLATFORM_JWKS_URL="http://localhost:$PORT/.well-known/jwks.json" PLATFORM_TOKEN_ISSUER="$BENCH_ISSUER" \
      $(settings "$service") java $option ${BENCH_JAVA_OPTS:-} -jar quarkus-run.jar) >> "$BENCH_WORK/startup-$service.log" 2>&1 &
  pid=$!
  until ready; do
    kill -0 "$pid" 2>/dev/null || { echo "startup.sh: $service exited, see $BENCH_WORK/startup-$service.log" >&2; exit 1; }
    [ $(( (${EPOCHREALTIME/./} - started) / 1000000 )) -lt 120 ] || { echo "startup.sh: $service not ready" >&2; exit 1; }
    read -r -t 0.01 -u "$PAUSE" || true
  done
  ms=$(( (${EPOCHREALTIME/./} - started) / 1000 ))
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo "$ms"
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2)}'; }

bench_start_postgres
echo "load before: $(uptime | sed 's/.*load average: //')"
printf '%-24s %-34s %-34s\n' service "with the AOT cache (median; all)" "without (median; all)"
for service in "${services[@]}"; do
  rm -f "$BENCH_WORK/startup-$service.log"
  start_once "$service" 1 > /dev/null # migrates the schema on a fresh database; not counted
  with=() without=()
  for _ in $(seq 1 "$ROUNDS"); do
    with+=("$(start_once "$service" 1)")
    without+=("$(start_once "$service" 0)")
  done
  printf '%-24s %-34s %-34s\n' "$service" \
    "$(printf '%s\n' "${with[@]}" | median) ms; ${with[*]}" "$(printf '%s\n' "${without[@]}" | median) ms; ${without[*]}"
done
echo "load after: $(uptime | sed 's/.*load average: //')"
