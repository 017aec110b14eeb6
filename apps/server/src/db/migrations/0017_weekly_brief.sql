-- Weekly brief (SPEC §3.11): one stored brief per workspace and week, and the notification channels
-- (email, Telegram bot, outgoing webhook) a workspace delivers it through, besides the in-app
-- notification center. Runs on PGlite and PostgreSQL.

CREATE TABLE notification_channels (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('email', 'telegram', 'webhook')),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
  -- email: { recipients: [..] } · telegram: { chatId, apiBase? } · webhook: { url }
  config jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- the Telegram bot token or the webhook signing secret, encrypted; never returned
  secret_enc text,
  -- what it receives: weekly_brief, alerts …
  subscriptions text[] NOT NULL DEFAULT '{weekly_brief}',
  enabled boolean NOT NULL DEFAULT true,
  last_success_at timestamptz,
  last_error text,
  last_error_at timestamptz,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notification_channels_ws_idx ON notification_channels (workspace_id, kind);

CREATE TABLE weekly_briefs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  -- the Monday the brief covers (workspace time zone), and its zone
  week_start date NOT NULL,
  timezone text NOT NULL,
  -- { headline: [...figures with previous week, delta, link], numbers, leadTypes, windows, changes, rules }
  content jsonb NOT NULL,
  -- [{ channel, channelId?, status: 'sent'|'failed', at, error? }]
  deliveries jsonb NOT NULL DEFAULT '[]'::jsonb,
  trigger text NOT NULL DEFAULT 'schedule' CHECK (trigger IN ('schedule', 'manual')),
  generated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (workspace_id, week_start)
);
CREATE INDEX weekly_briefs_ws_idx ON weekly_briefs (workspace_id, week_start DESC);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['notification_channels','weekly_briefs']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format($p$CREATE POLICY tenant_isolation ON %I USING (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid) WITH CHECK (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid)$p$, t);
  END LOOP;
END $$;
