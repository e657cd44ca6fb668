#!/usr/bin/env bash
# run.sh label script.sql [extra pgbench options]: 20 s of the script, 8 clients, prepared; the machine's CPU (all
# processes, pgbench included) per script run. PostgreSQL 17 of bench/start-postgres.sh on port 55498, setup.sql
# first; pgbench of the machine's PostgreSQL 15.
export PGPASSWORD=postgres
label=$1; script=$2; shift 2
busy() { awk '/^cpu /{print $2+$3+$4+$7+$8}' /proc/stat; }
b0=$(busy)
/usr/lib/postgresql/15/bin/pgbench -h localhost -p 55498 -U postgres -n -M prepared -c 8 -j 2 -T 20 "$@" -f $script postgres > pgb.$label 2>&1
b1=$(busy)
tx=$(grep -oP 'number of transactions actually processed: \K[0-9]+' pgb.$label)
echo "$label $script: $tx runs, $(awk -v t=$tx -v b=$((b1-b0)) 'BEGIN{printf "%.0f/s, machine %.1f us/run", t/20, b*10000/t}') $(grep -c 'ERROR' pgb.$label) errors"
