-- Hardening: the city a dispatcher works for, the account's security history, instruments that
-- only the session that linked them (or a later sign-in) may pay with, instruments removed but kept
-- for the orders paid with them, and which digest scheme wrote each stored digest.

-- Staff work for one city: a dispatcher reads and assigns that city's orders only.
ALTER TABLE users ADD COLUMN city_id INTEGER REFERENCES cities (id);

-- What changed in an account's security, for its owner to read on /account.
CREATE TABLE security_events (
    id      INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind    TEXT NOT NULL CHECK (kind IN ('instrument_linked', 'instrument_removed', 'pin_changed', 'password_changed')),
    -- What it was about, as pages show it: '•••• 1234', a mobile number.
    detail  TEXT NOT NULL,
    -- The client address it came from.
    client  TEXT NOT NULL,
    at      INTEGER NOT NULL
);
CREATE INDEX security_events_by_user ON security_events (user_id, at);

-- The session that linked an instrument (SHA-256 of its token): other sessions, older than the
-- instrument, can't pay with it until the owner signs in there again.
ALTER TABLE instruments ADD COLUMN linked_by TEXT;
-- A removed instrument pays no more; its row stays for the orders paid with it (a card's digest
-- is then replaced, so the card can be linked again).
ALTER TABLE instruments ADD COLUMN removed_at INTEGER;
DROP INDEX instruments_one_sim_per_user;
CREATE UNIQUE INDEX instruments_one_sim_per_user ON instruments (user_id) WHERE kind = 'sim' AND removed_at IS NULL;

-- 0: an unkeyed SHA-256 from before this migration; 1: HMAC-SHA-256 with the server's secret key.
-- PIN digests of scheme 0 are re-keyed when the server starts (four digits are quickly found
-- again); resident and card digests of scheme 0 can't be (the numbers are not kept): they are
-- compared both ways until the rows are gone.
ALTER TABLE users ADD COLUMN resident_scheme INTEGER NOT NULL DEFAULT 0;
ALTER TABLE instruments ADD COLUMN card_scheme INTEGER NOT NULL DEFAULT 0;
ALTER TABLE instruments ADD COLUMN pin_scheme INTEGER NOT NULL DEFAULT 0;
