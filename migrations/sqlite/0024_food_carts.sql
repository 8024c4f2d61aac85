-- A shopper's food cart: one restaurant's dishes at a time. The cart's row names the restaurant
-- (and is what two adds at once take turns on); a dish of another restaurant starts it over,
-- when the shopper asks to. A line is a dish with its chosen options (their ids, ascending,
-- comma-separated: the same choice twice is one line).
CREATE TABLE food_carts (
    user_id    INTEGER PRIMARY KEY REFERENCES users (id),
    seller_id  INTEGER NOT NULL REFERENCES restaurants (seller_id),
    updated_at INTEGER NOT NULL
);

CREATE TABLE food_cart_lines (
    id       INTEGER PRIMARY KEY,
    user_id  INTEGER NOT NULL REFERENCES food_carts (user_id),
    dish_id  INTEGER NOT NULL REFERENCES dishes (id),
    options  TEXT NOT NULL CHECK (length(options) <= 200),
    quantity INTEGER NOT NULL CHECK (quantity BETWEEN 1 AND 99),
    UNIQUE (user_id, dish_id, options)
);
