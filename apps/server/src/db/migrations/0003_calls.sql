-- Calls: dispositions, call sessions (one provider call) and attempts (one logged outcome);
-- plus the two platform tables that every process shares: in-app notifications and provider health.
-- Runs on PGlite and PostgreSQL.

-- ───────────── dispositions (configurable per workspace) ─────────────
CREATE TABLE dispositions (
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  key text NOT NULL CHECK (key ~ '^[a-z][a-z0-9_]{0,39}$'),
  label text NOT NULL,
  position int NOT NULL,
  -- what logging it does: { move_stage?, create_task?: { kind, title, due_in_days?, ask_due? },
  -- flag_dnc?, flag_bad_number?, open_sale_form? } — applied by the calls service, logged as activities
  effects jsonb NOT NULL DEFAULT '{}'::jsonb,
  counts_as_connect boolean NOT NULL DEFAULT false,
  counts_as_dm boolean NOT NULL DEFAULT false,
  hotkey text CHECK (hotkey ~ '^[0-9a-z]$'),
  color text,
  -- never deleted once used: attempts reference it; archived ones are hidden from the picker
  archived_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, key)
);
CREATE UNIQUE INDEX dispositions_hotkey_idx ON dispositions (workspace_id, hotkey) WHERE hotkey IS NOT NULL AND archived_at IS NULL;

-- The default list, one source for new workspaces (calls.seedWorkspaceDefaults) and for the
-- workspaces that exist when this migration runs. Runs as the caller, so RLS applies.
CREATE FUNCTION seed_default_dispositions(ws uuid) RETURNS void LANGUAGE sql AS $fn$
  INSERT INTO dispositions (workspace_id, key, label, position, effects, counts_as_connect, counts_as_dm, hotkey, color)
  SELECT ws, d.key, d.label, d.position, d.effects::jsonb, d.connect, d.dm, d.hotkey, d.color
  FROM (VALUES
    ('no_answer',      'No answer',      0, '{}',                                                                                              false, false, '1', '#94a3b8'),
    ('left_voicemail', 'Left voicemail', 1, '{"create_task":{"kind":"follow_up","title":"Call back after voicemail","due_in_days":2}}',      false, false, '2', '#64748b'),
    ('gatekeeper',     'Gatekeeper',     2, '{"create_task":{"kind":"follow_up","title":"Try the decision maker again","due_in_days":1}}', true,  false, '3', '#0ea5e9'),
    ('not_interested', 'Not interested', 3, '{"move_stage":"nurture","create_task":{"kind":"nurture","title":"Nurture check-in","due_in_days":90}}', true, true, '4', '#ef4444'),
    ('some_interest',  'Some interest',  4, '{"move_stage":"interested","create_task":{"kind":"follow_up","title":"Follow up on interest","due_in_days":3}}', true, true, '5', '#8b5cf6'),
    ('meeting_set',    'Meeting set',    5, '{"move_stage":"meeting_set","create_task":{"kind":"follow_up","title":"Meeting","ask_due":true}}',  true,  true,  '6', '#10b981'),
    ('follow_up',      'Follow-up',      6, '{"move_stage":"follow_up","create_task":{"kind":"callback","title":"Callback","ask_due":true}}',    true,  true,  '7', '#f59e0b'),
    ('bad_number',     'Bad number',     7, '{"flag_bad_number":true}',                                                                        false, false, '8', '#78716c'),
    ('do_not_call',    'Do not call',    8, '{"flag_dnc":true,"move_stage":"lost"}',                                                          true,  false, '9', '#b91c1c'),
    ('sold',           'Sold',           9, '{"move_stage":"won","open_sale_form":true}',                                                     true,  true,  '0', '#22c55e')
  ) AS d(key, label, position, effects, connect, dm, hotkey, color)
  ON CONFLICT (workspace_id, key) DO NOTHING
$fn$;

SELECT seed_default_dispositions(id) FROM workspaces;

