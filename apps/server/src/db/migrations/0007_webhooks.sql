-- Provider webhooks: every verified delivery is stored raw before it is processed (SPEC §1.8),
-- once per distinct payload; refused deliveries are logged without a workspace.
-- Runs on PGlite and PostgreSQL.

CREATE TABLE webhook_events (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  -- who signed it: 'twilio', 'sandbox' (signs like Twilio) or 'openphone'
  provider text NOT NULL CHECK (provider IN ('twilio', 'sandbox', 'openphone')),
  -- call.status, call.recording, call.transcription, call.completed, call.recording.completed …
  kind text NOT NULL,
  provider_call_id text,
  -- our call session id when the callback URL carried it (?cs=), then the session it was applied to
  call_session_id uuid REFERENCES call_sessions(id) ON DELETE SET NULL,
  -- sha256 of the verified payload (Twilio: URL + sorted params; OpenPhone: its event id): an
  -- exact replay is stored once
  dedupe_key text NOT NULL,
  raw jsonb NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  processed_at timestamptz,
  attempts int NOT NULL DEFAULT 0,
  error text,
  UNIQUE (workspace_id, dedupe_key)
);
-- the processor's queue: oldest unprocessed first, across workspaces
CREATE INDEX webhook_events_pending_idx ON webhook_events (received_at) WHERE processed_at IS NULL;
-- every event of one call, to fold them into the call session in any order
CREATE INDEX webhook_events_call_idx ON webhook_events (workspace_id, provider_call_id) WHERE provider_call_id IS NOT NULL;
CREATE INDEX webhook_events_session_idx ON webhook_events (call_session_id) WHERE call_session_id IS NOT NULL;

-- Wakes the processor (LISTEN flywheel_webhooks) when rows land; delivered on commit, one per
-- statement, so a batched insert of 200 deliveries wakes it once.
CREATE FUNCTION webhook_events_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('flywheel_webhooks', '');
  RETURN NULL;
END $$;
CREATE TRIGGER webhook_events_notify AFTER INSERT ON webhook_events FOR EACH STATEMENT EXECUTE FUNCTION webhook_events_notify();

-- Refused deliveries (bad or missing signature, unknown account): no workspace is known, so this
-- is platform data. RLS on with no policy: tenant transactions (flywheel_app) see none of it.
CREATE TABLE webhook_rejections (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  provider text NOT NULL,
  route text NOT NULL,
  reason text NOT NULL,
  -- the account the request claimed (AccountSid), never a secret or a signature
  claimed_account text,
  remote_addr text,
  body_bytes int NOT NULL DEFAULT 0,
  received_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhook_rejections_received_idx ON webhook_rejections (received_at DESC);
ALTER TABLE webhook_rejections ENABLE ROW LEVEL SECURITY;

-- 'pending': the rep asked for a recording, the call was answered, the provider has not delivered it yet
ALTER TABLE call_sessions DROP CONSTRAINT call_sessions_recording_status_check;
ALTER TABLE call_sessions ADD CONSTRAINT call_sessions_recording_status_check
  CHECK (recording_status IN ('pending', 'in_progress', 'completed', 'absent', 'failed'));
-- unmatched calls (no lead yet) are listed for manual linking
CREATE INDEX call_sessions_unmatched_idx ON call_sessions (workspace_id, started_at DESC) WHERE lead_id IS NULL;
-- tel: calls waiting for their OpenPhone record, matched by number and time
CREATE INDEX call_sessions_tel_open_idx ON call_sessions (workspace_id, to_number, started_at) WHERE provider = 'openphone' AND provider_call_id IS NULL;

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['webhook_events']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format($p$CREATE POLICY tenant_isolation ON %I USING (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid) WITH CHECK (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid)$p$, t);
  END LOOP;
END $$;
