-- Dashboard rollups (issue 5): the long-term dashboard and the best-time-to-call figures read only
-- these tables. A per-workspace job keeps them current: it finds the days touched by rows newer than
-- the stored watermarks and re-folds exactly those days (delete + insert, so re-folding is
-- idempotent); a nightly job re-folds the last days to absorb late webhook updates.
-- Runs on PGlite and PostgreSQL.

-- One row per workspace × day (workspace time zone) × dimension × key.
--   dim: all | segment | source | lead_type | number (from_number) | rep (user id) |
--        how ('<dow>|<hour>' in the lead's time) | tz_how ('<tz>|<dow>|<hour>') |
--        state_how ('<state>|<dow>|<hour>') | stage_in (stage entered) |
--        stage_days ('<stage>|<whole days spent in it>' on the day the lead left it)
CREATE TABLE rollup_daily (
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  day date NOT NULL,
  dim text NOT NULL,
  key text NOT NULL,
  -- call sessions placed (outbound) and their talk time (answered calls)
  calls int NOT NULL DEFAULT 0,
  talk_seconds bigint NOT NULL DEFAULT 0,
  -- logged outcomes (attempts) and what their disposition counts as
  attempts int NOT NULL DEFAULT 0,
  connects int NOT NULL DEFAULT 0,
  dm int NOT NULL DEFAULT 0,
  meetings int NOT NULL DEFAULT 0,
  sold int NOT NULL DEFAULT 0,
  follow_ups int NOT NULL DEFAULT 0,
  -- dimension-specific count: new leads (segment/source/lead_type/all), leads entering a stage
  -- (stage_in), leads leaving a stage after that many days (stage_days), dialing seconds (rep)
  n bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (workspace_id, dim, day, key)
);

-- Open leads by stage and age (days since created / since last touched), as of the last fold.
CREATE TABLE rollup_aging (
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  stage text NOT NULL,
  bucket text NOT NULL,
  leads int NOT NULL DEFAULT 0,
  untouched int NOT NULL DEFAULT 0,
  PRIMARY KEY (workspace_id, stage, bucket)
);

-- Watermarks of the incremental fold and the freshness shown as `asOf`.
CREATE TABLE rollup_state (
  workspace_id uuid PRIMARY KEY REFERENCES workspaces(id) ON DELETE CASCADE,
  watermark timestamptz NOT NULL DEFAULT '-infinity',
  folded_at timestamptz,
  full_refold_at timestamptz,
  last_days_folded int NOT NULL DEFAULT 0,
  last_fold_ms int NOT NULL DEFAULT 0
);

-- When a row was written, whatever business time it carries: an attempt or a stage change logged
-- with a past created_at/occurred_at (history, imports) is still found by the next incremental
-- fold. Existing rows get the migration time (a constant default: no table rewrite).
ALTER TABLE attempts ADD COLUMN inserted_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE activities ADD COLUMN inserted_at timestamptz NOT NULL DEFAULT now();
CREATE INDEX attempts_ws_inserted_idx ON attempts (workspace_id, inserted_at);
CREATE INDEX activities_ws_stage_inserted_idx ON activities (workspace_id, inserted_at) WHERE kind = 'stage.changed';
-- the fold finds changed call sessions (late webhooks) by updated_at
CREATE INDEX call_sessions_ws_updated_idx ON call_sessions (workspace_id, updated_at);
CREATE INDEX dial_sessions_ws_updated_idx ON dial_sessions (workspace_id, updated_at);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['rollup_daily','rollup_aging','rollup_state']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format($p$CREATE POLICY tenant_isolation ON %I USING (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid) WITH CHECK (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid)$p$, t);
  END LOOP;
END $$;
