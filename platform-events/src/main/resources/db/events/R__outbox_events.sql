-- The outbox of the events a service causes (platform-events), in the schema of the service that owns them.
-- A service inserts its events in the same statement or transaction as the change they describe; the relay hands
-- them to notification-service (at least once) and deletes them once accepted.
-- Repeatable and written to run again safely: every service has this table, next to its own versioned migrations.
CREATE SEQUENCE IF NOT EXISTS outbox_event_sequence;
CREATE TABLE IF NOT EXISTS outbox_event (
    -- the event's id for receivers (notification-service drops a repeated one); unique by construction and never
    -- looked up here, so not indexed: a random uuid key cost every event an index entry on a random page
    event_id        uuid        NOT NULL DEFAULT gen_random_uuid(),
    -- the key and the relay's order: strictly increasing per entity (one sequence for the schema; the change's row
    -- lock orders two changes of one entity, and nextval runs after it): a receiver drops an update older than the
    -- one it has. Always appended at the right end of its index, the one index of the table.
    sequence        bigint      NOT NULL DEFAULT nextval('outbox_event_sequence'),
    event_type      text        NOT NULL,
    -- 'issuer:<issuerId>' or 'client:<clientId>' (Triple entities belong to the client that created them)
    tenant          text        NOT NULL,
    entity_id       text        NOT NULL,
    occurred_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
    -- the service's snapshot of the change; turned into the event's public data when relayed (never a PAN,
    -- a code or a secret in the public data)
    payload         jsonb       NOT NULL,
    correlation_id  text,
    -- an event its renderer could not read waits here before it is tried again (a batch being relayed is locked,
    -- not leased; a refused batch pauses the relay, not its events)
    next_attempt_at timestamptz NOT NULL DEFAULT '-infinity',
    attempts        integer     NOT NULL DEFAULT 0,
    CONSTRAINT outbox_event_by_sequence PRIMARY KEY (sequence)
);
-- The W3C traceparent of the request that caused the event (platform-runtime's Traceparent): notification-service
-- delivers it in that trace, however late. Added to tables created before it existed.
ALTER TABLE outbox_event ADD COLUMN IF NOT EXISTS traceparent text;
-- Tables created keyed by event_id, with an index of due events: keyed by sequence, the relay's order, instead.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_constraint
                    WHERE conrelid = 'outbox_event'::regclass AND conname = 'outbox_event_by_sequence') THEN
        ALTER TABLE outbox_event DROP CONSTRAINT IF EXISTS outbox_event_pkey;
        ALTER TABLE outbox_event ADD CONSTRAINT outbox_event_by_sequence PRIMARY KEY (sequence);
    END IF;
END
$$;
DROP INDEX IF EXISTS outbox_event_due;
