CREATE SCHEMA x;
CREATE TABLE x.cards (id int PRIMARY KEY, status text NOT NULL, account text NOT NULL, updated_at timestamptz NOT NULL DEFAULT now());
INSERT INTO x.cards SELECT g, 'A', 'acc-' || g FROM generate_series(1, 100000) g;
CREATE SEQUENCE x.outbox_event_sequence;
CREATE TABLE x.outbox_event (
    event_id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
    sequence bigint NOT NULL DEFAULT nextval('x.outbox_event_sequence'),
    event_type text NOT NULL, tenant text NOT NULL, entity_id text NOT NULL,
    occurred_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    payload jsonb NOT NULL, correlation_id text,
    next_attempt_at timestamptz NOT NULL DEFAULT '-infinity', attempts integer NOT NULL DEFAULT 0, traceparent text);
CREATE INDEX outbox_event_due ON x.outbox_event (next_attempt_at, sequence);
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
VACUUM ANALYZE x.cards;
-- w5: the log without the event_id column
CREATE TABLE x.outbox_log2 (LIKE x.outbox_log INCLUDING DEFAULTS);
ALTER TABLE x.outbox_log2 DROP COLUMN event_id;
CREATE INDEX ON x.outbox_log2 (txid, sequence);
