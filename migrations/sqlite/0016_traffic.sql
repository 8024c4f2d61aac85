-- Page views, counted in memory and written in batches (never by a page's own request): by
-- Pyongyang day, kind of page, language and device.
CREATE TABLE page_view_days (
    day    INTEGER NOT NULL,
    kind   TEXT NOT NULL,
    lang   TEXT NOT NULL,
    device TEXT NOT NULL,
    views  INTEGER NOT NULL CHECK (views >= 0),
    PRIMARY KEY (day, kind, lang, device)
);

-- Product pages seen, by day.
CREATE TABLE product_view_days (
    day        INTEGER NOT NULL,
    product_id INTEGER NOT NULL,
    views      INTEGER NOT NULL CHECK (views >= 0),
    PRIMARY KEY (day, product_id)
);

-- The day's visitors and signed-in accounts as HyperLogLog sketches (4,096 one-byte registers
-- each): no address, no account and no visitor key is kept.
CREATE TABLE visitor_days (
    day      INTEGER PRIMARY KEY,
    visitors BLOB NOT NULL,
    users    BLOB NOT NULL
);

-- The operators' dashboard reads orders, deliveries and money by day.
CREATE INDEX orders_by_created ON orders (created_at);
CREATE INDEX order_events_by_status ON order_events (status, at);
CREATE INDEX transfers_by_kind ON transfers (kind, created_at);
