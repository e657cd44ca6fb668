-- The W3C traceparent of the request that caused the event (kept by the service's outbox): every delivery attempt of
-- the event runs in that trace, so the operator follows a partner's request to the webhook it caused.
ALTER TABLE notify.events ADD COLUMN traceparent text;
