-- Standing orders: goods a shopper has delivered on a schedule (milk every morning), placed by the
-- shop's scheduler as ordinary orders and paid under the standing authorisation the shopper gave
-- with their PIN (`authorised_at`), up to the amount they capped a delivery at. Cancelling one
-- revokes its authorisation. `next_day` is the scheduler's mark: the first delivery day it has
-- not dealt with. A pause until a date is `resumes_on`; a pause until the shopper resumes (three
-- failed deliveries in a row, `failures`) is `paused_at`.
CREATE TABLE standing_orders (
    id            INTEGER PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES users (id),
    address_id    INTEGER NOT NULL REFERENCES addresses (id),
    instrument_id INTEGER NOT NULL REFERENCES instruments (id),
    every         TEXT NOT NULL CHECK (every IN ('day', 'weekdays', 'week')),
    weekdays      INTEGER NOT NULL CHECK (weekdays BETWEEN 1 AND 127),
    slot_window   INTEGER NOT NULL CHECK (slot_window BETWEEN 0 AND 3),
    first_day     INTEGER NOT NULL,
    next_day      INTEGER NOT NULL,
    resumes_on    INTEGER,
    paused_at     INTEGER,
    failures      INTEGER NOT NULL DEFAULT 0 CHECK (failures >= 0),
    cap_chon      INTEGER NOT NULL CHECK (cap_chon > 0),
    authorised_at INTEGER NOT NULL,
    cancelled_at  INTEGER,
    created_at    INTEGER NOT NULL
);
CREATE INDEX standing_orders_due ON standing_orders (next_day);
CREATE INDEX standing_orders_by_user ON standing_orders (user_id);

CREATE TABLE standing_order_lines (
    standing_order_id INTEGER NOT NULL REFERENCES standing_orders (id),
    product_id        INTEGER NOT NULL REFERENCES products (id),
    quantity          INTEGER NOT NULL CHECK (quantity BETWEEN 1 AND 99),
    PRIMARY KEY (standing_order_id, product_id)
);

-- Each delivery of a standing order the scheduler (or the shopper) dealt with, once: placed (its
-- checkout), failed (why), missed (the scheduler was down past its slot's cutoff) or skipped by
-- the shopper. The key is what makes two schedulers place a delivery once. `seen_at`: when the
-- shopper was shown a failed or missed one.
CREATE TABLE standing_deliveries (
    standing_order_id INTEGER NOT NULL REFERENCES standing_orders (id),
    day               INTEGER NOT NULL,
    status            TEXT NOT NULL CHECK (status IN ('placed', 'failed', 'missed', 'skipped')),
    reason            TEXT CHECK (LENGTH(reason) <= 40),
    checkout_id       INTEGER REFERENCES checkouts (id),
    at                INTEGER NOT NULL,
    seen_at           INTEGER,
    PRIMARY KEY (standing_order_id, day)
);

-- Goods a seller delivers on a schedule (its product page offers a standing order).
ALTER TABLE products ADD COLUMN on_schedule INTEGER NOT NULL DEFAULT 0 CHECK (on_schedule IN (0, 1));

-- Days a seller takes no deliveries (a holiday): orders for them are refused.
CREATE TABLE seller_closed_days (
    seller_id INTEGER NOT NULL REFERENCES sellers (id),
    day       INTEGER NOT NULL,
    PRIMARY KEY (seller_id, day)
);
