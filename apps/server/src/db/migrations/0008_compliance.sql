-- Compliance gate (SPEC §6): every enforcement decision with its reason, SMS opt-outs, and the
-- index the per-number call counts (state caps, minimum gap) read.
-- Runs on PGlite and PostgreSQL.

-- Every decision of the gate, allowed or not: what was asked, the answer and why. Refusals are
-- committed even though the call they refused never happens.
CREATE TABLE compliance_decisions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  lead_id uuid REFERENCES leads(id) ON DELETE SET NULL,
  phone text,
  kind text NOT NULL CHECK (kind IN ('call', 'sms')),
  -- who asked: the Dialer placing a call, or a member asking "can I call now?"
  source text NOT NULL CHECK (source IN ('dial', 'check', 'sms', 'engine')),
  allowed boolean NOT NULL,
  -- null when allowed
  code text CHECK (code IN ('dnc', 'bad_number', 'outside_calling_hours', 'state_daily_cap', 'min_gap', 'sms_not_registered', 'sms_opted_out', 'no_phone')),
  reason text NOT NULL,
  -- when it becomes allowed, for time-based refusals
  next_allowed_at timestamptz,
  -- the facts the decision used: zones and local times, states and rules, counts
  details jsonb NOT NULL DEFAULT '{}'::jsonb,
  user_id uuid REFERENCES users(id) ON DELETE SET NULL,
  decided_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX compliance_decisions_ws_idx ON compliance_decisions (workspace_id, decided_at DESC);
CREATE INDEX compliance_decisions_lead_idx ON compliance_decisions (workspace_id, lead_id, decided_at DESC) WHERE lead_id IS NOT NULL;

-- A number that texted STOP (or another opt-out word): no SMS to it from any sequence or campaign.
CREATE TABLE sms_opt_outs (
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  phone text NOT NULL CHECK (phone ~ '^\+[1-9][0-9]{6,14}$'),
  keyword text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, phone)
);

-- calls to a number in the last 24 h (state caps) and the last call to it (minimum gap)
CREATE INDEX call_sessions_to_idx ON call_sessions (workspace_id, to_number, started_at DESC) WHERE direction = 'outbound';

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['compliance_decisions','sms_opt_outs']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format($p$CREATE POLICY tenant_isolation ON %I USING (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid) WITH CHECK (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid)$p$, t);
  END LOOP;
END $$;
