-- The scratch schema of the earlier comparison (x.cards, x.outbox_event as built, its sequence; its publication and
-- x.outbox_nokey are not used here; wal_level = logical is not needed), then the log's tables.
\ir ../outbox-vs-logical-decoding-2026-12-04/setup.sql
-- append-only log read past a cursor below the oldest running transaction
CREATE TABLE x.outbox_log (
    sequence bigint NOT NULL DEFAULT nextval('x.outbox_event_sequence'),
    txid xid8 NOT NULL DEFAULT pg_current_xact_id(),
    event_id uuid NOT NULL DEFAULT gen_random_uuid(),
    event_type text NOT NULL, tenant text NOT NULL, entity_id text NOT NULL,
    occurred_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    payload jsonb NOT NULL, correlation_id text, traceparent text);
CREATE INDEX outbox_log_order ON x.outbox_log (txid, sequence);
CREATE TABLE x.outbox_cursor (id int PRIMARY KEY, txid xid8 NOT NULL, sequence bigint NOT NULL);
INSERT INTO x.outbox_cursor VALUES (1, '0', 0);
-- w5: the log without the event_id column
CREATE TABLE x.outbox_log2 (LIKE x.outbox_log INCLUDING DEFAULTS);
ALTER TABLE x.outbox_log2 DROP COLUMN event_id;
CREATE INDEX ON x.outbox_log2 (txid, sequence);
