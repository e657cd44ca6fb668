-- The grant types each client may use (space-separated). NULL: every grant its credentials allow, i.e.
-- client_credentials with a secret and the JWT bearer grant with registered keys.
ALTER TABLE clients ADD COLUMN grant_types VARCHAR(512);
