\set n random(1, 1000000000)
INSERT INTO g.idempotency_key (client_id, idempotency_key, fingerprint, claim, state, locked_until, expires_at) VALUES ('bench-blackhawk', md5(:n::text || random()::text), '\x0102', gen_random_uuid(), 'IN_FLIGHT', now() + interval '30 s', now() + interval '1 day') RETURNING idempotency_key AS k, claim AS c \gset
UPDATE g.idempotency_key SET state = 'DONE', locked_until = NULL, response_status = 200, response_headers = '{"Content-Type":"application/json"}', response_body = '\x7b7d' WHERE client_id = 'bench-blackhawk' AND idempotency_key = :k AND claim = :c::uuid;
