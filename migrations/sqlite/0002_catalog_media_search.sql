-- Goods (the same good offered by several sellers), media (pictures, voice, video) stored like
-- uploads, and the search index.

CREATE TABLE goods (
    id      INTEGER PRIMARY KEY,
    slug    TEXT NOT NULL UNIQUE,
    name_ko TEXT NOT NULL,
    name_en TEXT NOT NULL
);

ALTER TABLE products ADD COLUMN good_id INTEGER REFERENCES goods (id);
-- Lower-cased Korean and English names: what search matches substrings in.
ALTER TABLE products ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
-- The unit price in thousandths of a chon, rounded: an ordering key only, never shown or charged.
ALTER TABLE products ADD COLUMN unit_price_key INTEGER NOT NULL DEFAULT 0;

-- Copies of the seller's city and the top-level category, so every list filter and facet reads one
-- table through an index.
ALTER TABLE products ADD COLUMN top_category_id INTEGER REFERENCES categories (id);
ALTER TABLE products ADD COLUMN city_id INTEGER REFERENCES cities (id);
UPDATE products SET
    top_category_id = (SELECT COALESCE(c.parent_id, c.id) FROM categories c WHERE c.id = products.category_id),
    city_id = (SELECT s.city_id FROM sellers s WHERE s.id = products.seller_id);

CREATE INDEX products_by_good ON products (good_id);
CREATE INDEX products_by_top_category ON products (top_category_id, created_at);
CREATE INDEX products_by_category_newest ON products (category_id, created_at);
CREATE INDEX products_by_seller_newest ON products (seller_id, created_at);
CREATE INDEX products_by_city ON products (city_id, created_at);
CREATE INDEX products_by_price ON products (price_chon, id);
CREATE INDEX products_by_unit_price ON products (unit_price_key, id);

CREATE TABLE media (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL CHECK (kind IN ('image', 'audio', 'video')),
    created_at INTEGER NOT NULL
);

-- One stored rendition of a medium: a size and format of a picture, or the audio/video file.
CREATE TABLE media_files (
    media_id INTEGER NOT NULL REFERENCES media (id),
    variant  TEXT NOT NULL,
    mime     TEXT NOT NULL,
    width    INTEGER,
    height   INTEGER,
    bytes    BLOB NOT NULL,
    PRIMARY KEY (media_id, variant, mime)
);

CREATE TABLE product_media (
    product_id INTEGER NOT NULL REFERENCES products (id),
    media_id   INTEGER NOT NULL REFERENCES media (id),
    position   INTEGER NOT NULL,
    PRIMARY KEY (product_id, media_id)
);
CREATE INDEX product_media_by_media ON product_media (media_id);

-- Character bigrams of each product's search_text (and single characters outside ASCII, e.g. a
-- Hangul syllable): candidates for a substring search.
CREATE TABLE search_grams (
    gram       TEXT NOT NULL,
    product_id INTEGER NOT NULL REFERENCES products (id),
    PRIMARY KEY (gram, product_id)
) WITHOUT ROWID;
CREATE INDEX search_grams_by_product ON search_grams (product_id);

-- How many products have each gram: a query looks up its rarest grams first.
CREATE TABLE search_gram_counts (
    gram TEXT NOT NULL PRIMARY KEY,
    n    INTEGER NOT NULL
);
