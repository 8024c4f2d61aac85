-- The shop's sales of each closed Pyongyang day, written once (an hour after its midnight, when
-- anything begun before it has ended): the operators' dashboard reads a row a day for those days
-- instead of every order. The days after the last closed one are counted from the orders.
CREATE TABLE closed_days (
    id       BIGINT PRIMARY KEY CHECK (id = 1),
    -- Every day up to this one has its totals below (NULL: none closed yet).
    last_day BIGINT
);
INSERT INTO closed_days (id, last_day) VALUES (1, NULL);

-- Orders placed and delivered, money captured and refunded, on a day.
CREATE TABLE sales_days (
    day           BIGINT PRIMARY KEY,
    placed        BIGINT NOT NULL CHECK (placed >= 0),
    delivered     BIGINT NOT NULL CHECK (delivered >= 0),
    captured_chon BIGINT NOT NULL CHECK (captured_chon >= 0),
    refunded_chon BIGINT NOT NULL CHECK (refunded_chon >= 0)
);

-- The orders placed on a day by city, by top-level category (as the goods were filed that day)
-- and by seller, and the goods' worth at the prices paid.
CREATE TABLE share_days (
    part       TEXT NOT NULL CHECK (part IN ('city', 'category', 'seller')),
    day        BIGINT NOT NULL,
    id         BIGINT NOT NULL,
    orders     BIGINT NOT NULL CHECK (orders >= 0),
    goods_chon BIGINT NOT NULL CHECK (goods_chon >= 0),
    PRIMARY KEY (part, day, id)
);

-- Orders handed over on a day, by city: within the slot chosen or after it.
CREATE TABLE on_time_days (
    day     BIGINT NOT NULL,
    city_id BIGINT NOT NULL,
    on_time BIGINT NOT NULL CHECK (on_time >= 0),
    late    BIGINT NOT NULL CHECK (late >= 0),
    PRIMARY KEY (day, city_id)
);

-- Orders handed over on a day, by the day they were placed (the funnel's last step).
CREATE TABLE delivered_days (
    placed_day BIGINT NOT NULL,
    day        BIGINT NOT NULL,
    orders     BIGINT NOT NULL CHECK (orders >= 0),
    PRIMARY KEY (placed_day, day)
);
