CREATE TABLE widget (
    id         bigserial PRIMARY KEY,
    client_id  text NOT NULL,
    name       text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
