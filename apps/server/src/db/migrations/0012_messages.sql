-- Messages on every channel (SMS now; email, WhatsApp, Messenger, Instagram, Telegram later: the
-- unified inbox reads this table), one thread per counterpart address, SMS templates and the
-- workspace's messaging settings (help text, auto-SMS). The opt-out list stays sms_opt_outs (0008).
-- Runs on PGlite and PostgreSQL.

-- One conversation per (workspace, channel, counterpart address): the lead/contact it belongs to
-- when known, the last message and the unread count (inbound messages nobody has read).
CREATE TABLE message_threads (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  channel text NOT NULL CHECK (channel IN ('sms', 'mms', 'email', 'whatsapp', 'messenger', 'instagram', 'telegram', 'other')),
  -- the other party: an E.164 number, an email address, a platform user id
  address text NOT NULL CHECK (length(address) BETWEEN 1 AND 320),
  lead_id uuid REFERENCES leads(id) ON DELETE SET NULL,
  contact_id uuid REFERENCES contacts(id) ON DELETE SET NULL,
  last_message_at timestamptz,
  last_preview text,
  unread_count int NOT NULL DEFAULT 0 CHECK (unread_count >= 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (workspace_id, channel, address)
);
CREATE INDEX message_threads_recent_idx ON message_threads (workspace_id, last_message_at DESC NULLS LAST);
CREATE INDEX message_threads_lead_idx ON message_threads (workspace_id, lead_id) WHERE lead_id IS NOT NULL;

CREATE TABLE sms_templates (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  body text NOT NULL CHECK (length(body) BETWEEN 1 AND 1600),
  category text NOT NULL DEFAULT 'general' CHECK (length(category) BETWEEN 1 AND 40),
  active boolean NOT NULL DEFAULT true,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sms_templates_ws_idx ON sms_templates (workspace_id, active, name);

CREATE TABLE messages (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  thread_id uuid REFERENCES message_threads(id) ON DELETE SET NULL,
  lead_id uuid REFERENCES leads(id) ON DELETE SET NULL,
  contact_id uuid REFERENCES contacts(id) ON DELETE SET NULL,
  channel text NOT NULL CHECK (channel IN ('sms', 'mms', 'email', 'whatsapp', 'messenger', 'instagram', 'telegram', 'other')),
  direction text NOT NULL CHECK (direction IN ('in', 'out')),
  from_address text NOT NULL,
  to_address text NOT NULL,
  subject text,
  body text NOT NULL DEFAULT '',
  media_urls text[] NOT NULL DEFAULT '{}',
  status text NOT NULL CHECK (status IN ('queued', 'sending', 'sent', 'delivered', 'undelivered', 'failed', 'received', 'read')),
  -- sandbox / twilio / smtp / …, and its id for the message (idempotent webhooks)
  provider text,
  provider_message_id text,
  error_code text,
  error_message text,
  segments int,
  template_id uuid REFERENCES sms_templates(id) ON DELETE SET NULL,
  -- why the system (not a person) sent or answered: auto_exhausted, auto_missed_call,
  -- opt_out_confirmation, opt_in_confirmation, help_reply …; null for a person's message
  automation text CHECK (automation IS NULL OR automation ~ '^[a-z_]{1,40}$'),
  -- the inbound message an automatic reply answers (one reply per inbound message)
  in_reply_to uuid REFERENCES messages(id) ON DELETE SET NULL,
  sent_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz,
  delivered_at timestamptz,
  status_updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX messages_provider_id_uq ON messages (provider, provider_message_id) WHERE provider_message_id IS NOT NULL;
CREATE UNIQUE INDEX messages_reply_uq ON messages (in_reply_to, automation) WHERE in_reply_to IS NOT NULL;
CREATE INDEX messages_lead_idx ON messages (workspace_id, lead_id, created_at) WHERE lead_id IS NOT NULL;
CREATE INDEX messages_contact_idx ON messages (workspace_id, contact_id, created_at) WHERE contact_id IS NOT NULL;
CREATE INDEX messages_thread_idx ON messages (workspace_id, thread_id, created_at);
-- "auto-SMS at most once per lead and reason within 24 h"
CREATE INDEX messages_automation_idx ON messages (workspace_id, lead_id, automation, created_at DESC) WHERE automation IS NOT NULL;

-- Workspace messaging settings: one row per workspace, created on first save.
CREATE TABLE messaging_settings (
  workspace_id uuid PRIMARY KEY REFERENCES workspaces(id) ON DELETE CASCADE,
  help_text text NOT NULL DEFAULT '' CHECK (length(help_text) <= 320),
  auto_exhausted_enabled boolean NOT NULL DEFAULT false,
  auto_exhausted_template_id uuid REFERENCES sms_templates(id) ON DELETE SET NULL,
  auto_missed_call_enabled boolean NOT NULL DEFAULT false,
  auto_missed_call_template_id uuid REFERENCES sms_templates(id) ON DELETE SET NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['message_threads','sms_templates','messages','messaging_settings']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format($p$CREATE POLICY tenant_isolation ON %I USING (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid) WITH CHECK (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid)$p$, t);
  END LOOP;
END $$;
