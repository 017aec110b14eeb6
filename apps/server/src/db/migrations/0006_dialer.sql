-- Dialer: snapshot dial sessions and their items, do-not-call / bad-number flags, per-lead attempt
-- rollups the queue modes filter on, task fields the Dialer's task queue needs, reps' daily
-- targets, and provider accounts (how a webhook finds its workspace and its signing secret).
-- Runs on PGlite and PostgreSQL.

-- ───────────── leads: flags every queue skips, and what the last logged outcome was ─────────────
ALTER TABLE leads
  ADD COLUMN dnc_at timestamptz,
  ADD COLUMN bad_number_at timestamptz,
  ADD COLUMN attempt_count int NOT NULL DEFAULT 0,
  ADD COLUMN last_attempt_at timestamptz,
  ADD COLUMN last_disposition_key text,
  ADD COLUMN last_not_interested_reason text;

-- Kept by the database so every writer (the Dialer, imports of past calls, the demo) agrees.
CREATE FUNCTION attempts_roll_up_to_lead() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE leads l SET
    attempt_count = l.attempt_count + n.cnt,
    last_attempt_at = greatest(l.last_attempt_at, n.last_at),
    last_disposition_key = CASE WHEN l.last_attempt_at IS NULL OR n.last_at >= l.last_attempt_at THEN n.last_key ELSE l.last_disposition_key END,
    last_not_interested_reason = CASE WHEN l.last_attempt_at IS NULL OR n.last_at >= l.last_attempt_at THEN n.last_reason ELSE l.last_not_interested_reason END,
    last_touched_at = greatest(l.last_touched_at, n.last_at)
  FROM (
    SELECT DISTINCT ON (lead_id) lead_id, count(*) OVER (PARTITION BY lead_id) AS cnt, created_at AS last_at,
           disposition_key AS last_key, not_interested_reason AS last_reason
      FROM new_rows ORDER BY lead_id, created_at DESC, id DESC
  ) n
  WHERE l.id = n.lead_id;
  RETURN NULL;
END $$;
CREATE TRIGGER attempts_roll_up AFTER INSERT ON attempts REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION attempts_roll_up_to_lead();

-- backfill for attempts that exist already (the demo seeds history)
UPDATE leads l SET attempt_count = a.cnt, last_attempt_at = a.last_at, last_disposition_key = a.last_key, last_not_interested_reason = a.last_reason
  FROM (
    SELECT DISTINCT ON (lead_id) lead_id, count(*) OVER (PARTITION BY lead_id) AS cnt, created_at AS last_at,
           disposition_key AS last_key, not_interested_reason AS last_reason
      FROM attempts ORDER BY lead_id, created_at DESC, id DESC
  ) a
 WHERE l.id = a.lead_id;

CREATE INDEX leads_ws_new_queue_idx ON leads (workspace_id, created_at, id) WHERE deleted_at IS NULL AND attempt_count = 0 AND dnc_at IS NULL AND bad_number_at IS NULL;
CREATE INDEX leads_ws_last_disposition_idx ON leads (workspace_id, last_disposition_key, last_attempt_at DESC) WHERE deleted_at IS NULL;

-- A number flagged do-not-call or bad is skipped forever, whichever lead it turns up on again.
CREATE TABLE phone_flags (
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  phone text NOT NULL CHECK (phone ~ '^\+[1-9][0-9]{6,14}$'),
  kind text NOT NULL CHECK (kind IN ('dnc', 'bad_number')),
  reason text NOT NULL DEFAULT '',
  lead_id uuid REFERENCES leads(id) ON DELETE SET NULL,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, phone, kind)
);

-- ───────────── tasks: what the Dialer's task queue sorts and acts on ─────────────
ALTER TABLE tasks
  ADD COLUMN priority smallint NOT NULL DEFAULT 0 CHECK (priority BETWEEN 0 AND 3),
  ADD COLUMN snooze_count int NOT NULL DEFAULT 0,
  ADD COLUMN attempt_id uuid REFERENCES attempts(id) ON DELETE SET NULL,
  -- a callback's "due now" notification is sent once
  ADD COLUMN reminded_at timestamptz;
CREATE INDEX tasks_ws_open_due_idx ON tasks (workspace_id, due_at) WHERE status = 'open';

-- ───────────── reps' daily target (Dialer home pace) ─────────────
ALTER TABLE memberships ADD COLUMN daily_attempt_target int NOT NULL DEFAULT 60 CHECK (daily_attempt_target BETWEEN 1 AND 1000);

