-- Blackhawk's set-activation-codes of one card, with and without its Idempotency-Key, as pgbench scripts: the
-- activation_codes table of activation-service (V1), the outbox of platform-events, the guard's idempotency_key table
-- with 1,000,000 kept answers (as in ../guard-checkpoint-2026-12-04). Schema x, on the embedded PostgreSQL 17 of
-- bench/start-postgres.sh.
DROP SCHEMA IF EXISTS x CASCADE; CREATE SCHEMA x;
CREATE TABLE x.activation_codes (
    issuer_id TEXT COLLATE "C" NOT NULL, quote_number VARCHAR(18) COLLATE "C" NOT NULL,
    proxy_number VARCHAR(19) COLLATE "C" NOT NULL, code_hmac BYTEA, failed_attempts SMALLINT NOT NULL DEFAULT 0,
    locked_at TIMESTAMPTZ, updated_at TIMESTAMPTZ NOT NULL DEFAULT now(), last_attempt_by_request text,
    PRIMARY KEY (issuer_id, quote_number, proxy_number)) WITH (fillfactor = 85);
CREATE SEQUENCE x.outbox_event_sequence;
CREATE TABLE x.outbox_event (
    event_id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
    sequence bigint NOT NULL DEFAULT nextval('x.outbox_event_sequence'), event_type text NOT NULL,
    tenant text NOT NULL, entity_id text NOT NULL, occurred_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    payload jsonb NOT NULL, correlation_id text, next_attempt_at timestamptz NOT NULL DEFAULT '-infinity',
    attempts integer NOT NULL DEFAULT 0, traceparent text);
CREATE INDEX ON x.outbox_event (next_attempt_at, sequence);
CREATE TABLE x.idempotency_key (
    client_id text NOT NULL, idempotency_key text NOT NULL, fingerprint bytea NOT NULL, claim uuid NOT NULL,
    state text NOT NULL CHECK (state IN ('IN_FLIGHT', 'DONE')), locked_until timestamptz, response_status integer,
    response_headers jsonb, response_body bytea, created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL, response_sealed boolean NOT NULL DEFAULT false,
    PRIMARY KEY (client_id, idempotency_key));
CREATE INDEX ON x.idempotency_key (expires_at);
INSERT INTO x.idempotency_key (client_id, idempotency_key, fingerprint, claim, state, expires_at, response_status,
       response_headers, response_body)
SELECT 'bench-blackhawk', gen_random_uuid()::text, sha256(g::text::bytea), gen_random_uuid(), 'DONE',
       now() + interval '1 day', 200, '{"Content-Type":"application/json"}',
       convert_to('{"status":200,"success":true,"message":"All records have been saved successfully"}', 'UTF8')
FROM generate_series(1, 1000000) g;
VACUUM ANALYZE x.idempotency_key;
