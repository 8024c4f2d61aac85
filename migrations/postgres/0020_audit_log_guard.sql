-- The audit log, guarded further: a lookup by the acting account is indexed. (An entry can't be
-- replaced by inserting over it: `ON CONFLICT DO UPDATE` fires the update trigger, which refuses.)
CREATE INDEX audit_log_by_actor ON audit_log (actor_id);
