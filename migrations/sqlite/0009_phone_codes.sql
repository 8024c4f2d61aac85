-- Sign-up proves the phone number first: a code is sent to it as a text message, and only its
-- holder can finish. Text messages wait in an outbox for the gateway that sends them (the demo and
-- the tests read it instead).

-- A code sent to a number: only its keyed digest is kept, with when it stops working and how
-- many wrong tries it has had.
CREATE TABLE phone_codes (
    id          INTEGER PRIMARY KEY,
    phone       TEXT NOT NULL,
    code_digest TEXT NOT NULL,
    tries       INTEGER NOT NULL DEFAULT 0,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL
);
CREATE INDEX phone_codes_by_phone ON phone_codes (phone, created_at);

-- Text messages to send, oldest first.
CREATE TABLE text_messages (
    id         INTEGER PRIMARY KEY,
    phone      TEXT NOT NULL,
    body       TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    sent_at    INTEGER
);
CREATE INDEX text_messages_by_phone ON text_messages (phone, id);
