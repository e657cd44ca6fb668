#!/usr/bin/env bash
# run.sh label : 30 s of claim+answer pairs, 8 clients, a CHECKPOINT at 10 s (PostgreSQL on port 55499: the machine's PostgreSQL 15, since the embedded 17 has no lz4; setup.sql first)
export PGPASSWORD=postgres
P="psql -h localhost -p 55499 -U postgres -d postgres -qAt"
busy() { awk '/^cpu /{print $2+$3+$4+$7+$8}' /proc/stat; }
wal() { $P -c "select wal_fpi||' '||wal_bytes from pg_stat_wal"; }
$P -c "CHECKPOINT"
pgbench -h localhost -p 55499 -U postgres -n -M prepared -c 8 -j 2 -T 30 -P 10 -f step.sql postgres > pgb.$1 2>&1 &
sleep 0.5
b0=$(busy); w0=$(wal); sleep 9.5
b1=$(busy); w1=$(wal); $P -c "CHECKPOINT" ; b1c=$(busy); w1c=$(wal); sleep 10
b2=$(busy); w2=$(wal)
wait
echo "$1 before: cpu $((b1-b0)) ticks, fpi/bytes $w0 -> $w1 | checkpoint: cpu $((b1c-b1)) | after: cpu $((b2-b1c)), fpi/bytes $w1c -> $w2"
grep -E "progress" pgb.$1
