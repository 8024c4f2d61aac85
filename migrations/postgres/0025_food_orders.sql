-- Ordering hot food. A dish may have a number of portions left on a Pyongyang day (the kitchen
-- says "10 left today"; on another day the number means nothing and the dish is not counted).
-- A food order is an order (its payment, state and courier are the orders table's) with its
-- promise: the dishes it puts in the kitchen's queue, the minutes of queue, cooking and ride it
-- was promised with, whether it was wanted as soon as possible, and when it is due at the door.
-- Its lines are dishes with their options, named and priced as they were ordered.
ALTER TABLE dishes ADD COLUMN portions_day BIGINT;
ALTER TABLE dishes ADD COLUMN portions_left BIGINT CHECK (portions_left >= 0);

CREATE TABLE food_orders (
    order_id    BIGINT PRIMARY KEY REFERENCES orders (id),
    seller_id   BIGINT NOT NULL REFERENCES restaurants (seller_id),
    dishes      BIGINT NOT NULL CHECK (dishes >= 1),
    asap        BIGINT NOT NULL CHECK (asap IN (0, 1)),
    queue_min   BIGINT NOT NULL CHECK (queue_min >= 0),
    prep_min    BIGINT NOT NULL CHECK (prep_min >= 0),
    ride_min    BIGINT NOT NULL CHECK (ride_min >= 0),
    promised_at BIGINT NOT NULL
);
CREATE INDEX food_orders_by_kitchen ON food_orders (seller_id, promised_at);

CREATE TABLE food_order_lines (
    order_id   BIGINT NOT NULL REFERENCES food_orders (order_id),
    position   BIGINT NOT NULL,
    dish_id    BIGINT NOT NULL REFERENCES dishes (id),
    name_ko    TEXT NOT NULL,
    name_en    TEXT NOT NULL,
    options_ko TEXT NOT NULL,
    options_en TEXT NOT NULL,
    price_chon BIGINT NOT NULL CHECK (price_chon >= 0),
    quantity   BIGINT NOT NULL CHECK (quantity BETWEEN 1 AND 99),
    PRIMARY KEY (order_id, position)
);
