DROP SCHEMA IF EXISTS g CASCADE; CREATE SCHEMA g;
CREATE TABLE g.idempotency_key (
    client_id text NOT NULL, idempotency_key text NOT NULL, fingerprint bytea NOT NULL, claim uuid NOT NULL,
    state text NOT NULL, locked_until timestamptz, response_status integer, response_headers jsonb,
    response_body bytea, created_at timestamptz NOT NULL DEFAULT now(), expires_at timestamptz NOT NULL,
    response_sealed boolean NOT NULL DEFAULT false, PRIMARY KEY (client_id, idempotency_key));
CREATE INDEX ON g.idempotency_key (expires_at);
INSERT INTO g.idempotency_key (client_id, idempotency_key, fingerprint, claim, state, expires_at, response_status, response_headers, response_body)
SELECT 'bench-blackhawk', gen_random_uuid()::text, sha256(g::text::bytea), gen_random_uuid(), 'DONE', now() + interval '1 day', 200,
       '{"Content-Type":"application/json"}', convert_to('{"status":"SUCCESS","results":[{"proxyNumber":"p-' || g || '"}]}', 'UTF8')
FROM generate_series(1, 1000000) g;
VACUUM ANALYZE g.idempotency_key;
