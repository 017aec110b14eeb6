-- Leads list speed at 100k leads: indexed search/tag matching under RLS, and an exact running count.

-- The search document as a stored column: a trigram match must recheck every candidate row, and
-- recomputing lower(name || email || phone || city) per row was most of a search's time. Replaces
-- 0001's expression index; partial, since only live leads are ever searched.
ALTER TABLE leads ADD COLUMN search_text text GENERATED ALWAYS AS (
  lower(name || ' ' || coalesce(primary_email, '') || ' ' || coalesce(primary_phone, '') || ' ' || coalesce(city, ''))
) STORED;
DROP INDEX IF EXISTS leads_search_trgm_idx;
CREATE INDEX leads_search_text_trgm_idx ON leads USING gin (search_text gin_trgm_ops) WHERE deleted_at IS NULL;

-- With RLS on, Postgres refuses to run a non-leakproof operator (LIKE, @>) before the policy, so
-- the trigram and tags indexes are never used by tenant queries and every search scans the whole
-- workspace. This function runs those predicates as the table owner, only for the workspace the
-- transaction is scoped to (the same rule as the policy), and returns row addresses (ctid) that
-- the caller reads back through RLS with a TID scan (cheaper than re-probing the primary key).
-- Stages are passed along so the planner can AND the stage index into the bitmap.
DROP FUNCTION IF EXISTS lead_search_ids(uuid, text);

CREATE FUNCTION lead_match_tids(p_workspace uuid, p_pattern text, p_tags text[], p_stages text[]) RETURNS SETOF tid
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  q text := 'SELECT ctid FROM leads WHERE workspace_id = $1 AND deleted_at IS NULL';
BEGIN
  IF p_workspace IS NULL OR p_workspace IS DISTINCT FROM nullif(current_setting('app.workspace_id', true), '')::uuid THEN
    RETURN;
  END IF;
  IF p_pattern IS NOT NULL THEN q := q || ' AND search_text LIKE $2'; END IF;
  IF p_tags IS NOT NULL THEN q := q || ' AND tags @> $3'; END IF;
  IF p_stages IS NOT NULL THEN q := q || ' AND stage = ANY($4)'; END IF;
  -- dynamic SQL is planned with the actual values (a generic plan cannot judge a LIKE pattern)
  RETURN QUERY EXECUTE q USING p_workspace, p_pattern, p_tags, p_stages;
END $$;

-- The unfiltered lead count (the default list's total) without counting 100k index entries per
-- request: every statement that inserts, deletes, soft-deletes or restores leads appends its net
-- change per workspace here, in the same transaction, so the sum is exact under any snapshot.
-- Append-only deltas (summed on read, compacted now and then) mean concurrent writers never wait
-- on a shared counter row. No foreign key: a workspace's cascade delete writes its last deltas.
CREATE TABLE lead_count_deltas (
  workspace_id uuid NOT NULL,
  delta bigint NOT NULL
);
CREATE INDEX lead_count_deltas_ws_idx ON lead_count_deltas (workspace_id);
ALTER TABLE lead_count_deltas ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON lead_count_deltas
  USING (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid)
  WITH CHECK (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid);

INSERT INTO lead_count_deltas (workspace_id, delta)
  SELECT workspace_id, count(*) FROM leads WHERE deleted_at IS NULL GROUP BY workspace_id;

-- SECURITY DEFINER: whoever writes leads (a tenant transaction, an import, a migration) keeps the count
CREATE FUNCTION leads_count_delta() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO lead_count_deltas (workspace_id, delta)
      SELECT workspace_id, count(*) FROM new_rows WHERE deleted_at IS NULL GROUP BY workspace_id;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO lead_count_deltas (workspace_id, delta)
      SELECT workspace_id, -count(*) FROM old_rows WHERE deleted_at IS NULL GROUP BY workspace_id;
  ELSE
    INSERT INTO lead_count_deltas (workspace_id, delta)
      SELECT workspace_id, sum(d) FROM (
        SELECT workspace_id, 1 AS d FROM new_rows WHERE deleted_at IS NULL
        UNION ALL
        SELECT workspace_id, -1 AS d FROM old_rows WHERE deleted_at IS NULL
      ) x GROUP BY workspace_id HAVING sum(d) <> 0;
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION leads_count_reset() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  DELETE FROM lead_count_deltas;
  RETURN NULL;
END $$;

CREATE TRIGGER leads_count_ins AFTER INSERT ON leads REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION leads_count_delta();
CREATE TRIGGER leads_count_upd AFTER UPDATE ON leads REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION leads_count_delta();
CREATE TRIGGER leads_count_del AFTER DELETE ON leads REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION leads_count_delta();
CREATE TRIGGER leads_count_trunc AFTER TRUNCATE ON leads FOR EACH STATEMENT EXECUTE FUNCTION leads_count_reset();
