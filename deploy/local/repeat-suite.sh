#!/usr/bin/env bash
# Runs the platform suite (deploy/local: unit tests and every IT on the shared local stack) N times in a row while
# another CPU-heavy process runs beside it, and prints one line per run. This is how the suite's determinism is
# measured (deploy/README.md, "Is the suite deterministic?"); nothing here retries a failed run.
#
#   deploy/local/repeat-suite.sh [runs=10]        HOGS=<busy processes, default 1>
#
# Each run's log: deploy/local/target/repeat/run-<n>.log, its stack's logs: run-<n>-logs/.
set -uo pipefail
cd "$(dirname "$0")/../.."

runs=${1:-10}
hogs=${HOGS:-1}
out=deploy/local/target/repeat
mkdir -p "$out"

echo "building the services and the launcher (mvn -B -q install -DskipTests)"
mvn -B -q install -DskipTests || exit 1

hog_pids=()
for ((h = 0; h < hogs; h++)); do
    # one core's worth of pure CPU (SHA-256 of an endless stream of zeros)
    sha256sum /dev/zero &
    hog_pids+=($!)
done
trap 'kill "${hog_pids[@]}" 2>/dev/null' EXIT
echo "$hogs CPU-heavy process(es) running beside the suite: ${hog_pids[*]}"

passed=0
for ((i = 1; i <= runs; i++)); do
    started=$(date +%s)
    mvn -B verify -f deploy/local/pom.xml -Dstandalone > "$out/run-$i.log" 2>&1
    status=$?
    seconds=$(($(date +%s) - started))
    rm -rf "$out/run-$i-logs"
    cp -r deploy/local/target/local-stack-it/logs "$out/run-$i-logs" 2>/dev/null
    totals=$(grep -E '^\[(INFO|ERROR|WARNING)\] Tests run: [0-9]+, Failures' "$out/run-$i.log" | grep -v ' -- in ' \
        | sed -E 's/^\[[A-Z]+\] //' | paste -sd ';' -)
    if [ $status -eq 0 ]; then
        passed=$((passed + 1))
        echo "run $i: PASSED in ${seconds} s ($totals)"
    else
        failed=$(grep -E '<<< (FAILURE|ERROR)!' "$out/run-$i.log" | grep -v ' -- in ' | head -5 | paste -sd ' ' -)
        echo "run $i: FAILED in ${seconds} s ($totals) $failed"
    fi
done
echo "$passed of $runs runs passed"
[ $passed -eq "$runs" ]
