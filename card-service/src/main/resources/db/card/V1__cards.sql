-- Cards of the platform, keyed by issuer: two issuers may use the same card id, and neither sees the other's.
-- The PAN is never stored: only a keyed digest (HMAC-SHA256) to recognise it, and its last four digits.
CREATE TABLE cards (
    issuer_id        VARCHAR(64)  NOT NULL,
    card_id          VARCHAR(48)  NOT NULL,
    consumer_id      VARCHAR(64)  NOT NULL,
    account_id       VARCHAR(64)  NOT NULL,
    customer_number  VARCHAR(12),
    product_type     VARCHAR(6)   NOT NULL CHECK (product_type IN ('DEBIT', 'CREDIT')),
    program_id       VARCHAR(64),
    proxy_number     VARCHAR(19),
    pan_digest       VARCHAR(64),
    pan_last_digits  VARCHAR(4),
    status           VARCHAR(8)   NOT NULL CHECK (status IN ('ACTIVE', 'BLOCKED', 'LOST', 'STOLEN', 'DELETED')),
    status_reason    VARCHAR(64),
    version          BIGINT       NOT NULL DEFAULT 0,
    created_at       TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at       TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (issuer_id, card_id)
);
CREATE INDEX cards_by_consumer ON cards (issuer_id, consumer_id);
CREATE INDEX cards_by_account ON cards (issuer_id, account_id);

-- Wallet tokens of a card. They follow their card: suspended while it is blocked, deleted with it.
CREATE TABLE digital_cards (
    issuer_id        VARCHAR(64)  NOT NULL,
    digital_card_id  VARCHAR(64)  NOT NULL,
    card_id          VARCHAR(48)  NOT NULL,
    wallet_provider  VARCHAR(16)  NOT NULL,
    device_type      VARCHAR(16),
    status           VARCHAR(9)   NOT NULL CHECK (status IN ('ACTIVE', 'SUSPENDED', 'DELETED')),
    created_at       TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at       TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (issuer_id, digital_card_id),
    FOREIGN KEY (issuer_id, card_id) REFERENCES cards (issuer_id, card_id)
);
CREATE INDEX digital_cards_by_card ON digital_cards (issuer_id, card_id);

-- Every status change of a card: from, to, why, who asked, through which API, when.
CREATE TABLE card_status_history (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    issuer_id     VARCHAR(64)  NOT NULL,
    card_id       VARCHAR(48)  NOT NULL,
    from_status   VARCHAR(8),
    to_status     VARCHAR(8)   NOT NULL,
    reason        VARCHAR(64),
    reason_code   VARCHAR(16),
    source        VARCHAR(20)  NOT NULL,
    requested_by  VARCHAR(128) NOT NULL,
    request_id    VARCHAR(64),
    changed_at    TIMESTAMPTZ  NOT NULL DEFAULT clock_timestamp(),
    FOREIGN KEY (issuer_id, card_id) REFERENCES cards (issuer_id, card_id)
);
CREATE INDEX card_status_history_by_card ON card_status_history (issuer_id, card_id, id);

-- Tracking hub operations (STANDALONE_TRACKING). Only shipment data is kept; the decrypted card data
-- (PAN, expiry) is checked and dropped.
CREATE TABLE tracking_operations (
    operation_id     VARCHAR(64)  PRIMARY KEY,
    issuer_id        VARCHAR(64)  NOT NULL,
    card_id          VARCHAR(48)  NOT NULL,
    tracking_type    VARCHAR(10)  NOT NULL CHECK (tracking_type IN ('PRODUCTION', 'SHIPMENT', 'RETURN')),
    status           VARCHAR(10)  NOT NULL CHECK (status IN ('PENDING', 'SUCCESSFUL', 'FAILED')),
    details_status   VARCHAR(32)  NOT NULL,
    carrier          VARCHAR(32),
    tracking_number  VARCHAR(64),
    shipment_status  VARCHAR(20),
    tracking_url     VARCHAR(512),
    progress         SMALLINT     NOT NULL DEFAULT 0,
    requested_by     VARCHAR(128) NOT NULL,
    start_time       TIMESTAMPTZ  NOT NULL,
    end_time         TIMESTAMPTZ,
    last_event_at    TIMESTAMPTZ,
    FOREIGN KEY (issuer_id, card_id) REFERENCES cards (issuer_id, card_id)
);
CREATE INDEX tracking_operations_by_card ON tracking_operations (issuer_id, card_id);
CREATE INDEX tracking_operations_pending_shipments ON tracking_operations (carrier, tracking_number)
    WHERE status = 'PENDING';

-- Carrier and production updates already received: a duplicate event id is ignored.
CREATE TABLE tracking_events (
    event_id         VARCHAR(64)  PRIMARY KEY,
    operation_id     VARCHAR(64),
    carrier          VARCHAR(32),
    tracking_number  VARCHAR(64),
    status           VARCHAR(20)  NOT NULL,
    occurred_at      TIMESTAMPTZ  NOT NULL,
    received_at      TIMESTAMPTZ  NOT NULL DEFAULT now(),
    applied          INTEGER      NOT NULL DEFAULT 0
);
