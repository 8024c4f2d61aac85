-- The kitchen's side of a food order: when it was accepted and how long the kitchen said it
-- would take (`ready_by`), when cooking began. A dish is late when it can't leave the kitchen in
-- time for the ride to keep the promise.
ALTER TABLE food_orders ADD COLUMN accepted_at INTEGER;
ALTER TABLE food_orders ADD COLUMN ready_by INTEGER;
ALTER TABLE food_orders ADD COLUMN cooking_at INTEGER;
