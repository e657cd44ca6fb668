-- The outbox of the events a service causes (platform-events), in the schema of the service that owns them.
-- A service inserts its events in the same statement or transaction as the change they describe; the relay hands
-- them to notification-service (at least once) and deletes them once accepted.
-- Repeatable and written to run again safely: every service has this table, next to its own versioned migrations.
CREATE SEQUENCE IF NOT EXISTS outbox_event_sequence;
CREATE TABLE IF NOT EXISTS outbox_event (
    event_id        uuid        NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
    -- strictly increasing per entity (one sequence for the schema; the change's row lock orders two changes
    -- of one entity, and nextval runs after it): a receiver drops an update older than the one it has
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
    -- when the event is due: its backoff after a failed attempt (a batch being relayed is locked, not leased)
    next_attempt_at timestamptz NOT NULL DEFAULT '-infinity',
    attempts        integer     NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS outbox_event_due ON outbox_event (next_attempt_at, sequence);
-- The W3C traceparent of the request that caused the event (platform-runtime's Traceparent): notification-service
-- delivers it in that trace, however late. Added to tables created before it existed.
ALTER TABLE outbox_event ADD COLUMN IF NOT EXISTS traceparent text;
