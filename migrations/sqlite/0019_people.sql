-- People and roles: an account an operator suspended (its sessions are ended and it can't sign
-- in; its orders stay), and the audit log of every act on a person.
ALTER TABLE users ADD COLUMN suspended_at INTEGER;

-- Who did what to whom, when and why: roles granted and revoked, accounts suspended and
-- reinstated, applications to sell approved and refused. Written in the transaction of the act;
-- never changed or removed (the triggers below refuse it).
CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY,
    at         INTEGER NOT NULL,
    actor_id   INTEGER NOT NULL REFERENCES users (id),
    subject_id INTEGER NOT NULL REFERENCES users (id),
    act        TEXT NOT NULL CHECK (act IN ('granted', 'revoked', 'suspended', 'reinstated', 'admitted', 'refused')),
    role       TEXT CHECK (role IN ('shopper', 'business', 'seller', 'manager', 'dispatcher', 'courier', 'operator')),
    seller_id  INTEGER REFERENCES sellers (id),
    city_id    INTEGER REFERENCES cities (id),
    vehicle    TEXT CHECK (vehicle IN ('motorbike', 'van')),
    reason     TEXT NOT NULL CHECK (length(reason) <= 500)
);
CREATE INDEX audit_log_by_time ON audit_log (at);
CREATE INDEX audit_log_by_subject ON audit_log (subject_id, at);

CREATE TRIGGER audit_log_never_edited BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is never edited');
END;
CREATE TRIGGER audit_log_never_removed BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is never edited');
END;
