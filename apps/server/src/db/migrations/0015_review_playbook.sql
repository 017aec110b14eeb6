-- Review → Playbook → Dialer: call reviews (quick and deep), playbook rules that cannot exist
-- without evidence, their edit history and use, experiments and their per-call assignments, and
-- cached AI suggestions for a call. Runs on PGlite and PostgreSQL.

-- ───────────── call reviews ─────────────
-- One review per call and author: the quick fields (tags, one-line market insight) and the deep
-- fields (rubric 1–5, notes) live on the same row; `scored` says the rubric is complete.
CREATE TABLE call_reviews (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  call_session_id uuid NOT NULL REFERENCES call_sessions(id) ON DELETE CASCADE,
  attempt_id uuid REFERENCES attempts(id) ON DELETE SET NULL,
  -- the lead at the time of the call (timeline, filters)
  lead_id uuid REFERENCES leads(id) ON DELETE SET NULL,
  author_id uuid REFERENCES users(id) ON DELETE SET NULL,
  -- the last flow that saved it
  review_type text NOT NULL DEFAULT 'quick' CHECK (review_type IN ('quick', 'deep')),
  tags text[] NOT NULL DEFAULT '{}',
  market_insight text NOT NULL DEFAULT '' CHECK (length(market_insight) <= 500),
  score_opening int CHECK (score_opening BETWEEN 1 AND 5),
  score_discovery int CHECK (score_discovery BETWEEN 1 AND 5),
  score_control int CHECK (score_control BETWEEN 1 AND 5),
  score_objections int CHECK (score_objections BETWEEN 1 AND 5),
  score_close int CHECK (score_close BETWEEN 1 AND 5),
  score_next_step int CHECK (score_next_step BETWEEN 1 AND 5),
  -- computed by the database (SPEC §3.4; crm-war-plan call_reviews)
  total_score int GENERATED ALWAYS AS (
    coalesce(score_opening, 0) + coalesce(score_discovery, 0) + coalesce(score_control, 0) +
    coalesce(score_objections, 0) + coalesce(score_close, 0) + coalesce(score_next_step, 0)
  ) STORED,
  scored boolean GENERATED ALWAYS AS (
    score_opening IS NOT NULL AND score_discovery IS NOT NULL AND score_control IS NOT NULL AND
    score_objections IS NOT NULL AND score_close IS NOT NULL AND score_next_step IS NOT NULL
  ) STORED,
  what_worked text NOT NULL DEFAULT '' CHECK (length(what_worked) <= 4000),
  what_failed text NOT NULL DEFAULT '' CHECK (length(what_failed) <= 4000),
  coaching_notes text NOT NULL DEFAULT '' CHECK (length(coaching_notes) <= 4000),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid REFERENCES users(id) ON DELETE SET NULL
);
CREATE UNIQUE INDEX call_reviews_call_author_idx ON call_reviews (workspace_id, call_session_id, author_id);
CREATE INDEX call_reviews_ws_updated_idx ON call_reviews (workspace_id, updated_at DESC);
CREATE INDEX call_reviews_top_idx ON call_reviews (workspace_id, total_score DESC) WHERE scored;
CREATE INDEX call_reviews_lead_idx ON call_reviews (workspace_id, lead_id) WHERE lead_id IS NOT NULL;
CREATE INDEX call_reviews_tags_idx ON call_reviews USING gin (tags);

