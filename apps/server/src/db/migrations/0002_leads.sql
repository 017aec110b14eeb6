-- Leads domain: saved-view authorship, list/board indexes, and tenant-checked search.

-- 0001 encodes "shared" as user_id NULL, which loses who made a shared view; only its author
-- (or an admin) may change or delete it, so keep the author separately.
ALTER TABLE saved_views ADD COLUMN created_by uuid REFERENCES users(id) ON DELETE SET NULL;
UPDATE saved_views SET created_by = user_id WHERE created_by IS NULL;

-- Sort by updated_at, and the board's "first 50 per stage by updated_at".
CREATE INDEX leads_ws_updated_idx ON leads (workspace_id, updated_at DESC, id) WHERE deleted_at IS NULL;
CREATE INDEX leads_ws_stage_updated_idx ON leads (workspace_id, stage, updated_at DESC, id) WHERE deleted_at IS NULL;

-- Under row-level security Postgres will not use an index for a non-leakproof operator such as
-- LIKE (a user qual may not run before the policy qual), so the trigram index on leads is never
-- used by tenant queries and a search scans the whole workspace. This function runs the trigram
-- lookup as the table owner, but only for the workspace the transaction is scoped to, and returns
-- ids that the caller then reads back through RLS.
CREATE FUNCTION lead_search_ids(p_workspace uuid, p_pattern text) RETURNS SETOF uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT id FROM leads
   WHERE workspace_id = p_workspace
     AND p_workspace = nullif(current_setting('app.workspace_id', true), '')::uuid
     AND deleted_at IS NULL
     AND lower(name || ' ' || coalesce(primary_email, '') || ' ' || coalesce(primary_phone, '') || ' ' || coalesce(city, '')) LIKE p_pattern
$$;
