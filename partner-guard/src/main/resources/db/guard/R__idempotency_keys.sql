-- Idempotency keys of the partner writes (partner-guard), in the schema of the service that owns them.
-- Repeatable and written to run again safely: every service has this table, next to its own versioned migrations.
CREATE TABLE IF NOT EXISTS idempotency_key (
    client_id        text        NOT NULL,
    idempotency_key  text        NOT NULL,
    -- SHA-256 of method, path with query, and body: the same key with another request is refused (422)
    fingerprint      bytea       NOT NULL,
    -- the claim of the request being processed; a late answer of an abandoned claim must not overwrite a new one
    claim            uuid        NOT NULL,
    state            text        NOT NULL CHECK (state IN ('IN_FLIGHT', 'DONE')),
    -- IN_FLIGHT: after this the claim is abandoned (its replica died before answering) and may be taken again
    locked_until     timestamptz,
    response_status  integer,
    response_headers jsonb,
    response_body    bytea,
    created_at       timestamptz NOT NULL DEFAULT now(),
    expires_at       timestamptz NOT NULL,
    PRIMARY KEY (client_id, idempotency_key)
);
CREATE INDEX IF NOT EXISTS idempotency_key_expires_at ON idempotency_key (expires_at);
-- the body is sealed by the service's AnswerSealer (an answer that holds a secret, e.g. a webhook signing secret)
ALTER TABLE idempotency_key ADD COLUMN IF NOT EXISTS response_sealed boolean NOT NULL DEFAULT false;
