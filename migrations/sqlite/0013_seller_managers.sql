-- A seller's staff are led by its managers: only a manager changes prices and who the staff are.
-- A manager is a seller's staff member (role 'seller') with this mark; the application reads the
-- two together as the role "manager".
ALTER TABLE users ADD COLUMN manager INTEGER NOT NULL DEFAULT 0
    CHECK (manager IN (0, 1) AND (manager = 0 OR role = 'seller'));

-- Staff from before managers changed prices: they keep doing so, as managers.
UPDATE users SET manager = 1 WHERE role = 'seller';