-- ───────────── playbook ─────────────
CREATE TABLE playbook_rules (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  kind text NOT NULL DEFAULT 'rule' CHECK (kind IN ('rule', 'stop_signal', 'drill', 'objection_handler')),
  -- opening / discovery / objections / closing / pricing …, or the team's own word
  category text NOT NULL DEFAULT 'general' CHECK (length(category) BETWEEN 1 AND 40),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  body text NOT NULL DEFAULT '' CHECK (length(body) <= 8000),
  -- targeting: empty = every lead; a lead matches when each non-empty list contains its value
  -- (tags: any of them)
  segments text[] NOT NULL DEFAULT '{}',
  stages text[] NOT NULL DEFAULT '{}',
  tags text[] NOT NULL DEFAULT '{}',
  -- for objection handlers: the objection tag it answers
  objection_tag text,
  priority int NOT NULL DEFAULT 0,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'archived')),
  source text NOT NULL DEFAULT 'manual' CHECK (source IN ('manual', 'review', 'experiment')),
  source_review_id uuid REFERENCES call_reviews(id) ON DELETE SET NULL,
  source_experiment_id uuid,
  version int NOT NULL DEFAULT 1,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  updated_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX playbook_rules_ws_idx ON playbook_rules (workspace_id, status, kind, priority DESC);

-- Evidence: a moment of a call (snippet + timestamps), a message, or a saved metric.
CREATE TABLE playbook_evidence (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  rule_id uuid NOT NULL REFERENCES playbook_rules(id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('call', 'message', 'metric')),
  call_session_id uuid REFERENCES call_sessions(id) ON DELETE RESTRICT,
  attempt_id uuid REFERENCES attempts(id) ON DELETE SET NULL,
  snippet_text text CHECK (length(snippet_text) <= 2000),
  timestamp_start numeric CHECK (timestamp_start >= 0),
  timestamp_end numeric,
  message_id uuid REFERENCES messages(id) ON DELETE RESTRICT,
  -- { name, value, period, link } for a saved metric
  metric jsonb,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (
    (kind = 'call' AND call_session_id IS NOT NULL AND length(coalesce(snippet_text, '')) > 0
       AND timestamp_start IS NOT NULL AND timestamp_end IS NOT NULL AND timestamp_end >= timestamp_start)
    OR (kind = 'message' AND message_id IS NOT NULL)
    OR (kind = 'metric' AND metric IS NOT NULL AND metric ? 'name' AND metric ? 'value')
  )
);
CREATE INDEX playbook_evidence_rule_idx ON playbook_evidence (workspace_id, rule_id);
CREATE INDEX playbook_evidence_call_idx ON playbook_evidence (workspace_id, call_session_id) WHERE call_session_id IS NOT NULL;

-- The database refuses a rule without evidence (invariant 5): checked at commit, so a rule and its
-- first evidence are written in one transaction; removing a rule's last evidence is refused too.
CREATE FUNCTION playbook_rule_needs_evidence() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE rid uuid;
BEGIN
  IF TG_TABLE_NAME = 'playbook_rules' THEN rid := NEW.id; ELSE rid := OLD.rule_id; END IF;
  IF EXISTS (SELECT 1 FROM playbook_rules WHERE id = rid)
     AND NOT EXISTS (SELECT 1 FROM playbook_evidence WHERE rule_id = rid) THEN
    RAISE EXCEPTION 'A playbook rule needs at least one piece of evidence (a call moment, a message or a metric).'
      USING ERRCODE = '23514', CONSTRAINT = 'playbook_rule_needs_evidence';
  END IF;
  RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER playbook_rule_needs_evidence_ins AFTER INSERT ON playbook_rules
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION playbook_rule_needs_evidence();
CREATE CONSTRAINT TRIGGER playbook_rule_needs_evidence_del AFTER DELETE OR UPDATE OF rule_id ON playbook_evidence
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION playbook_rule_needs_evidence();

-- Edit history: the rule as it was after each change (version 1 = created).
CREATE TABLE playbook_rule_versions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  rule_id uuid NOT NULL REFERENCES playbook_rules(id) ON DELETE CASCADE,
  version int NOT NULL,
  snapshot jsonb NOT NULL,
  change_note text NOT NULL DEFAULT '',
  edited_by uuid REFERENCES users(id) ON DELETE SET NULL,
  edited_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (rule_id, version)
);

