-- A seller may hide a product: it leaves lists, search and comparisons and can't be bought, while
-- its page (reached from old orders), its orders and its price history stay. When it was hidden;
-- NULL while it is offered.
ALTER TABLE products ADD COLUMN hidden_at BIGINT;
