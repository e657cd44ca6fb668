#!/usr/bin/env bash
# run.sh w0|w1|w4|w4d [seconds]; env WRATE, RATE
export PGPASSWORD=postgres
P="psql -h localhost -p 55497 -U postgres -d postgres -qAt"
PB="pgbench -h localhost -p 55497 -U postgres -n -M prepared"
v=$1; T=${2:-20}
$P -c "TRUNCATE x.outbox_event, x.outbox_log, x.outbox_log2"; $P -c "UPDATE x.outbox_cursor SET txid='0', sequence=0"; $P -c "VACUUM x.outbox_event, x.outbox_log, x.outbox_cursor, x.cards"; $P -c "CHECKPOINT"
busy() { awk '/^cpu /{print $2+$3+$4+$7+$8}' /proc/stat; }
b0=$(busy)
w=$v; [ $v = w4d ] && w=w4
/usr/bin/time -f "%U %S" -o t.$v $PB -c 8 -j 2 ${WRATE:+-R $WRATE} -T $T -f $w.sql postgres > out.$v 2>&1 &
r=""; [ $v = w1 ] && r=r1; [ $v = w4 ] || [ $v = w4d ] && r=r4; [ $v = w5 ] && r=r5
[ -n "$r" ] && /usr/bin/time -f "%U %S" -o tr.$v $PB -c 1 -R ${RATE:-20} -T $T -f $r.sql postgres > rout.$v 2>&1 &
[ $v = w4d ] && /usr/bin/time -f "%U %S" -o tp.$v $PB -c 1 -R 1 -T $T -f p4.sql postgres > pout.$v 2>&1 &
wait
left=0
if [ $v = w1 ]; then left=$($P -c "select count(*) from x.outbox_event"); $P -c "delete from x.outbox_event"; fi
if [ $v = w5 ]; then $P -c "TRUNCATE x.outbox_log2"; fi; if [ $v = w4 ] || [ $v = w4d ]; then left=$($P -c "select count(*) from x.outbox_log o, x.outbox_cursor c where (o.txid,o.sequence) > (c.txid,c.sequence)"); $P -c "TRUNCATE x.outbox_log"; fi
$P -c "VACUUM x.outbox_event, x.outbox_log, x.outbox_cursor"
b1=$(busy)
tx=$(grep "number of transactions actually processed" out.$v | awk -F: '{print $2}' | cut -d/ -f1 | tr -d ' ')
cli=$(tail -1 t.$v | awk '{print ($1+$2)*100}'); rcli=0; [ -f tr.$v ] && rcli=$(tail -1 tr.$v | awk '{print ($1+$2)*100}'); [ -f tp.$v ] && rcli=$(echo "$rcli + $(tail -1 tp.$v | awk '{print ($1+$2)*100}')" | bc)
rm -f tr.$v tp.$v
python3 - "$v" "$tx" "$b0" "$b1" "$cli" "$rcli" "$left" <<'PY'
import sys
v,tx,b0,b1,cli,rcli,left=sys.argv[1:]
tx=int(tx); pg=(int(b1)-int(b0))-float(cli)-float(rcli)
print(f"{v}: {tx} writes, left {left}, PG CPU {pg*10000/tx:.1f} us/write (pgbench {float(cli)*10000/tx:.1f}+{float(rcli)*10000/tx:.1f})")
PY
