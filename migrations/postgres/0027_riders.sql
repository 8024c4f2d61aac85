-- The minutes a food order was promised to wait for a motorbike once cooked: the city's
-- motorbikes carry the orders that leave their kitchens before it first.
ALTER TABLE food_orders ADD COLUMN rider_min BIGINT NOT NULL DEFAULT 0 CHECK (rider_min >= 0);
