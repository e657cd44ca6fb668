#!/usr/bin/env bash
# Starts the embedded PostgreSQL 17 (no installation needed) on a port, with a data directory kept between
# runs, in the foreground. Usage: bench/start-postgres.sh [port] [data-dir]. User/password: postgres/postgres.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
port=${1:-5432}
data=${2:-$root/.local/bench-postgres}
cd "$root"
if [ ! -f test-support/target/classpath.txt ] || [ ! -f test-support/target/test-support-1.0.0-SNAPSHOT.jar ]; then
  mvn -B -q -pl test-support -am install -DskipTests
  mvn -B -q -pl test-support dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
fi
exec java -cp "test-support/target/test-support-1.0.0-SNAPSHOT.jar:$(cat test-support/target/classpath.txt)" \
  com.cardplatform.testing.StandalonePostgres "$port" "$data"
