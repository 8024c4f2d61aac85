-- Bulk price and stock updates: a CSV file a seller's staff uploaded, kept as it came so that its
-- preview (every line's change or problem) can be shown again and applied once, in one go.
CREATE TABLE bulk_updates (
    id          INTEGER PRIMARY KEY,
    seller_id   INTEGER NOT NULL REFERENCES sellers (id),
    user_id     INTEGER NOT NULL REFERENCES users (id),
    file_name   TEXT NOT NULL CHECK (LENGTH(file_name) <= 120),
    body        TEXT NOT NULL CHECK (LENGTH(body) <= 262144),
    created_at  INTEGER NOT NULL,
    applied_at  INTEGER,
    applied_by  INTEGER REFERENCES users (id)
);
CREATE INDEX bulk_updates_by_seller ON bulk_updates (seller_id, created_at);
