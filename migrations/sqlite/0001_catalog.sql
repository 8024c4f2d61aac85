-- The catalog: served cities, sellers, the category tree and products.
-- Money is whole chon (1/100 won) in a 64-bit integer. Times are UTC seconds since 1970.

CREATE TABLE cities (
    id      INTEGER PRIMARY KEY,
    slug    TEXT NOT NULL UNIQUE,
    name_ko TEXT NOT NULL,
    name_en TEXT NOT NULL,
    lat     REAL NOT NULL,
    lon     REAL NOT NULL
);

INSERT INTO cities (slug, name_ko, name_en, lat, lon) VALUES
    ('pyongyang', '평양', 'Pyongyang', 39.02, 125.75),
    ('pyongsong', '평성', 'Pyongsong', 39.25, 125.87),
    ('nampo',     '남포', 'Nampo',     38.74, 125.41),
    ('sariwon',   '사리원', 'Sariwon', 38.51, 125.76),
    ('sinuiju',   '신의주', 'Sinuiju', 40.10, 124.40);

CREATE TABLE sellers (
    id         INTEGER PRIMARY KEY,
    slug       TEXT NOT NULL UNIQUE,
    kind       TEXT NOT NULL CHECK (kind IN ('factory', 'store', 'restaurant')),
    name_ko    TEXT NOT NULL,
    name_en    TEXT NOT NULL,
    city_id    INTEGER NOT NULL REFERENCES cities (id),
    created_at INTEGER NOT NULL
);

CREATE TABLE categories (
    id        INTEGER PRIMARY KEY,
    slug      TEXT NOT NULL UNIQUE,
    parent_id INTEGER REFERENCES categories (id),
    position  INTEGER NOT NULL DEFAULT 0,
    name_ko   TEXT NOT NULL,
    name_en   TEXT NOT NULL
);

CREATE TABLE products (
    id             INTEGER PRIMARY KEY,
    seller_id      INTEGER NOT NULL REFERENCES sellers (id),
    category_id    INTEGER NOT NULL REFERENCES categories (id),
    name_ko        TEXT NOT NULL,
    name_en        TEXT NOT NULL,
    description_ko TEXT NOT NULL,
    description_en TEXT NOT NULL,
    price_chon     INTEGER NOT NULL CHECK (price_chon >= 0),
    unit_kind      TEXT NOT NULL CHECK (unit_kind IN ('g', 'ml', 'piece', 'pair')),
    unit_amount    INTEGER NOT NULL CHECK (unit_amount > 0),
    weight_g       INTEGER NOT NULL CHECK (weight_g >= 0),
    volume_ml      INTEGER NOT NULL CHECK (volume_ml >= 0),
    stock          INTEGER NOT NULL CHECK (stock >= 0),
    created_at     INTEGER NOT NULL
);

CREATE INDEX products_by_seller ON products (seller_id);
CREATE INDEX products_by_category ON products (category_id);
CREATE INDEX products_newest ON products (created_at DESC, id DESC);
