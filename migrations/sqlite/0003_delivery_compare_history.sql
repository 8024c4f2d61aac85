-- Delivery places (districts of the served cities, with coordinates for the tariff's distances) and
-- the price history of every product.

CREATE TABLE districts (
    id      INTEGER PRIMARY KEY,
    city_id INTEGER NOT NULL REFERENCES cities (id),
    slug    TEXT NOT NULL UNIQUE,
    name_ko TEXT NOT NULL,
    name_en TEXT NOT NULL,
    lat     REAL NOT NULL,
    lon     REAL NOT NULL
);

INSERT INTO districts (city_id, slug, name_ko, name_en, lat, lon)
SELECT c.id, d.slug, d.name_ko, d.name_en, d.lat, d.lon
FROM (
    SELECT 'pyongyang' AS city, 'pyongyang-central' AS slug, '중구역' AS name_ko, 'Central District' AS name_en, 39.019 AS lat, 125.753 AS lon
    UNION ALL SELECT 'pyongyang', 'pyongyang-moranbong', '모란봉구역', 'Moranbong District', 39.045, 125.760
    UNION ALL SELECT 'pyongyang', 'pyongyang-pothonggang', '보통강구역', 'Pothonggang District', 39.040, 125.725
    UNION ALL SELECT 'pyongyang', 'pyongyang-taedonggang', '대동강구역', 'Taedonggang District', 39.025, 125.790
    UNION ALL SELECT 'pyongyang', 'pyongyang-mangyongdae', '만경대구역', 'Mangyongdae District', 38.995, 125.655
    UNION ALL SELECT 'pyongyang', 'pyongyang-rangrang', '락랑구역', 'Rangrang District', 38.960, 125.755
    UNION ALL SELECT 'pyongyang', 'pyongyang-ryongsong', '룡성구역', 'Ryongsong District', 39.135, 125.800
    UNION ALL SELECT 'pyongsong', 'pyongsong-centre', '평성 중심', 'Pyongsong centre', 39.250, 125.870
    UNION ALL SELECT 'nampo', 'nampo-hanggu', '항구구역', 'Hanggu District', 38.735, 125.385
    UNION ALL SELECT 'nampo', 'nampo-waudo', '와우도구역', 'Waudo District', 38.770, 125.330
    UNION ALL SELECT 'sariwon', 'sariwon-centre', '사리원 중심', 'Sariwon centre', 38.510, 125.760
    UNION ALL SELECT 'sinuiju', 'sinuiju-centre', '신의주 중심', 'Sinuiju centre', 40.100, 124.400
) d JOIN cities c ON c.slug = d.city;

-- One row per price a product has had: its first price when listed, then every change.
CREATE TABLE price_changes (
    id         INTEGER PRIMARY KEY,
    product_id INTEGER NOT NULL REFERENCES products (id),
    changed_at INTEGER NOT NULL,
    price_chon INTEGER NOT NULL CHECK (price_chon >= 0)
);
CREATE INDEX price_changes_by_product ON price_changes (product_id, changed_at);

-- Products listed before this migration start their history with their current price.
INSERT INTO price_changes (product_id, changed_at, price_chon)
SELECT id, created_at, price_chon FROM products;
