-- Every stored digest is keyed (HMAC-SHA-256 with the server's secret key): the unkeyed ones of
-- before 0007 were never deployed, so the columns that told the two schemes apart go.
ALTER TABLE users DROP COLUMN resident_scheme;
ALTER TABLE instruments DROP COLUMN card_scheme;
ALTER TABLE instruments DROP COLUMN pin_scheme;
