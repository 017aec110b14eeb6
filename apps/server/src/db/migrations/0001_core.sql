-- Flywheel core schema: identity, workspaces, leads workspace. Runs on PGlite and PostgreSQL.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- ───────────── identity (instance-level; not tenant tables) ─────────────
CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email text NOT NULL,
  name text NOT NULL DEFAULT '',
  password_hash text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));

CREATE TABLE workspaces (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  default_country text NOT NULL DEFAULT 'US',
  timezone text NOT NULL DEFAULT 'America/New_York',
  settings jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE memberships (
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role text NOT NULL CHECK (role IN ('owner', 'admin', 'manager', 'rep')),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, user_id)
);
CREATE INDEX memberships_user_idx ON memberships (user_id);

CREATE TABLE sessions (
  token_hash text PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  workspace_id uuid REFERENCES workspaces(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

CREATE TABLE password_resets (
  token_hash text PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);

CREATE TABLE api_keys (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  name text NOT NULL,
  prefix text NOT NULL,
  key_hash text NOT NULL UNIQUE,
  role text NOT NULL DEFAULT 'admin' CHECK (role IN ('owner', 'admin', 'manager', 'rep')),
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);
CREATE INDEX api_keys_ws_idx ON api_keys (workspace_id);

CREATE TABLE invitations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  email text NOT NULL,
  role text NOT NULL CHECK (role IN ('admin', 'manager', 'rep')),
  token_hash text NOT NULL UNIQUE,
  invited_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  accepted_at timestamptz,
  revoked_at timestamptz
);
CREATE INDEX invitations_ws_idx ON invitations (workspace_id);

-- Captured outgoing mail (the sandbox email adapter writes here; the SMTP adapter keeps a copy).
CREATE TABLE mail_messages (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid REFERENCES workspaces(id) ON DELETE CASCADE,
  to_address text NOT NULL,
  from_address text NOT NULL,
  subject text NOT NULL,
  text_body text NOT NULL DEFAULT '',
  html_body text,
  transport text NOT NULL,
  provider_message_id text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX mail_messages_to_idx ON mail_messages (lower(to_address), created_at DESC);
CREATE INDEX mail_messages_ws_idx ON mail_messages (workspace_id, created_at DESC);

-- ───────────── tenant tables (row-level security below) ─────────────
CREATE TABLE pipeline_stages (
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  key text NOT NULL,
  label text NOT NULL,
  position int NOT NULL,
  kind text NOT NULL DEFAULT 'open' CHECK (kind IN ('open', 'won', 'lost')),
  color text,
  PRIMARY KEY (workspace_id, key)
);

CREATE TABLE leads (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  name text NOT NULL,
  stage text NOT NULL,
  owner_id uuid REFERENCES users(id) ON DELETE SET NULL,
  source text,
  segment text,
  lead_type text,
  tags text[] NOT NULL DEFAULT '{}',
  value numeric(14, 2),
  custom_fields jsonb NOT NULL DEFAULT '{}'::jsonb,
  facts text NOT NULL DEFAULT '',
  questions text NOT NULL DEFAULT '',
  objective text NOT NULL DEFAULT '',
  website text,
  address text,
  city text,
  region text,
  postal_code text,
  country text,
  timezone text,
  -- denormalized from the primary contact for fast list/search/dedupe
  primary_email text,
  primary_phone text,
  last_touched_at timestamptz,
  next_task_at timestamptz,
  next_task_title text,
  open_task_count int NOT NULL DEFAULT 0,
  import_id uuid,
  external_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  FOREIGN KEY (workspace_id, stage) REFERENCES pipeline_stages (workspace_id, key) ON UPDATE CASCADE
);
CREATE INDEX leads_ws_created_idx ON leads (workspace_id, created_at DESC, id) WHERE deleted_at IS NULL;
CREATE INDEX leads_ws_stage_idx ON leads (workspace_id, stage, created_at DESC) WHERE deleted_at IS NULL;
CREATE INDEX leads_ws_owner_idx ON leads (workspace_id, owner_id) WHERE deleted_at IS NULL;
CREATE INDEX leads_ws_touched_idx ON leads (workspace_id, last_touched_at DESC NULLS LAST) WHERE deleted_at IS NULL;
CREATE INDEX leads_ws_next_task_idx ON leads (workspace_id, next_task_at) WHERE deleted_at IS NULL;
CREATE INDEX leads_ws_name_idx ON leads (workspace_id, lower(name)) WHERE deleted_at IS NULL;
CREATE INDEX leads_tags_idx ON leads USING gin (tags);
CREATE INDEX leads_search_trgm_idx ON leads USING gin ((lower(name || ' ' || coalesce(primary_email, '') || ' ' || coalesce(primary_phone, '') || ' ' || coalesce(city, ''))) gin_trgm_ops);
CREATE INDEX leads_ws_email_idx ON leads (workspace_id, primary_email) WHERE primary_email IS NOT NULL;
CREATE INDEX leads_ws_phone_idx ON leads (workspace_id, primary_phone) WHERE primary_phone IS NOT NULL;

CREATE TABLE contacts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  lead_id uuid NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
  first_name text NOT NULL DEFAULT '',
  last_name text NOT NULL DEFAULT '',
  title text,
  emails text[] NOT NULL DEFAULT '{}',
  phones text[] NOT NULL DEFAULT '{}',
  is_primary boolean NOT NULL DEFAULT false,
  is_decision_maker boolean NOT NULL DEFAULT false,
  notes text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX contacts_lead_idx ON contacts (lead_id);
CREATE UNIQUE INDEX contacts_one_primary_idx ON contacts (lead_id) WHERE is_primary;
CREATE INDEX contacts_emails_idx ON contacts USING gin (emails);
CREATE INDEX contacts_phones_idx ON contacts USING gin (phones);
CREATE INDEX contacts_ws_idx ON contacts (workspace_id);

-- Append-only unified timeline: every mutation writes one row in the same transaction.
CREATE TABLE activities (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  lead_id uuid REFERENCES leads(id) ON DELETE CASCADE,
  contact_id uuid,
  actor_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
  actor_label text NOT NULL DEFAULT '',
  kind text NOT NULL,
  summary text NOT NULL,
  before jsonb,
  after jsonb,
  ref_type text,
  ref_id uuid,
  occurred_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX activities_lead_idx ON activities (workspace_id, lead_id, occurred_at DESC);
CREATE INDEX activities_ws_idx ON activities (workspace_id, occurred_at DESC);

CREATE TABLE tasks (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  lead_id uuid REFERENCES leads(id) ON DELETE CASCADE,
  contact_id uuid REFERENCES contacts(id) ON DELETE SET NULL,
  owner_id uuid REFERENCES users(id) ON DELETE SET NULL,
  kind text NOT NULL DEFAULT 'follow_up' CHECK (kind IN ('follow_up', 'callback', 'nurture', 'other')),
  title text NOT NULL,
  notes text NOT NULL DEFAULT '',
  due_at timestamptz,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'cancelled')),
  completed_at timestamptz,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX tasks_lead_idx ON tasks (workspace_id, lead_id, status, due_at);
CREATE INDEX tasks_owner_due_idx ON tasks (workspace_id, owner_id, status, due_at);

CREATE TABLE saved_views (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  user_id uuid REFERENCES users(id) ON DELETE CASCADE, -- NULL = shared with the workspace
  entity text NOT NULL DEFAULT 'leads',
  name text NOT NULL,
  filters jsonb NOT NULL DEFAULT '{}'::jsonb,
  sort jsonb NOT NULL DEFAULT '{}'::jsonb,
  columns jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX saved_views_ws_idx ON saved_views (workspace_id, entity);

CREATE TABLE import_mappings (
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  source text NOT NULL,
  mapping jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, source)
);

CREATE TABLE imports (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  user_id uuid REFERENCES users(id) ON DELETE SET NULL,
  filename text NOT NULL,
  source text NOT NULL DEFAULT 'generic',
  status text NOT NULL DEFAULT 'uploaded' CHECK (status IN ('uploaded', 'queued', 'running', 'done', 'failed')),
  mapping jsonb,
  options jsonb NOT NULL DEFAULT '{}'::jsonb,
  file_path text,
  total_rows int NOT NULL DEFAULT 0,
  processed_rows int NOT NULL DEFAULT 0,
  imported int NOT NULL DEFAULT 0,
  updated int NOT NULL DEFAULT 0,
  skipped int NOT NULL DEFAULT 0,
  rejected int NOT NULL DEFAULT 0,
  report_path text,
  error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  finished_at timestamptz
);
CREATE INDEX imports_ws_idx ON imports (workspace_id, created_at DESC);

-- ───────────── row-level security on every tenant table ─────────────
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['pipeline_stages','leads','contacts','activities','tasks','saved_views','import_mappings','imports','api_keys','invitations','mail_messages']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format($p$CREATE POLICY tenant_isolation ON %I USING (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid) WITH CHECK (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid)$p$, t);
  END LOOP;
END $$;
