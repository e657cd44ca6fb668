DROP TABLE IF EXISTS kd, kc;
CREATE TABLE kd (client_id text NOT NULL, idempotency_key text NOT NULL, fingerprint bytea NOT NULL, claim uuid NOT NULL, state text NOT NULL, locked_until timestamptz, response_status int, response_headers jsonb, response_body bytea, created_at timestamptz NOT NULL DEFAULT now(), expires_at timestamptz NOT NULL, PRIMARY KEY (client_id, idempotency_key));
CREATE INDEX ON kd (expires_at);
CREATE TABLE kc (client_id text COLLATE "C" NOT NULL, idempotency_key text COLLATE "C" NOT NULL, fingerprint bytea NOT NULL, claim uuid NOT NULL, state text NOT NULL, locked_until timestamptz, response_status int, response_headers jsonb, response_body bytea, created_at timestamptz NOT NULL DEFAULT now(), expires_at timestamptz NOT NULL, PRIMARY KEY (client_id, idempotency_key));
CREATE INDEX ON kc (expires_at);
INSERT INTO kd SELECT 'partner-client-' || (g % 5), gen_random_uuid()::text, '\x00', gen_random_uuid(), 'DONE', null, 200, '{}', '\x7b7d', now(), now() + interval '1 day' FROM generate_series(1, 500000) g;
INSERT INTO kc SELECT * FROM kd;
VACUUM ANALYZE kd; VACUUM ANALYZE kc;
