-- Run once on a PostgreSQL 17 with wal_level = logical (ALTER SYSTEM SET wal_level = logical; restart).
CREATE SCHEMA x;
CREATE TABLE x.cards (id int PRIMARY KEY, status text NOT NULL, account text NOT NULL, updated_at timestamptz NOT NULL DEFAULT now());
INSERT INTO x.cards SELECT g, 'A', 'acc-' || g FROM generate_series(1, 100000) g;
CREATE SEQUENCE x.outbox_event_sequence;
-- the platform's outbox (platform-events R__outbox_events.sql), in a scratch schema
CREATE TABLE x.outbox_event (
    event_id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
    sequence bigint NOT NULL DEFAULT nextval('x.outbox_event_sequence'),
    event_type text NOT NULL, tenant text NOT NULL, entity_id text NOT NULL,
    occurred_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    payload jsonb NOT NULL, correlation_id text,
    next_attempt_at timestamptz NOT NULL DEFAULT '-infinity', attempts integer NOT NULL DEFAULT 0, traceparent text);
CREATE INDEX outbox_event_due ON x.outbox_event (next_attempt_at, sequence);
-- the same without the uuid primary key (claimed by ctid)
CREATE TABLE x.outbox_nokey (LIKE x.outbox_event INCLUDING DEFAULTS);
CREATE INDEX outbox_nokey_due ON x.outbox_nokey (next_attempt_at, sequence);
-- an empty publication: pgoutput then sends the logical messages only
CREATE PUBLICATION events_pub;
VACUUM ANALYZE x.cards;
