-- Searches made on the search page, by Pyongyang day: the query as the shop reads it (spaces
-- collapsed, lower case, at most 100 characters), how often it was asked and how often it found
-- nothing. At most 2,000 different queries a day are kept (a flood of made-up ones stops there).
CREATE TABLE search_days (
    day      INTEGER NOT NULL,
    query    TEXT NOT NULL CHECK (length(query) BETWEEN 1 AND 100),
    searches INTEGER NOT NULL CHECK (searches >= 0),
    empty    INTEGER NOT NULL CHECK (empty >= 0 AND empty <= searches),
    PRIMARY KEY (day, query)
);

-- Goods put in a cart, by day (the step of the funnel between a product's page and checkout).
CREATE TABLE cart_add_days (
    day  INTEGER PRIMARY KEY,
    adds INTEGER NOT NULL CHECK (adds >= 0)
);