-- ───────────── dial sessions: an explicit choice of what to call, frozen at start ─────────────
CREATE TABLE dial_sessions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  -- no default: a session starts with an explicit choice (SPEC §1.6)
  mode text NOT NULL CHECK (mode IN ('new', 'followups', 'interested', 'nurture', 'callbacks', 'custom')),
  -- the custom source ({ viewId } | { stage } | { filters }) and the optional narrowing filters
  source jsonb NOT NULL DEFAULT '{}'::jsonb,
  filters jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- how the queue was built (mode, filters, counts, built_at), for "why is this lead here"
  preset_snapshot jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- how calls are placed: the rep's phone app (tel: link) or the workspace's telephony provider
  call_via text NOT NULL DEFAULT 'provider' CHECK (call_via IN ('provider', 'tel')),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'ended')),
  item_count int NOT NULL DEFAULT 0,
  started_at timestamptz NOT NULL DEFAULT now(),
  ended_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX dial_sessions_user_idx ON dial_sessions (workspace_id, user_id, started_at DESC);
CREATE INDEX dial_sessions_active_idx ON dial_sessions (workspace_id, status) WHERE status = 'active';

CREATE TABLE dial_session_items (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  dial_session_id uuid NOT NULL REFERENCES dial_sessions(id) ON DELETE CASCADE,
  lead_id uuid NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
  contact_id uuid REFERENCES contacts(id) ON DELETE SET NULL,
  -- the number frozen with the queue (E.164); null when the lead had none (shown, skippable)
  phone text,
  -- fractional so a callback can be inserted between two items without renumbering
  position double precision NOT NULL,
  source text NOT NULL CHECK (source IN ('task', 'new', 'interested', 'nurture', 'callback', 'custom')),
  -- human-readable "why this lead": "Overdue 3d: Follow up about pricing"
  reason text NOT NULL,
  task_id uuid REFERENCES tasks(id) ON DELETE SET NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'called', 'skipped')),
  -- inserted mid-session (a callback fell due), shown as such
  inserted_at timestamptz,
  call_session_id uuid REFERENCES call_sessions(id) ON DELETE SET NULL,
  attempt_id uuid REFERENCES attempts(id) ON DELETE SET NULL,
  skip_reason text,
  done_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX dial_session_items_session_idx ON dial_session_items (dial_session_id, status, position);
CREATE INDEX dial_session_items_lead_idx ON dial_session_items (workspace_id, lead_id);

ALTER TABLE call_sessions ADD CONSTRAINT call_sessions_dial_session_fk FOREIGN KEY (dial_session_id) REFERENCES dial_sessions(id) ON DELETE SET NULL;
-- which queue item a call was placed for, and whether the rep asked for a recording
ALTER TABLE call_sessions
  ADD COLUMN dial_session_item_id uuid REFERENCES dial_session_items(id) ON DELETE SET NULL,
  ADD COLUMN record boolean NOT NULL DEFAULT false,
  -- 'pending' until the provider delivers it (or says there will be none)
  ADD COLUMN transcript_status text CHECK (transcript_status IN ('pending', 'completed', 'absent', 'failed')),
  ADD COLUMN summary text;

-- ───────────── provider accounts: webhook → workspace, and the secret that signs it ─────────────
-- Looked up by the webhook routes before any workspace is known (they run as the owner role,
-- outside RLS); read inside a tenant transaction everywhere else.
CREATE TABLE provider_accounts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  -- 'sandbox' speaks Twilio's API and signs like Twilio, with its own account sid per workspace
  provider text NOT NULL CHECK (provider IN ('twilio', 'sandbox', 'openphone')),
  -- Twilio/sandbox AccountSid; OpenPhone: a label (its payloads carry no account id)
  account_id text NOT NULL,
  -- auth token / signing secret, AES-256-GCM encrypted (platform/secrets.ts); never sent to a browser
  secret_enc text NOT NULL,
  -- default caller id (E.164) and adapter options
  default_from text CHECK (default_from ~ '^\+[1-9][0-9]{6,14}$'),
  settings jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (provider, account_id)
);
CREATE UNIQUE INDEX provider_accounts_ws_provider_idx ON provider_accounts (workspace_id, provider);

-- secrets of this installation (the key that encrypts provider secrets when FLYWHEEL_SECRET is unset)
CREATE TABLE instance_secrets (
  name text PRIMARY KEY,
  value text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
REVOKE ALL ON instance_secrets FROM PUBLIC; -- and from flywheel_app: see migrate.ts GRANTS

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['phone_flags','dial_sessions','dial_session_items','provider_accounts']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format($p$CREATE POLICY tenant_isolation ON %I USING (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid) WITH CHECK (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid)$p$, t);
  END LOOP;
END $$;
