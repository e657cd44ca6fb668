#!/usr/bin/env bash
# The whole card platform on this machine, in one command:
#   deploy/local/run.sh
# Needs JDK 17+ and Maven 3.8+ only. Builds what is missing, then starts the embedded PostgreSQL, the five
# services and the HTTPS front door on https://localhost:8443. Ctrl-C stops everything; keys, clients and data
# stay in .local/ for the next run. Variables (ports, data directory, external PostgreSQL): deploy/README.md.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"

fail() { echo "run.sh: $*" >&2; exit 1; }

command -v java >/dev/null 2>&1 || fail "java is not installed: install a JDK 17 or later (e.g. apt-get install openjdk-17-jdk)"
java_version=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
java_major=${java_version%%.*}
[ "${java_major:-0}" -ge 17 ] 2>/dev/null || fail "Java 17 or later is needed; 'java' is version ${java_version:-unknown} ($(command -v java))"
command -v keytool >/dev/null 2>&1 || [ -x "$(dirname "$(readlink -f "$(command -v java)")")/keytool" ] \
  || fail "keytool is missing: a full JDK is needed, not a JRE"

services="auth-service consumer-service card-service activation-service rewards-account-service"
missing=()
for s in $services; do [ -f "$s/target/quarkus-app/quarkus-run.jar" ] || missing+=("$s"); done
[ -f deploy/local/target/classpath.txt ] && [ -d deploy/local/target/classes/com/cardplatform/local ] || missing+=("deploy/local")
if [ ${#missing[@]} -gt 0 ] || [ "${LOCAL_REBUILD:-}" = "true" ]; then
  command -v mvn >/dev/null 2>&1 || fail "mvn is not installed and ${missing[*]:-the build} must be built: install Maven 3.8+"
  echo "run.sh: building ${missing[*]:-everything} (mvn -B -q install -DskipTests; a few minutes the first time) ..."
  mvn -B -q install -DskipTests || fail "the build failed (see above)"
  # deploy/local may not be in the root reactor: make sure its classes and classpath exist
  if [ ! -f deploy/local/target/classpath.txt ]; then
    mvn -B -q -f deploy/local/pom.xml package -DskipTests || fail "the build of deploy/local failed (see above)"
  fi
fi

# exec: Ctrl-C reaches the launcher, which stops the front door, the services and PostgreSQL in that order
exec java -cp "deploy/local/target/classes:$(cat deploy/local/target/classpath.txt)" com.cardplatform.local.LocalStack "$@"
