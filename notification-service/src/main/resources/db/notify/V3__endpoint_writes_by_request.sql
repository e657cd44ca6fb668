-- The keyed request (partner-guard's KeyedRequest token) that created an endpoint and the one that last rotated its
-- secret, written by the change itself. A replica that dies after the change and before the guard kept its answer
-- leaves the key's claim abandoned, and the repetition runs again: it finds its own token here and answers with the
-- endpoint (and its current secret) instead of creating a second endpoint or rotating a second time.
ALTER TABLE notify.endpoints ADD COLUMN created_by_request text, ADD COLUMN rotated_by_request text;
CREATE UNIQUE INDEX endpoints_created_by_request ON notify.endpoints (created_by_request)
    WHERE created_by_request IS NOT NULL;
