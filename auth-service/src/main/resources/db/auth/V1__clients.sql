-- The client registry of the authorization server. Secrets are never stored: only a keyed SHA-256 digest.
CREATE TABLE clients (
    client_id      VARCHAR(128) PRIMARY KEY,
    secret_digest  VARCHAR(64),
    scopes         VARCHAR(2048) NOT NULL,
    issuer_id      VARCHAR(64),
    enabled        BOOLEAN NOT NULL DEFAULT TRUE,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Public keys a client signs its JWT-bearer assertions with (RFC 7523), as JWKs.
CREATE TABLE client_keys (
    client_id   VARCHAR(128) NOT NULL REFERENCES clients (client_id) ON DELETE CASCADE,
    kid         VARCHAR(128) NOT NULL,
    public_jwk  TEXT NOT NULL,
    PRIMARY KEY (client_id, kid)
);

-- Assertion ids already used, kept until the assertion itself expires: a replay is refused.
CREATE TABLE used_assertions (
    client_id   VARCHAR(128) NOT NULL,
    jti         VARCHAR(256) NOT NULL,
    expires_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (client_id, jti)
);
CREATE INDEX used_assertions_expiry ON used_assertions (expires_at);
