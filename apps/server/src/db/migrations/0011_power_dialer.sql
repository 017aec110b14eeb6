-- Power dialer (issue 4): a dial session of kind 'power' is a campaign. Its queue is the session's
-- snapshot (dial_session_items); the server places calls on lines, the provider's webhooks advance
-- it, and all of its state lives here so any process can pick it up (docs/decisions/0015).

ALTER TABLE dial_sessions
  ADD COLUMN kind text NOT NULL DEFAULT 'preview' CHECK (kind IN ('preview', 'power')),
  -- PowerConfig (lines per rep, pacing, redial, voicemail, caller id, auto-SMS, script)
  ADD COLUMN power_config jsonb,
  -- several reps' lines pool over one queue
  ADD COLUMN shared boolean NOT NULL DEFAULT false,
  ADD COLUMN name text,
  -- 'running' | 'paused' while active; the pacer's fractional dial level and why
  ADD COLUMN power_state text CHECK (power_state IN ('running', 'paused')),
  ADD COLUMN dial_level real,
  ADD COLUMN pacing_reason text,
  -- which process drives the timers of this campaign, until when (renewed while alive)
  ADD COLUMN lease_owner text,
  ADD COLUMN lease_until timestamptz,
  -- the next moment something is due without a webhook (redial delay, AMD timeout, safety poll)
  ADD COLUMN wake_at timestamptz;
CREATE INDEX dial_sessions_power_running_idx ON dial_sessions (wake_at) WHERE kind = 'power' AND status = 'active';

ALTER TABLE dial_session_items
  -- the auto-redial state machine: queued → dialing → (redial | done | exhausted | dead)
  ADD COLUMN power_state text CHECK (power_state IN ('queued', 'dialing', 'redial', 'done', 'exhausted', 'dead', 'blocked')),
  ADD COLUMN power_attempts int NOT NULL DEFAULT 0,
  ADD COLUMN ready_at timestamptz,
  -- redials to the front sort before fresh items; 'end' redials go after everything queued
  ADD COLUMN power_order double precision,
  ADD COLUMN last_outcome text;
CREATE INDEX dial_session_items_power_idx ON dial_session_items (dial_session_id, power_state, power_order) WHERE power_state IN ('queued', 'redial');

-- one row per call the engine placed: the line's state beside the provider's call record
CREATE TABLE power_lines (
  call_session_id uuid PRIMARY KEY REFERENCES call_sessions(id) ON DELETE CASCADE,
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  dial_session_id uuid NOT NULL REFERENCES dial_sessions(id) ON DELETE CASCADE,
  item_id uuid NOT NULL REFERENCES dial_session_items(id) ON DELETE CASCADE,
  -- the rep whose line placed it (lone rep) or who was bridged (shared campaign)
  user_id uuid REFERENCES users(id) ON DELETE SET NULL,
  state text NOT NULL DEFAULT 'dialing'
    CHECK (state IN ('dialing', 'ringing', 'amd', 'bridged', 'voicemail', 'safe_harbor', 'ended')),
  outcome text CHECK (outcome IN ('bridged', 'abandoned', 'machine', 'voicemail_dropped', 'no_answer', 'busy', 'failed', 'bad_number', 'canceled_before_answer', 'amd_unknown')),
  attempt_no int NOT NULL,
  placed_at timestamptz NOT NULL DEFAULT now(),
  answered_at timestamptz,
  decided_at timestamptz,
  ended_at timestamptz,
  -- true once a human answered (bridged or abandoned): the denominator of the abandonment rate
  live_answered boolean NOT NULL DEFAULT false
);
CREATE INDEX power_lines_open_idx ON power_lines (dial_session_id) WHERE state <> 'ended';
CREATE INDEX power_lines_answered_idx ON power_lines (workspace_id, dial_session_id, answered_at) WHERE live_answered;

-- reps taking calls from a campaign and what each is doing now
CREATE TABLE power_reps (
  dial_session_id uuid NOT NULL REFERENCES dial_sessions(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  state text NOT NULL DEFAULT 'available' CHECK (state IN ('available', 'talking', 'wrap_up', 'paused', 'left')),
  state_since timestamptz NOT NULL DEFAULT now(),
  -- the bridged call (talking) or the one to disposition (wrap_up)
  call_session_id uuid REFERENCES call_sessions(id) ON DELETE SET NULL,
  joined_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (dial_session_id, user_id)
);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['power_lines','power_reps']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format($p$CREATE POLICY tenant_isolation ON %I USING (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid) WITH CHECK (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid)$p$, t);
  END LOOP;
END $$;
