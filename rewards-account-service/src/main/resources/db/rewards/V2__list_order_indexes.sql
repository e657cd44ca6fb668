-- The lists (GET /partner/publishers, /partner/card-programs, /partner/card-accounts) walk a partner's rows in the
-- order (created_at, id), a page at a time after the previous page's last row: each page is one range scan of
-- these indexes, and the total an index-only count of the partner's entries.
CREATE INDEX publishers_owner_created_at_id ON publishers (owner, created_at, id);
CREATE INDEX card_programs_owner_created_at_id ON card_programs (owner, created_at, id);
CREATE INDEX card_accounts_owner_created_at_id ON card_accounts (owner, created_at, id);
