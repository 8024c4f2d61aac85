-- Reviews from verified buyers: one per delivered order line, 1 to 5 stars and a text, editable
-- for 30 days. The seller answers once; shoppers mark reviews helpful and report abusive ones;
-- an operator hides a reported review with a reason its author reads.
CREATE TABLE reviews (
    id            INTEGER PRIMARY KEY,
    order_id      INTEGER NOT NULL,
    product_id    INTEGER NOT NULL REFERENCES products (id),
    user_id       INTEGER NOT NULL REFERENCES users (id),
    rating        INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
    body          TEXT NOT NULL CHECK (LENGTH(body) <= 2000),
    created_at    INTEGER NOT NULL,
    edited_at     INTEGER,
    answer        TEXT CHECK (LENGTH(answer) <= 1000),
    answered_at   INTEGER,
    answered_by   INTEGER REFERENCES users (id),
    helpful       INTEGER NOT NULL DEFAULT 0 CHECK (helpful >= 0),
    -- Reports made after this time wait for an operator (one who kept the review clears them).
    cleared_at    INTEGER NOT NULL DEFAULT 0,
    hidden_at     INTEGER,
    hidden_reason TEXT CHECK (LENGTH(hidden_reason) <= 200),
    hidden_by     INTEGER REFERENCES users (id),
    UNIQUE (order_id, product_id),
    FOREIGN KEY (order_id, product_id) REFERENCES order_lines (order_id, product_id)
);
CREATE INDEX reviews_by_product ON reviews (product_id, created_at);
CREATE INDEX reviews_by_user ON reviews (user_id);

CREATE TABLE review_votes (
    review_id INTEGER NOT NULL REFERENCES reviews (id),
    user_id   INTEGER NOT NULL REFERENCES users (id),
    at        INTEGER NOT NULL,
    PRIMARY KEY (review_id, user_id)
);

CREATE TABLE review_reports (
    review_id INTEGER NOT NULL REFERENCES reviews (id),
    user_id   INTEGER NOT NULL REFERENCES users (id),
    at        INTEGER NOT NULL,
    PRIMARY KEY (review_id, user_id)
);
CREATE INDEX review_reports_by_time ON review_reports (at);

-- What cards, search and the comparison show without counting reviews: the shown (not hidden)
-- reviews' number and their stars added up, kept in the same transaction as every review change.
ALTER TABLE products ADD COLUMN rating_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE products ADD COLUMN rating_sum INTEGER NOT NULL DEFAULT 0;
