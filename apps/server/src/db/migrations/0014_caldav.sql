-- CalDAV calendar sync and callback reminders (issue 4, F13).
--
-- A member connects one CalDAV calendar; each of their open callbacks/follow-ups with a due time
-- becomes one event there. The desired state is always the tasks table: a sync job reconciles the
-- calendar with it, so the task API only marks the connection "sync requested" and never waits
-- for the CalDAV server.
CREATE TABLE caldav_connections (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  server_url text NOT NULL,
  username text NOT NULL,
  -- AES-GCM sealed (platform/secrets); never leaves the server
  password_sealed text NOT NULL,
  principal_url text,
  calendar_url text NOT NULL,
  calendar_name text NOT NULL DEFAULT '',
  enabled boolean NOT NULL DEFAULT true,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'ok', 'error')),
  last_error text,
  failures int NOT NULL DEFAULT 0,
  last_sync_at timestamptz,
  last_success_at timestamptz,
  -- bumped in the same transaction as any change to the member's tasks; a sync that started
  -- before it has work left over
  sync_requested_at timestamptz NOT NULL DEFAULT now(),
  sync_started_at timestamptz,
  full_resync_requested boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (workspace_id, user_id)
);
CREATE INDEX caldav_connections_due_idx ON caldav_connections (workspace_id) WHERE enabled;

-- One calendar object per synced task: where it lives and the version we wrote.
CREATE TABLE caldav_events (
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  connection_id uuid NOT NULL REFERENCES caldav_connections(id) ON DELETE CASCADE,
  -- no foreign key: a deleted task's event must still be deleted from the calendar
  task_id uuid NOT NULL,
  href text NOT NULL,
  etag text,
  content_hash text NOT NULL,
  synced_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (connection_id, task_id)
);

-- A member's reminder lead time before a callback/follow-up is due (no row = 10 minutes; 0 = off).
CREATE TABLE callback_reminder_settings (
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  minutes_before int NOT NULL CHECK (minutes_before BETWEEN 0 AND 1440),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, user_id)
);

-- Reminders sent: one per task per due time, so a rescheduled task reminds again for its new time.
CREATE TABLE callback_reminders (
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  task_id uuid NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
  due_at timestamptz NOT NULL,
  user_id uuid NOT NULL,
  sent_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (task_id, due_at)
);
CREATE INDEX callback_reminders_ws_idx ON callback_reminders (workspace_id, sent_at);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['caldav_connections', 'caldav_events', 'callback_reminder_settings', 'callback_reminders']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format($p$CREATE POLICY tenant_isolation ON %I USING (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid) WITH CHECK (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid)$p$, t);
  END LOOP;
END $$;
