-- The audit log, guarded further: an entry can't be replaced by inserting over its id (SQLite's
-- `INSERT OR REPLACE` deletes without firing the delete trigger), and a lookup by the acting
-- account is indexed (SQLite checks it whenever an account's row is held for a change).
CREATE TRIGGER audit_log_never_replaced BEFORE INSERT ON audit_log
WHEN EXISTS (SELECT 1 FROM audit_log WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'the audit log is never edited');
END;
CREATE INDEX audit_log_by_actor ON audit_log (actor_id);
