-- Call scripts (talk tracks with {FirstName}-style variables, one default per dial mode) and
-- voicemail-drop templates (recorded in the browser, played to the provider by URL).
-- Runs on PGlite and PostgreSQL.

CREATE TABLE call_scripts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  -- opening / discovery / objection / voicemail / closing / other, or the team's own word
  category text NOT NULL DEFAULT 'other' CHECK (length(category) BETWEEN 1 AND 40),
  body text NOT NULL CHECK (length(body) <= 20000),
  -- the dial modes (new, followups, …, power) that open with this script; at most one script per
  -- mode and workspace (kept by the service in one transaction)
  default_for_modes text[] NOT NULL DEFAULT '{}',
  active boolean NOT NULL DEFAULT true,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX call_scripts_ws_idx ON call_scripts (workspace_id, category, name);

CREATE TABLE voicemail_templates (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  duration_ms int NOT NULL CHECK (duration_ms > 0 AND duration_ms <= 90000),
  mime_type text NOT NULL CHECK (mime_type IN ('audio/webm', 'audio/ogg', 'audio/wav', 'audio/mpeg')),
  size_bytes int NOT NULL CHECK (size_bytes > 0 AND size_bytes <= 5242880),
  -- path of the audio under the data dir
  storage_key text NOT NULL,
  -- the credential of the public playback URL the provider fetches (/voicemail/:token); kept in
  -- clear because every machine-answered call needs the URL again
  public_token text NOT NULL UNIQUE,
  is_default boolean NOT NULL DEFAULT false,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX voicemail_templates_ws_idx ON voicemail_templates (workspace_id, created_at);
-- one default per workspace
CREATE UNIQUE INDEX voicemail_templates_default_idx ON voicemail_templates (workspace_id) WHERE is_default;

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['call_scripts','voicemail_templates']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format($p$CREATE POLICY tenant_isolation ON %I USING (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid) WITH CHECK (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid)$p$, t);
  END LOOP;
END $$;
