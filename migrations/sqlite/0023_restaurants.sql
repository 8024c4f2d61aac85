-- Restaurants: sellers of the restaurant kind that cook and deliver hot food. Where the kitchen
-- is (a point in a district), how far it delivers, how much it cooks a quarter of an hour, how
-- long a dish usually takes and the longest time it promises; its weekly hours (Pyongyang time,
-- a span may close after midnight: `closes` past 1440), the days it stays shut, and its menu.
CREATE TABLE restaurants (
    seller_id         INTEGER PRIMARY KEY REFERENCES sellers (id),
    district_id       INTEGER NOT NULL REFERENCES districts (id),
    lat               REAL NOT NULL CHECK (lat BETWEEN -90 AND 90),
    lon               REAL NOT NULL CHECK (lon BETWEEN -180 AND 180),
    radius_m          INTEGER NOT NULL CHECK (radius_m BETWEEN 500 AND 30000),
    capacity          INTEGER NOT NULL CHECK (capacity BETWEEN 1 AND 1000),
    prep_min          INTEGER NOT NULL CHECK (prep_min BETWEEN 1 AND 180),
    promise_limit_min INTEGER NOT NULL CHECK (promise_limit_min BETWEEN 15 AND 240),
    minimum_chon      INTEGER NOT NULL CHECK (minimum_chon >= 0)
);
CREATE INDEX restaurants_by_district ON restaurants (district_id);

CREATE TABLE restaurant_hours (
    seller_id INTEGER NOT NULL REFERENCES restaurants (seller_id),
    weekday   INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),
    opens     INTEGER NOT NULL CHECK (opens BETWEEN 0 AND 1439),
    closes    INTEGER NOT NULL CHECK (closes > opens AND closes <= opens + 1440),
    PRIMARY KEY (seller_id, weekday, opens)
);

-- A Pyongyang day (days since 1970-01-01) the restaurant does not open.
CREATE TABLE restaurant_closed_days (
    seller_id INTEGER NOT NULL REFERENCES restaurants (seller_id),
    day       INTEGER NOT NULL,
    PRIMARY KEY (seller_id, day)
);

CREATE TABLE menu_sections (
    id        INTEGER PRIMARY KEY,
    seller_id INTEGER NOT NULL REFERENCES restaurants (seller_id),
    position  INTEGER NOT NULL,
    name_ko   TEXT NOT NULL CHECK (length(name_ko) BETWEEN 1 AND 60),
    name_en   TEXT NOT NULL CHECK (length(name_en) BETWEEN 1 AND 60)
);
CREATE INDEX menu_sections_by_seller ON menu_sections (seller_id, position);

-- A dish: its price, its portion, how long it takes, its picture; `sold_out_day` is the
-- Pyongyang day the kitchen ran out of it (sold out for the rest of that day).
CREATE TABLE dishes (
    id           INTEGER PRIMARY KEY,
    section_id   INTEGER NOT NULL REFERENCES menu_sections (id),
    seller_id    INTEGER NOT NULL REFERENCES restaurants (seller_id),
    position     INTEGER NOT NULL,
    name_ko      TEXT NOT NULL CHECK (length(name_ko) BETWEEN 1 AND 80),
    name_en      TEXT NOT NULL CHECK (length(name_en) BETWEEN 1 AND 80),
    desc_ko      TEXT NOT NULL CHECK (length(desc_ko) <= 500),
    desc_en      TEXT NOT NULL CHECK (length(desc_en) <= 500),
    portion_ko   TEXT NOT NULL CHECK (length(portion_ko) BETWEEN 1 AND 40),
    portion_en   TEXT NOT NULL CHECK (length(portion_en) BETWEEN 1 AND 40),
    price_chon   INTEGER NOT NULL CHECK (price_chon > 0),
    prep_min     INTEGER NOT NULL CHECK (prep_min BETWEEN 1 AND 180),
    picture_id   INTEGER REFERENCES media (id),
    sold_out_day INTEGER
);
CREATE INDEX dishes_by_section ON dishes (section_id, position);
CREATE INDEX dishes_by_seller ON dishes (seller_id);

CREATE TABLE dish_options (
    id         INTEGER PRIMARY KEY,
    dish_id    INTEGER NOT NULL REFERENCES dishes (id),
    position   INTEGER NOT NULL,
    name_ko    TEXT NOT NULL CHECK (length(name_ko) BETWEEN 1 AND 40),
    name_en    TEXT NOT NULL CHECK (length(name_en) BETWEEN 1 AND 40),
    price_chon INTEGER NOT NULL CHECK (price_chon >= 0)
);
CREATE INDEX dish_options_by_dish ON dish_options (dish_id, position);
