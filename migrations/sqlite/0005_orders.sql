-- Buying: carts, the bank behind the payment instruments with its double-entry ledger, checkouts,
-- orders (one per seller) with their lines and every change of state.
-- Money is whole chon (1/100 won) in a 64-bit integer. Times are UTC seconds since 1970.

CREATE TABLE carts (
    id               INTEGER PRIMARY KEY,
    user_id          INTEGER UNIQUE REFERENCES users (id) ON DELETE CASCADE,
    -- A guest's cart: SHA-256 of the token in the guest's cookie.
    guest_token_hash TEXT UNIQUE,
    updated_at       INTEGER NOT NULL,
    CHECK ((user_id IS NULL) <> (guest_token_hash IS NULL))
);

CREATE TABLE cart_items (
    cart_id    INTEGER NOT NULL REFERENCES carts (id) ON DELETE CASCADE,
    product_id INTEGER NOT NULL REFERENCES products (id),
    quantity   INTEGER NOT NULL CHECK (quantity BETWEEN 1 AND 9999),
    -- The price when it went into the cart: checkout shows a change since.
    price_chon INTEGER NOT NULL CHECK (price_chon >= 0),
    added_at   INTEGER NOT NULL,
    PRIMARY KEY (cart_id, product_id)
);

-- The bank. Customers' balances never go below zero; the funding account is where deposits come
-- from (it goes negative by what was deposited), so all balances together always sum to zero.
CREATE TABLE bank_accounts (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL CHECK (kind IN ('customer', 'seller', 'logistics', 'holds', 'funding')),
    user_id      INTEGER UNIQUE REFERENCES users (id),
    seller_id    INTEGER UNIQUE REFERENCES sellers (id),
    balance_chon INTEGER NOT NULL DEFAULT 0,
    CHECK (kind = 'funding' OR balance_chon >= 0),
    CHECK ((kind = 'customer') = (user_id IS NOT NULL)),
    CHECK ((kind = 'seller') = (seller_id IS NOT NULL))
);
CREATE UNIQUE INDEX bank_accounts_one_of_each_system_kind ON bank_accounts (kind)
    WHERE kind IN ('logistics', 'holds', 'funding');
INSERT INTO bank_accounts (kind) VALUES ('funding'), ('holds'), ('logistics');

CREATE TABLE instruments (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    account_id   INTEGER NOT NULL REFERENCES bank_accounts (id),
    kind         TEXT NOT NULL CHECK (kind IN ('card', 'sim')),
    -- SHA-256 of the card number (one card, one owner); NULL for a SIM-linked account.
    card_digest  TEXT UNIQUE,
    -- What pages show: '•••• 1234' or the mobile number.
    label        TEXT NOT NULL,
    pin_salt     TEXT NOT NULL,
    pin_hash     TEXT NOT NULL,
    failed_pins  INTEGER NOT NULL DEFAULT 0,
    locked_until INTEGER,
    created_at   INTEGER NOT NULL,
    CHECK ((kind = 'card') = (card_digest IS NOT NULL))
);
CREATE INDEX instruments_by_user ON instruments (user_id);
CREATE UNIQUE INDEX instruments_one_sim_per_user ON instruments (user_id) WHERE kind = 'sim';

-- One press of the pay button. The key makes a retried or doubled request the same checkout.
CREATE TABLE checkouts (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    idem_key   TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (user_id, idem_key)
);

CREATE TABLE orders (
    id              INTEGER PRIMARY KEY,
    checkout_id     INTEGER NOT NULL REFERENCES checkouts (id),
    user_id         INTEGER NOT NULL REFERENCES users (id),
    seller_id       INTEGER NOT NULL REFERENCES sellers (id),
    status          TEXT NOT NULL CHECK (status IN ('placed', 'accepted', 'ready', 'picked_up', 'delivered', 'cancelled', 'delivery_failed', 'refunded')),
    district_id     INTEGER NOT NULL REFERENCES districts (id),
    address_line    TEXT NOT NULL,
    slot_day        INTEGER NOT NULL,
    slot_window     INTEGER NOT NULL CHECK (slot_window BETWEEN 0 AND 3),
    vehicle         TEXT NOT NULL CHECK (vehicle IN ('motorbike', 'van')),
    distance_m      INTEGER NOT NULL CHECK (distance_m >= 0),
    estimate_min    INTEGER NOT NULL CHECK (estimate_min >= 0),
    goods_chon      INTEGER NOT NULL CHECK (goods_chon >= 0),
    fee_chon        INTEGER NOT NULL CHECK (fee_chon >= 0),
    instrument_id   INTEGER NOT NULL REFERENCES instruments (id),
    hold_expires_at INTEGER NOT NULL,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);
CREATE INDEX orders_by_user ON orders (user_id, id);
CREATE INDEX orders_by_checkout ON orders (checkout_id);
CREATE INDEX orders_by_seller ON orders (seller_id, status);
CREATE INDEX orders_holding ON orders (status, hold_expires_at);

-- What was bought, at the price paid, named as it was then.
CREATE TABLE order_lines (
    order_id   INTEGER NOT NULL REFERENCES orders (id),
    product_id INTEGER NOT NULL REFERENCES products (id),
    name_ko    TEXT NOT NULL,
    name_en    TEXT NOT NULL,
    price_chon INTEGER NOT NULL CHECK (price_chon >= 0),
    quantity   INTEGER NOT NULL CHECK (quantity BETWEEN 1 AND 9999),
    PRIMARY KEY (order_id, product_id)
);

CREATE TABLE order_events (
    id       INTEGER PRIMARY KEY,
    order_id INTEGER NOT NULL REFERENCES orders (id),
    status   TEXT NOT NULL,
    at       INTEGER NOT NULL,
    actor_id INTEGER REFERENCES users (id),
    note     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX order_events_by_order ON order_events (order_id, id);

-- Every movement of money: from one account to another, never created or destroyed. Each transfer
-- has its two ledger entries (a debit and a credit of the same amount).
CREATE TABLE transfers (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL CHECK (kind IN ('deposit', 'hold', 'capture', 'void', 'refund')),
    from_account INTEGER NOT NULL REFERENCES bank_accounts (id),
    to_account   INTEGER NOT NULL REFERENCES bank_accounts (id),
    amount_chon  INTEGER NOT NULL CHECK (amount_chon > 0),
    order_id     INTEGER REFERENCES orders (id),
    created_at   INTEGER NOT NULL,
    CHECK (from_account <> to_account)
);
CREATE INDEX transfers_by_order ON transfers (order_id);

CREATE TABLE ledger_entries (
    id          INTEGER PRIMARY KEY,
    transfer_id INTEGER NOT NULL REFERENCES transfers (id),
    account_id  INTEGER NOT NULL REFERENCES bank_accounts (id),
    -- Negative: the money left this account; positive: it arrived.
    amount_chon INTEGER NOT NULL CHECK (amount_chon <> 0)
);
CREATE INDEX ledger_entries_by_account ON ledger_entries (account_id, id);
