#!/usr/bin/env bash
# run.sh w0|w1|w1a|w2 [seconds]: one pgbench run of a write (and its event consumer) on the PostgreSQL of port 55497
# (bench/start-postgres.sh 55497 DIR, then wal_level = logical and setup.sql); env WRATE (writes/s), RATE (consumer runs/s),
# RSCRIPT (r1a for w1a)
export PGPASSWORD=postgres
P="psql -h localhost -p 55497 -U postgres -d postgres -qAt"
PB="pgbench -h localhost -p 55497 -U postgres -n -M prepared"
v=$1; T=${2:-20}
$P -c "TRUNCATE x.outbox_event, x.outbox_nokey"; $P -c "VACUUM x.outbox_event, x.outbox_nokey"; $P -c "CHECKPOINT"
if [ $v = w2 ]; then $P -c "SELECT pg_create_logical_replication_slot('events_slot', 'pgoutput')" >/dev/null; fi
busy() { awk '/^cpu /{print $2+$3+$4+$7+$8}' /proc/stat; }
b0=$(busy); s0=$(date +%s.%N)
/usr/bin/time -f "%U %S" -o t.$v $PB -c 8 -j 2 ${WRATE:+-R $WRATE} -T $T -f $v.sql postgres > out.$v 2>&1 &
wp=$!
if [ $v = w1 ] || [ $v = w1a ]; then /usr/bin/time -f "%U %S" -o tr.$v $PB -c 1 -R ${RATE:-100} -T $T -f ${RSCRIPT:-r1}.sql postgres > rout.$v 2>&1 & fi
if [ $v = w2 ]; then /usr/bin/time -f "%U %S" -o tr.$v $PB -c 1 -R ${RATE:-100} -T $T -f r2.sql postgres > rout.$v 2>&1 & fi
wait
# drain what is left
left=0
if [ $v = w1a ]; then left=$($P -c "select count(*) from x.outbox_nokey"); $P -c "delete from x.outbox_nokey" ; fi
if [ $v = w1 ]; then left=$($P -c "select count(*) from x.outbox_event"); while [ "$($P -c "WITH d AS (DELETE FROM x.outbox_event WHERE event_id IN (SELECT event_id FROM x.outbox_event ORDER BY sequence LIMIT 5000) RETURNING 1) SELECT count(*) FROM d")" != 0 ]; do :; done; fi
if [ $v = w2 ]; then left=$($P -c "select pg_size_pretty(pg_current_wal_lsn() - confirmed_flush_lsn) from pg_replication_slots"); $P -c "SELECT count(*) FROM pg_logical_slot_get_binary_changes('events_slot', NULL, NULL, 'proto_version', '1', 'publication_names', 'events_pub', 'messages', 'true')" >/dev/null; fi
b1=$(busy); s1=$(date +%s.%N)
if [ $v = w2 ]; then $P -c "SELECT pg_drop_replication_slot('events_slot')" >/dev/null; fi
tx=$(grep "number of transactions actually processed" out.$v | awk -F: '{print $2}' | cut -d/ -f1 | tr -d ' ')
tps=$(grep "^tps" out.$v | awk '{print $3}')
cli=$(tail -1 t.$v | awk '{print ($1+$2)*100}'); rcli=0; [ -f tr.$v ] && [ $v != w0 ] && rcli=$(tail -1 tr.$v | awk '{print ($1+$2)*100}')
rm -f tr.$v
python3 - "$v" "$tx" "$tps" "$b0" "$b1" "$cli" "$rcli" "$left" "$s0" "$s1" <<'PY'
import sys
v,tx,tps,b0,b1,cli,rcli,left,s0,s1=sys.argv[1:]
tx=int(tx); pg=(int(b1)-int(b0))-float(cli)-float(rcli)
print(f"{v}: {tx} writes, {float(tps):.0f}/s, left after run {left}, PG CPU {pg*10000/tx:.1f} us/write (machine {(int(b1)-int(b0))*10000/tx:.1f}, pgbench {float(cli)*10000/tx:.1f}+{float(rcli)*10000/tx:.1f}), wall {float(s1)-float(s0):.1f}s")
PY
