-- Accounts, their delivery addresses, server-side sessions and the record of sign-in and sign-up
-- attempts that rate limiting counts. Sessions and attempts live in the database so that several
-- app servers behind one database share them.

CREATE TABLE users (
    id               INTEGER PRIMARY KEY,
    phone            TEXT NOT NULL UNIQUE,
    name             TEXT NOT NULL,
    -- SHA-256 of the resident registration number: one account per resident, the number itself
    -- is never stored.
    resident_digest  TEXT NOT NULL UNIQUE,
    password_hash    TEXT NOT NULL,
    role             TEXT NOT NULL CHECK (role IN ('shopper', 'business', 'seller', 'dispatcher', 'courier', 'operator')),
    seller_id        INTEGER REFERENCES sellers (id),
    created_at       INTEGER NOT NULL,
    CHECK ((role = 'seller') = (seller_id IS NOT NULL))
);

CREATE TABLE addresses (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    district_id INTEGER NOT NULL REFERENCES districts (id),
    line        TEXT NOT NULL,
    is_default  INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
    created_at  INTEGER NOT NULL
);
CREATE INDEX addresses_by_user ON addresses (user_id);
-- At most one default address per account.
CREATE UNIQUE INDEX addresses_one_default ON addresses (user_id) WHERE is_default = 1;

CREATE TABLE sessions (
    -- SHA-256 of the token in the cookie: a leaked database does not hand out sessions.
    token_hash   TEXT PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL
);
CREATE INDEX sessions_by_user ON sessions (user_id);

CREATE TABLE auth_attempts (
    id    INTEGER PRIMARY KEY,
    -- 'account:<phone>', 'client:<address>' or 'signup:<address>'.
    scope TEXT NOT NULL,
    at    INTEGER NOT NULL
);
CREATE INDEX auth_attempts_by_scope ON auth_attempts (scope, at);
