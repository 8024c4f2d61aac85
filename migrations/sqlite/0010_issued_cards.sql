-- The bank issues Narae cards to residents at its counter; a card can be linked to a wallet only by
-- the resident it was issued to. Only the card's keyed digest is kept (as for linked cards), with
-- its last four digits for the counter's records.
CREATE TABLE issued_cards (
    id          INTEGER PRIMARY KEY,
    card_digest TEXT NOT NULL UNIQUE,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    last4       TEXT NOT NULL,
    issued_at   INTEGER NOT NULL,
    -- The bank clerk who issued it; NULL for cards issued before this table (and demo cards).
    issued_by   INTEGER REFERENCES users (id)
);
CREATE INDEX issued_cards_by_user ON issued_cards (user_id);

-- Cards already linked were issued to their holders.
INSERT INTO issued_cards (card_digest, user_id, last4, issued_at)
    SELECT card_digest, user_id, substr(label, length(label) - 3), created_at
    FROM instruments WHERE kind = 'card' AND removed_at IS NULL;