-- ───────────── call sessions: one provider call, whatever its outcome ─────────────
-- Created when Call is clicked (status initiated); the provider's callbacks own status, timing
-- and duration. Never an attempt by itself (SPEC §1.1, §1.2).
CREATE TABLE call_sessions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  provider text NOT NULL,
  provider_call_id text,
  direction text NOT NULL CHECK (direction IN ('outbound', 'inbound')),
  from_number text NOT NULL CHECK (from_number ~ '^\+[1-9][0-9]{6,14}$'),
  to_number text NOT NULL CHECK (to_number ~ '^\+[1-9][0-9]{6,14}$'),
  status text NOT NULL DEFAULT 'initiated'
    CHECK (status IN ('initiated', 'ringing', 'in_progress', 'completed', 'busy', 'no_answer', 'failed', 'canceled')),
  -- [{ status, at, source }] in arrival order; webhooks may arrive out of order and twice
  status_history jsonb NOT NULL DEFAULT '[]'::jsonb,
  amd_result text CHECK (amd_result IN ('human', 'machine_start', 'machine_end_beep', 'machine_end_silence', 'machine_end_other', 'fax', 'unknown')),
  started_at timestamptz NOT NULL DEFAULT now(),
  answered_at timestamptz,
  ended_at timestamptz,
  provider_duration_seconds int CHECK (provider_duration_seconds >= 0),
  recording_url text,
  recording_status text CHECK (recording_status IN ('in_progress', 'completed', 'absent', 'failed')),
  -- [{ speaker: 'rep'|'prospect'|'unknown', start, end (seconds from answer), text }]
  transcript jsonb,
  lead_id uuid REFERENCES leads(id) ON DELETE SET NULL,
  contact_id uuid REFERENCES contacts(id) ON DELETE SET NULL,
  user_id uuid REFERENCES users(id) ON DELETE SET NULL,
  dial_session_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- webhook retries and duplicates find the same row (idempotent processing)
CREATE UNIQUE INDEX call_sessions_provider_call_idx ON call_sessions (workspace_id, provider_call_id) WHERE provider_call_id IS NOT NULL;
CREATE INDEX call_sessions_ws_started_idx ON call_sessions (workspace_id, started_at DESC);
CREATE INDEX call_sessions_lead_idx ON call_sessions (workspace_id, lead_id, started_at DESC) WHERE lead_id IS NOT NULL;
CREATE INDEX call_sessions_user_idx ON call_sessions (workspace_id, user_id, started_at DESC);
CREATE INDEX call_sessions_dial_session_idx ON call_sessions (workspace_id, dial_session_id) WHERE dial_session_id IS NOT NULL;
-- live line status: the few calls not yet finished
CREATE INDEX call_sessions_open_idx ON call_sessions (workspace_id, status) WHERE status IN ('initiated', 'ringing', 'in_progress');

-- ───────────── attempts: a logged, known outcome ─────────────
CREATE TABLE attempts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  -- at most one outcome per provider call; NULL for outcomes logged without a call (e.g. walk-in)
  call_session_id uuid UNIQUE REFERENCES call_sessions(id) ON DELETE SET NULL,
  lead_id uuid NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
  contact_id uuid REFERENCES contacts(id) ON DELETE SET NULL,
  user_id uuid REFERENCES users(id) ON DELETE SET NULL,
  disposition_key text NOT NULL,
  dm_reached boolean NOT NULL DEFAULT false,
  notes text NOT NULL DEFAULT '',
  objection_tags text[] NOT NULL DEFAULT '{}',
  not_interested_reason text,
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (workspace_id, disposition_key) REFERENCES dispositions (workspace_id, key) ON UPDATE CASCADE
);
CREATE INDEX attempts_lead_idx ON attempts (workspace_id, lead_id, created_at DESC);
CREATE INDEX attempts_ws_created_idx ON attempts (workspace_id, created_at DESC);
CREATE INDEX attempts_user_idx ON attempts (workspace_id, user_id, created_at DESC);
CREATE INDEX attempts_disposition_idx ON attempts (workspace_id, disposition_key, created_at DESC);
CREATE INDEX attempts_objections_idx ON attempts USING gin (objection_tags);

-- ───────────── in-app notifications (the notifier port's embedded default) ─────────────
CREATE TABLE notifications (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind text NOT NULL,
  severity text NOT NULL DEFAULT 'info' CHECK (severity IN ('info', 'warning', 'critical')),
  title text NOT NULL,
  body text NOT NULL DEFAULT '',
  link text,
  ref_type text,
  ref_id uuid,
  -- the same alert raised twice (a retried job) notifies once
  dedupe_key text,
  created_at timestamptz NOT NULL DEFAULT now(),
  read_at timestamptz
);
CREATE INDEX notifications_user_idx ON notifications (workspace_id, user_id, created_at DESC, id);
CREATE INDEX notifications_unread_idx ON notifications (workspace_id, user_id) WHERE read_at IS NULL;
CREATE UNIQUE INDEX notifications_dedupe_idx ON notifications (workspace_id, user_id, dedupe_key) WHERE dedupe_key IS NOT NULL;

-- ───────────── provider health, shared by every API and worker process ─────────────
CREATE TABLE provider_health (
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  capability text NOT NULL,
  adapter text NOT NULL,
  last_success_at timestamptz,
  last_error_at timestamptz,
  last_error text,
  PRIMARY KEY (workspace_id, capability, adapter)
);

-- ───────────── row-level security on every tenant table (as in 0001) ─────────────
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['dispositions','call_sessions','attempts','notifications','provider_health']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format($p$CREATE POLICY tenant_isolation ON %I USING (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid) WITH CHECK (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid)$p$, t);
  END LOOP;
END $$;
