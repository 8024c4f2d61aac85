-- Residents' applications to sell, and the operators' decisions: an approval names the seller
-- it made, a refusal its reason (which the applicant reads). Decided applications are kept.
CREATE TABLE seller_applications (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id),
    name_ko      TEXT NOT NULL CHECK (length(name_ko) BETWEEN 1 AND 60),
    name_en      TEXT NOT NULL CHECK (length(name_en) BETWEEN 1 AND 60),
    kind         TEXT NOT NULL CHECK (kind IN ('factory', 'store', 'restaurant')),
    city_id      INTEGER NOT NULL REFERENCES cities (id),
    registration TEXT NOT NULL CHECK (length(registration) BETWEEN 6 AND 40),
    contact      TEXT NOT NULL CHECK (length(contact) BETWEEN 1 AND 20),
    status       TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'refused')),
    reason       TEXT CHECK (length(reason) BETWEEN 1 AND 500),
    decided_by   INTEGER REFERENCES users (id),
    decided_at   INTEGER,
    seller_id    INTEGER REFERENCES sellers (id),
    created_at   INTEGER NOT NULL,
    CHECK ((status = 'pending') = (decided_at IS NULL AND decided_by IS NULL)),
    CHECK ((status = 'approved') = (seller_id IS NOT NULL)),
    CHECK ((status = 'refused') = (reason IS NOT NULL))
);
-- One application of an account waits at a time; a registration number is one admitted seller's.
CREATE UNIQUE INDEX one_waiting_application ON seller_applications (user_id) WHERE status = 'pending';
CREATE UNIQUE INDEX one_seller_a_registration ON seller_applications (registration) WHERE status = 'approved';
CREATE INDEX applications_by_status ON seller_applications (status, created_at);
