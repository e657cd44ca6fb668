-- The keyed request (partner-guard's KeyedRequest token) that made the card's last counted verification attempt. A
-- replica that dies after the attempt was counted and before the guard kept its answer, or a connection lost during
-- the attempt's commit (the "outcome unknown" 503), lets the same request run again: it finds its own token here and
-- is answered as the card stands, without being counted a second time.
ALTER TABLE activation_codes ADD COLUMN last_attempt_by_request text;
