\set c random(0, 4)
\set n random(1, 2000000000)
INSERT INTO kd (client_id, idempotency_key, fingerprint, claim, state, locked_until, expires_at) VALUES ('partner-client-' || :c, md5(:n || 'x'), '\x0102', gen_random_uuid(), 'IN_FLIGHT', now() + interval '60 s', now() + interval '1 day') ON CONFLICT (client_id, idempotency_key) DO NOTHING;
UPDATE kd SET state = 'DONE', locked_until = NULL, response_status = 200, response_headers = '{"Content-Type":"application/json"}', response_body = '\x7b7d' WHERE client_id = 'partner-client-' || :c AND idempotency_key = md5(:n || 'x');