-- A rule shown in call prep for a call (top rules used, weekly brief).
CREATE TABLE playbook_rule_uses (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  rule_id uuid NOT NULL REFERENCES playbook_rules(id) ON DELETE CASCADE,
  user_id uuid REFERENCES users(id) ON DELETE SET NULL,
  lead_id uuid REFERENCES leads(id) ON DELETE SET NULL,
  call_session_id uuid REFERENCES call_sessions(id) ON DELETE SET NULL,
  -- shown in call prep, or opened (evidence played / expanded)
  action text NOT NULL DEFAULT 'shown' CHECK (action IN ('shown', 'opened')),
  used_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX playbook_rule_uses_ws_idx ON playbook_rule_uses (workspace_id, used_at DESC);
CREATE INDEX playbook_rule_uses_rule_idx ON playbook_rule_uses (workspace_id, rule_id, used_at DESC);

-- ───────────── experiments ─────────────
CREATE TABLE experiments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  hypothesis text NOT NULL DEFAULT '' CHECK (length(hypothesis) <= 2000),
  -- what is varied: opener (shown at the top of the script), or a script section / pitch line
  subject text NOT NULL DEFAULT 'opener' CHECK (length(subject) BETWEEN 1 AND 40),
  -- [{ key: 'A', label, text }], 2–4 variants
  variants jsonb NOT NULL CHECK (jsonb_typeof(variants) = 'array' AND jsonb_array_length(variants) BETWEEN 2 AND 4),
  -- calls in all (split evenly across variants) before the result is computed
  target_calls int NOT NULL CHECK (target_calls BETWEEN 2 AND 100000),
  -- a call counts as a success when its attempt's disposition is one of these
  success_dispositions text[] NOT NULL CHECK (cardinality(success_dispositions) > 0),
  -- who it applies to (empty = everyone): same matching as playbook rules
  segments text[] NOT NULL DEFAULT '{}',
  stages text[] NOT NULL DEFAULT '{}',
  tags text[] NOT NULL DEFAULT '{}',
  status text NOT NULL DEFAULT 'running' CHECK (status IN ('draft', 'running', 'completed', 'stopped')),
  source_review_id uuid REFERENCES call_reviews(id) ON DELETE SET NULL,
  -- { test, statistic, pValue, significant, perVariant: [{key, calls, successes, rate}], winner }
  result jsonb,
  winner_variant text,
  promoted_rule_id uuid REFERENCES playbook_rules(id) ON DELETE SET NULL,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  completed_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX experiments_ws_idx ON experiments (workspace_id, status, created_at DESC);
ALTER TABLE playbook_rules ADD CONSTRAINT playbook_rules_source_experiment_fk
  FOREIGN KEY (source_experiment_id) REFERENCES experiments(id) ON DELETE SET NULL;

-- The variant a call was given (assigned when the call is placed; the outcome comes from its attempt).
CREATE TABLE experiment_assignments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  experiment_id uuid NOT NULL REFERENCES experiments(id) ON DELETE CASCADE,
  call_session_id uuid NOT NULL REFERENCES call_sessions(id) ON DELETE CASCADE,
  lead_id uuid REFERENCES leads(id) ON DELETE SET NULL,
  user_id uuid REFERENCES users(id) ON DELETE SET NULL,
  variant text NOT NULL,
  assigned_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (experiment_id, call_session_id)
);
CREATE INDEX experiment_assignments_call_idx ON experiment_assignments (workspace_id, call_session_id);

-- ───────────── AI suggestions for a call (cached per provider; a person accepts or edits) ─────────────
CREATE TABLE call_ai_suggestions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  call_session_id uuid NOT NULL REFERENCES call_sessions(id) ON DELETE CASCADE,
  provider text NOT NULL,
  -- { tags, scores, objections, snippets, summary } (contracts ReviewSuggestions)
  suggestions jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (workspace_id, call_session_id, provider)
);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['call_reviews','playbook_rules','playbook_evidence','playbook_rule_versions','playbook_rule_uses','experiments','experiment_assignments','call_ai_suggestions']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format($p$CREATE POLICY tenant_isolation ON %I USING (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid) WITH CHECK (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid)$p$, t);
  END LOOP;
END $$;
