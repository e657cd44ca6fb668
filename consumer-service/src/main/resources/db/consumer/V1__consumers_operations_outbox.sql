-- Consumers of a card issuer. Keyed by (issuer_id, consumer_id): consumer ids are the issuer's own identifiers,
-- so two issuers may use the same one and neither can learn that the other does. A deleted consumer keeps its
-- row for ever (status DELETED, a tombstone) so that its consumerId can never be registered again.
CREATE TABLE consumers (
    issuer_id    VARCHAR(10) NOT NULL,
    consumer_id  VARCHAR(64) NOT NULL,
    status       VARCHAR(16) NOT NULL CHECK (status IN ('ACTIVE', 'SUSPENDED', 'DELETED')),
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL,
    deleted_at   TIMESTAMPTZ,
    PRIMARY KEY (issuer_id, consumer_id)
);

-- Accounts owned by a consumer (a joint account may belong to several consumers of the same issuer).
-- Deleted with the consumer, in the same transaction.
CREATE TABLE accounts (
    issuer_id    VARCHAR(10) NOT NULL,
    consumer_id  VARCHAR(64) NOT NULL,
    account_id   VARCHAR(64) NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (issuer_id, consumer_id, account_id),
    FOREIGN KEY (issuer_id, consumer_id) REFERENCES consumers (issuer_id, consumer_id)
);

-- Operations on consumers (D1 "operations"). seq breaks ties between operations started in the same millisecond
-- so that "newest first" is a total order. Purged three months after start_time.
CREATE TABLE operations (
    operation_id    VARCHAR(64) PRIMARY KEY,
    seq             BIGINT GENERATED ALWAYS AS IDENTITY,
    issuer_id       VARCHAR(10) NOT NULL,
    consumer_id     VARCHAR(64) NOT NULL,
    operation       VARCHAR(16) NOT NULL CHECK (operation IN ('REGISTER', 'SUSPEND', 'RESUME', 'DELETE')),
    status          VARCHAR(16) NOT NULL CHECK (status IN ('PENDING', 'SUCCESSFUL', 'FAILED')),
    start_time      TIMESTAMPTZ NOT NULL,
    end_time        TIMESTAMPTZ,
    requestor_type  VARCHAR(8)  NOT NULL CHECK (requestor_type IN ('ISSUER', 'USER', 'CCI')),
    requestor_id    VARCHAR(64) NOT NULL,
    reason          VARCHAR(64),
    reason_code     VARCHAR(16) CHECK (reason_code IN ('USER_DECISION', 'ISSUER_DECISION')),
    details         JSONB,
    error_code      VARCHAR(64),
    error           VARCHAR(256),
    FOREIGN KEY (issuer_id, consumer_id) REFERENCES consumers (issuer_id, consumer_id)
);
-- The listing: one index range scan, already in "newest first" order
CREATE INDEX operations_by_consumer ON operations (issuer_id, consumer_id, start_time DESC, seq DESC);
-- The purge
CREATE INDEX operations_by_start_time ON operations (start_time);
-- A consumer is deleted once: a repeated delete answers with this operation
CREATE UNIQUE INDEX operations_one_delete ON operations (issuer_id, consumer_id) WHERE operation = 'DELETE';

-- Transactional outbox of the cascade into card-service: written in the same transaction as the delete, so the
-- intent survives any crash; done when completed_at is set (outcome SUCCESSFUL or FAILED). Workers of every
-- replica claim due rows with FOR UPDATE SKIP LOCKED and push next_attempt_at forward (a lease) while they call.
CREATE TABLE cascade_outbox (
    operation_id          VARCHAR(64) PRIMARY KEY REFERENCES operations (operation_id) ON DELETE CASCADE,
    issuer_id             VARCHAR(10) NOT NULL,
    consumer_id           VARCHAR(64) NOT NULL,
    correlation_id        VARCHAR(64),
    deleted_accounts      INTEGER NOT NULL,
    attempts              INTEGER NOT NULL DEFAULT 0,
    created_at            TIMESTAMPTZ NOT NULL,
    next_attempt_at       TIMESTAMPTZ NOT NULL,
    last_error            VARCHAR(256),
    completed_at          TIMESTAMPTZ,
    outcome               VARCHAR(16) CHECK (outcome IN ('SUCCESSFUL', 'FAILED'))
);
CREATE INDEX cascade_outbox_due ON cascade_outbox (next_attempt_at) WHERE completed_at IS NULL;
