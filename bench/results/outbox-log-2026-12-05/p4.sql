DELETE FROM x.outbox_log WHERE (txid, sequence) <= (SELECT txid, sequence FROM x.outbox_cursor WHERE id = 1);
