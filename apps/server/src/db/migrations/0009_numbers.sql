-- Number pool: the workspace's caller ids with their region (local presence), health (connect
-- rate, spam labels, reps' reports → healthy/monitor/flagged) and CNAM display name.
-- Runs on PGlite and PostgreSQL.

CREATE TABLE phone_numbers (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  e164 text NOT NULL CHECK (e164 ~ '^\+[1-9][0-9]{6,14}$'),
  -- which carrier the number belongs to: only numbers of the adapter in use are picked
  provider text NOT NULL CHECK (provider IN ('sandbox', 'twilio', 'openphone')),
  label text NOT NULL DEFAULT '',
  -- from the number's area code (NANP); null outside North America
  area_code text,
  region text,
  status text NOT NULL DEFAULT 'healthy' CHECK (status IN ('healthy', 'monitor', 'flagged')),
  health_score int CHECK (health_score BETWEEN 0 AND 100),
  is_default boolean NOT NULL DEFAULT false,
  -- CNAM: at most 15 characters (the carriers' limit), propagated by the carrier
  cnam text CHECK (cnam IS NULL OR (length(cnam) BETWEEN 1 AND 15 AND cnam ~ '^[A-Za-z0-9 .,&''-]+$')),
  cnam_status text CHECK (cnam_status IN ('pending', 'registered', 'rejected')),
  spam_reports_by_reps int NOT NULL DEFAULT 0,
  -- the last health check's figures (null until the first check)
  calls_7d int,
  connects_7d int,
  connect_rate_7d double precision,
  connect_rate_prev_7d double precision,
  spam_score int CHECK (spam_score BETWEEN 0 AND 100),
  spam_sources jsonb NOT NULL DEFAULT '[]'::jsonb,
  health_reasons jsonb NOT NULL DEFAULT '[]'::jsonb,
  last_checked_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (workspace_id, e164)
);
-- one default per workspace
CREATE UNIQUE INDEX phone_numbers_default_idx ON phone_numbers (workspace_id) WHERE is_default;
-- volume spread: the last 24 h of calls from each number
CREATE INDEX call_sessions_from_idx ON call_sessions (workspace_id, from_number, started_at DESC);

-- who reported a number as spam (a rep heard "Spam Likely" on a callback), for the counter's audit
CREATE TABLE phone_number_spam_reports (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  phone_number_id uuid NOT NULL REFERENCES phone_numbers(id) ON DELETE CASCADE,
  user_id uuid REFERENCES users(id) ON DELETE SET NULL,
  note text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX phone_number_spam_reports_idx ON phone_number_spam_reports (workspace_id, phone_number_id, created_at DESC);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['phone_numbers','phone_number_spam_reports']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format($p$CREATE POLICY tenant_isolation ON %I USING (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid) WITH CHECK (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid)$p$, t);
  END LOOP;
END $$;
