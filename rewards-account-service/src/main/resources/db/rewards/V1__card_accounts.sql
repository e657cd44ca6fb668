-- Triple's hierarchy: publishers -> card programs -> card accounts. Every row belongs to the OAuth2 client that
-- created it ("owner", the token's sub). The owner is copied down to programs and accounts (it never changes)
-- so that the lookup by external ids filters each level by owner through its own index.

CREATE TABLE publishers (
    id           VARCHAR(100) PRIMARY KEY,
    owner        VARCHAR(128) NOT NULL,
    external_id  VARCHAR(255) NOT NULL,
    name         VARCHAR(255) NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL,
    -- the parent of a publisher is the partner (its "portfolio manager"): external ids are unique per owner
    CONSTRAINT publishers_owner_external_id_key UNIQUE (owner, external_id)
);

CREATE TABLE card_programs (
    id                    VARCHAR(100) PRIMARY KEY,
    owner                 VARCHAR(128) NOT NULL,
    publisher_id          VARCHAR(100) NOT NULL REFERENCES publishers (id),
    external_id           VARCHAR(255) NOT NULL,
    name                  VARCHAR(255) NOT NULL,
    currency              VARCHAR(3) NOT NULL,
    default_country_code  VARCHAR(2) NOT NULL,
    default_postal_code   VARCHAR(15) NOT NULL,
    created_at            TIMESTAMPTZ NOT NULL,
    updated_at            TIMESTAMPTZ NOT NULL,
    CONSTRAINT card_programs_publisher_external_id_key UNIQUE (publisher_id, external_id)
);
CREATE INDEX card_programs_owner_external_id ON card_programs (owner, external_id);

CREATE TABLE card_accounts (
    id                    VARCHAR(100) PRIMARY KEY,
    owner                 VARCHAR(128) NOT NULL,
    card_program_id       VARCHAR(100) NOT NULL REFERENCES card_programs (id),
    external_id           VARCHAR(255) NOT NULL,
    status                VARCHAR(16) NOT NULL CHECK (status IN ('ENROLLED', 'NOT_ENROLLED', 'CLOSED')),
    default_country_code  VARCHAR(2) NOT NULL,
    default_postal_code   VARCHAR(15) NOT NULL,
    created_at            TIMESTAMPTZ NOT NULL,
    updated_at            TIMESTAMPTZ NOT NULL,
    CONSTRAINT card_accounts_program_external_id_key UNIQUE (card_program_id, external_id)
);
CREATE INDEX card_accounts_owner_external_id ON card_accounts (owner, external_id);
