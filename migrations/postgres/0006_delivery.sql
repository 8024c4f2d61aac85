-- Delivery: the tariff the operator edits, the couriers of each city, how much of each slot is
-- booked, and what an order needs on its way (its courier, its size, the shopper's confirmation
-- code, why a delivery failed).

-- Every constant of delivery pricing and capacity, by name, in the unit the operator reads (won,
-- kg, litres, km, minutes, km/h, deliveries). The application checks a whole new table before it
-- stores it.
CREATE TABLE tariff (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at BIGINT NOT NULL DEFAULT 0,
    updated_by BIGINT REFERENCES users (id)
);
INSERT INTO tariff (key, value) VALUES
    ('motorbike_base', '20'),
    ('motorbike_per_km', '3'),
    ('motorbike_handling_min', '45'),
    ('motorbike_speed_kmh', '30'),
    ('motorbike_max_weight_kg', '20'),
    ('motorbike_max_volume_l', '60'),
    ('motorbike_max_distance_km', '40'),
    ('motorbike_stops_per_slot', '8'),
    ('van_base', '60'),
    ('van_per_km', '6'),
    ('van_handling_min', '90'),
    ('van_speed_kmh', '40'),
    ('van_max_weight_kg', '1200'),
    ('van_max_volume_l', '8000'),
    ('van_stops_per_slot', '12'),
    ('long_distance_km', '50'),
    ('long_distance_surcharge', '300'),
    ('long_distance_per_km', '12'),
    ('long_distance_min_order', '500'),
    ('max_distance_km', '400');

-- A courier works from one city's depot with one vehicle.
CREATE TABLE couriers (
    user_id BIGINT PRIMARY KEY REFERENCES users (id),
    city_id BIGINT NOT NULL REFERENCES cities (id),
    vehicle TEXT NOT NULL CHECK (vehicle IN ('motorbike', 'van')),
    on_duty BIGINT NOT NULL DEFAULT 1 CHECK (on_duty IN (0, 1))
);
CREATE INDEX couriers_by_city ON couriers (city_id);

-- Deliveries booked per slot and city (the seller's city, whose couriers collect the goods):
-- checkout books a place in the same transaction that places the order, cancelling gives it back.
CREATE TABLE slot_bookings (
    city_id     BIGINT NOT NULL REFERENCES cities (id),
    slot_day    BIGINT NOT NULL,
    slot_window BIGINT NOT NULL CHECK (slot_window BETWEEN 0 AND 3),
    booked      BIGINT NOT NULL DEFAULT 0 CHECK (booked >= 0),
    booked_van  BIGINT NOT NULL DEFAULT 0 CHECK (booked_van >= 0 AND booked_van <= booked),
    PRIMARY KEY (city_id, slot_day, slot_window)
);

ALTER TABLE orders ADD COLUMN courier_id BIGINT REFERENCES users (id);
ALTER TABLE orders ADD COLUMN weight_g BIGINT NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN volume_ml BIGINT NOT NULL DEFAULT 0;
-- The 4-digit code the shopper tells the courier at the door, and the wrong tries at it.
ALTER TABLE orders ADD COLUMN code TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN code_tries BIGINT NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN failure TEXT;
CREATE INDEX orders_by_courier ON orders (courier_id, status);

-- Orders placed before this migration: their size from their lines, a code for the door, and the
-- places they take in their slots.
UPDATE orders SET
    weight_g = COALESCE((SELECT SUM(l.quantity * p.weight_g) FROM order_lines l
                         JOIN products p ON p.id = l.product_id WHERE l.order_id = orders.id), 0),
    volume_ml = COALESCE((SELECT SUM(l.quantity * p.volume_ml) FROM order_lines l
                          JOIN products p ON p.id = l.product_id WHERE l.order_id = orders.id), 0),
    code = lpad(CAST(floor(random() * 10000) AS BIGINT)::text, 4, '0');
INSERT INTO slot_bookings (city_id, slot_day, slot_window, booked, booked_van)
SELECT s.city_id, o.slot_day, o.slot_window, COUNT(*),
       SUM(CASE WHEN o.vehicle = 'van' THEN 1 ELSE 0 END)
FROM orders o JOIN sellers s ON s.id = o.seller_id
WHERE o.status IN ('placed', 'accepted', 'ready', 'picked_up')
GROUP BY s.city_id, o.slot_day, o.slot_window;
