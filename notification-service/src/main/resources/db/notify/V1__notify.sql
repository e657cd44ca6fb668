-- notification-service: events received from the platform's outboxes, the subscriptions they fan out to
-- (partner webhook endpoints, D1 issuer callbacks), one delivery row per (event, destination) and every attempt.

-- Every event the services hand over, once (a repeated id is a no-op).
CREATE TABLE notify.events (
    event_id       uuid PRIMARY KEY,
    type           text        NOT NULL,
    tenant         text        NOT NULL,
    entity_id      text        NOT NULL,
    sequence       bigint      NOT NULL,
    occurred_at    timestamptz NOT NULL,
    correlation_id text,
    data           jsonb       NOT NULL,
    received_at    timestamptz NOT NULL DEFAULT clock_timestamp()
);
-- the partner's event list: newest first within a tenant, cursor (received_at, event_id)
CREATE INDEX events_by_tenant ON notify.events (tenant, received_at DESC, event_id DESC);

-- The events notification-service causes itself (webhook_endpoint.disabled) take their sequence here.
CREATE SEQUENCE notify.event_sequence;

-- Partner webhook endpoints (Standard Webhooks). Secrets are AES-256-GCM ciphertexts (SecretBox), never plain.
CREATE TABLE notify.endpoints (
    endpoint_id           uuid PRIMARY KEY,
    tenant                text        NOT NULL,
    url                   text        NOT NULL,
    event_types           text[]      NOT NULL,
    description           text,
    disabled              boolean     NOT NULL DEFAULT false,
    disabled_at           timestamptz,
    disabled_reason       text,
    secret                bytea       NOT NULL,
    previous_secret       bytea,
    previous_secret_until timestamptz,
    -- first failure since the last success; continuous failure for platform.notify.disable-after disables it
    failing_since         timestamptz,
    created_at            timestamptz NOT NULL,
    updated_at            timestamptz NOT NULL
);
CREATE INDEX endpoints_by_tenant ON notify.endpoints (tenant, created_at);
CREATE INDEX endpoints_failing ON notify.endpoints (failing_since) WHERE failing_since IS NOT NULL AND NOT disabled;

-- D1 issuer callbacks (Notify Card Operations), one configuration per issuer.
CREATE TABLE notify.issuers (
    issuer_id      text PRIMARY KEY,
    base_url       text        NOT NULL,
    token_url      text,
    client_id      text,
    client_secret  bytea,
    scope          text,
    max_operations integer     NOT NULL,
    enabled        boolean     NOT NULL,
    updated_at     timestamptz NOT NULL
);

-- One row per (event, destination): exactly one of endpoint_id and issuer_id.
CREATE TABLE notify.deliveries (
    delivery_id     bigserial PRIMARY KEY,
    event_id        uuid        NOT NULL REFERENCES notify.events ON DELETE CASCADE,
    endpoint_id     uuid REFERENCES notify.endpoints ON DELETE CASCADE,
    issuer_id       text REFERENCES notify.issuers ON DELETE CASCADE,
    -- PENDING (due at next_attempt_at, or leased until then), DELIVERED, FAILED (gave up)
    status          text        NOT NULL DEFAULT 'PENDING',
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    -- start of the retry window (give-up-after counts from here; resend and recover open a new one)
    created_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
    delivered_at    timestamptz,
    last_error      text,
    CONSTRAINT one_destination CHECK ((endpoint_id IS NULL) <> (issuer_id IS NULL))
);
CREATE UNIQUE INDEX deliveries_event_endpoint ON notify.deliveries (event_id, endpoint_id) WHERE endpoint_id IS NOT NULL;
CREATE UNIQUE INDEX deliveries_event_issuer ON notify.deliveries (event_id, issuer_id) WHERE issuer_id IS NOT NULL;
CREATE INDEX deliveries_due ON notify.deliveries (next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX deliveries_by_endpoint ON notify.deliveries (endpoint_id, created_at) WHERE endpoint_id IS NOT NULL;

-- Every attempt: when, what came back (first 1 KiB), how long it took, or why there was no answer.
CREATE TABLE notify.attempts (
    attempt_id   bigserial PRIMARY KEY,
    delivery_id  bigint      NOT NULL REFERENCES notify.deliveries ON DELETE CASCADE,
    event_id     uuid        NOT NULL,
    endpoint_id  uuid,
    issuer_id    text,
    attempted_at timestamptz NOT NULL,
    status_code  integer,
    latency_ms   integer     NOT NULL,
    response     text,
    error        text
);
CREATE INDEX attempts_by_event ON notify.attempts (event_id, attempted_at);
