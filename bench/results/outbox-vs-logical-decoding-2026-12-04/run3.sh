#!/usr/bin/env bash
# w3: logical messages consumed by the streaming protocol (pg_recvlogical, as a relay on a replication connection would)
export PGPASSWORD=postgres
P="psql -h localhost -p 55497 -U postgres -d postgres -qAt"
PB="pgbench -h localhost -p 55497 -U postgres -n -M prepared"
T=${1:-20}
$P -c "CHECKPOINT"
$P -c "SELECT pg_create_logical_replication_slot('events_slot', 'pgoutput')" >/dev/null
busy() { awk '/^cpu /{print $2+$3+$4+$7+$8}' /proc/stat; }
/usr/lib/postgresql/15/bin/pg_recvlogical -h localhost -p 55497 -U postgres -d postgres --slot events_slot --start -o proto_version=1 -o publication_names=events_pub -o messages=true -F 1 -f /dev/null 2>recv.err &
rp=$!
sleep 1
b0=$(busy); r0=$(awk '{print $14+$15}' /proc/$rp/stat)
/usr/bin/time -f "%U %S" -o t.w3 $PB -c 8 -j 2 ${WRATE:+-R $WRATE} -T $T -f w2.sql postgres > out.w3 2>&1
# wait until the slot has caught up
for i in $(seq 1 100); do lag=$($P -c "select pg_current_wal_lsn() - confirmed_flush_lsn from pg_replication_slots"); [ "${lag%.*}" -lt 100000 ] 2>/dev/null && break; sleep 0.2; done
b1=$(busy); r1=$(awk '{print $14+$15}' /proc/$rp/stat)
kill $rp; sleep 1; $P -c "SELECT pg_drop_replication_slot('events_slot')" >/dev/null
tx=$(grep "number of transactions actually processed" out.w3 | awk -F: '{print $2}' | cut -d/ -f1 | tr -d ' ')
cli=$(tail -1 t.w3 | awk '{print ($1+$2)*100}')
python3 -c "
tx=$tx; m=$b1-$b0; cli=$cli; rc=$r1-$r0
print(f'w3: {tx} writes, PG CPU {(m-cli-rc)*10000/tx:.1f} us/write (machine {m*10000/tx:.1f}, pgbench {cli*10000/tx:.1f}, pg_recvlogical {rc*10000/tx:.1f}), lag left $lag')"
