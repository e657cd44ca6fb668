-- The W3C traceparent of the request that deleted the consumer: the worker's retries of the cascade continue that
-- request's trace, so that an operator sees the deletion and every call into card-service in one trace
ALTER TABLE cascade_outbox ADD COLUMN traceparent text;
