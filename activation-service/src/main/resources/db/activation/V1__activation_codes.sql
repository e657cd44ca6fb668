-- Activation codes of cards, per card issuer. A card is identified by (issuer_id, quote_number, proxy_number);
-- quote and proxy numbers are kept in their canonical decimal form (digits, no leading zeros).
-- The code itself is never stored: code_hmac is HMAC-SHA256(key, issuer|quote|proxy|code) with a key from
-- configuration, so equal codes on two cards differ here and a stolen table alone reveals nothing.
-- A row without a code (code_hmac NULL) only counts verification attempts for a card that has no code yet,
-- so that an unknown card behaves exactly like a known card with a wrong code (including the lock).
-- The key columns use the "C" collation: byte order, the order in which the service sorts a request's rows (so
-- every request locks its cards in index order) and much cheaper to compare than a linguistic collation.
CREATE TABLE activation_codes (
    issuer_id        TEXT        COLLATE "C" NOT NULL,
    quote_number     VARCHAR(18) COLLATE "C" NOT NULL,
    proxy_number     VARCHAR(19) COLLATE "C" NOT NULL,
    code_hmac        BYTEA,
    failed_attempts  SMALLINT    NOT NULL DEFAULT 0,
    locked_at        TIMESTAMPTZ,
    updated_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (issuer_id, quote_number, proxy_number)
) WITH (fillfactor = 85); -- room on each page for HOT updates when codes are overwritten
