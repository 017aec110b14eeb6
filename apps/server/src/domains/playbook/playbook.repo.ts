import {
  PLAYBOOK_CATEGORIES, type CreateRuleInput, type EvidenceInput, type PlaybookEvidence, type PlaybookKind, type PlaybookMetric,
  type PlaybookPrepItem, type PlaybookRule, type PlaybookRuleDetail, type PlaybookRuleVersion, type PlaybookSource,
} from '@flywheel/contracts';
import type { Sql } from '../../db/client.ts';
import { AppError, badRequest, notFound } from '../../platform/http/errors.ts';

// ───────────── errors ─────────────

export const NEEDS_EVIDENCE_MESSAGE = 'A playbook rule needs at least one piece of evidence (a call moment, a message or a metric).';

/**
 * The database refuses a rule without evidence at commit (deferred constraint trigger, invariant 5):
 * that error becomes a 409 with a clear message instead of a 500. Anything else is rethrown.
 */
export function mapEvidenceConstraint(err: unknown): never {
  const e = err as { code?: string; constraint?: string; message?: string };
  if (e && e.code === '23514' && (e.constraint === 'playbook_rule_needs_evidence' || /playbook rule needs at least one/i.test(e.message ?? ''))) {
    throw new AppError(409, 'needs_evidence', NEEDS_EVIDENCE_MESSAGE, { evidence: 'At least one piece of evidence is required.' });
  }
  throw err;
}

// ───────────── evidence ─────────────

interface EvidenceRow {
  id: string;
  rule_id: string;
  kind: 'call' | 'message' | 'metric';
  call_session_id: string | null;
  snippet_text: string | null;
  timestamp_start: string | number | null;
  timestamp_end: string | number | null;
  message_id: string | null;
  metric: PlaybookMetric | null;
  lead_id: string | null;
  lead_name: string | null;
  call_started_at: Date | null;
  call_duration: string | number | null;
  has_recording: boolean | null;
  message_channel: string | null;
  message_direction: string | null;
  message_preview: string | null;
  message_thread_id: string | null;
  created_by: string | null;
  created_by_name: string | null;
  created_at: Date;
}

/** Length of a call in seconds when known: the provider's figure, else answered → ended. */
const CALL_DURATION = `coalesce(cs.provider_duration_seconds::numeric,
  CASE WHEN cs.ended_at IS NOT NULL THEN round(extract(epoch FROM cs.ended_at - coalesce(cs.answered_at, cs.started_at))::numeric, 1) END)`;

const EVIDENCE_SELECT = `SELECT e.id, e.rule_id, e.kind, e.call_session_id, e.snippet_text, e.timestamp_start, e.timestamp_end, e.message_id, e.metric,
    l.id AS lead_id, l.name AS lead_name, cs.started_at AS call_started_at, ${CALL_DURATION} AS call_duration,
    (cs.recording_url IS NOT NULL AND coalesce(cs.recording_status, 'completed') = 'completed') AS has_recording,
    m.channel AS message_channel, m.direction AS message_direction, left(coalesce(nullif(m.subject, ''), m.body), 200) AS message_preview, m.thread_id AS message_thread_id,
    e.created_by, u.name AS created_by_name, e.created_at
  FROM playbook_evidence e
  LEFT JOIN call_sessions cs ON cs.id = e.call_session_id AND cs.workspace_id = e.workspace_id
  LEFT JOIN messages m ON m.id = e.message_id AND m.workspace_id = e.workspace_id
  LEFT JOIN leads l ON l.id = coalesce(cs.lead_id, m.lead_id) AND l.workspace_id = e.workspace_id
  LEFT JOIN users u ON u.id = e.created_by`;

const num = (v: string | number | null): number | null => (v == null ? null : Number(v));
const iso = (d: Date | string | null): string | null => (d == null ? null : new Date(d).toISOString());

function evidenceDto(r: EvidenceRow): PlaybookEvidence {
  return {
    id: r.id, ruleId: r.rule_id, kind: r.kind, callSessionId: r.call_session_id, snippet: r.snippet_text,
    start: num(r.timestamp_start), end: num(r.timestamp_end), messageId: r.message_id, metric: r.metric ?? null,
    leadId: r.lead_id, leadName: r.lead_name, callStartedAt: iso(r.call_started_at), callDurationSeconds: num(r.call_duration),
    hasRecording: Boolean(r.has_recording), messageChannel: r.message_channel, messageDirection: r.message_direction,
    messagePreview: r.message_preview, messageThreadId: r.message_thread_id, createdBy: r.created_by, createdByName: r.created_by_name,
    createdAt: new Date(r.created_at).toISOString(),
  };
}

interface CheckedEvidence {
  kind: 'call' | 'message' | 'metric';
  callSessionId: string | null;
  attemptId: string | null;
  snippet: string | null;
  start: number | null;
  end: number | null;
  messageId: string | null;
  metric: PlaybookMetric | null;
}

/**
 * Checks one piece of evidence against the workspace: the call or message must be one of its own
 * (a call of another workspace is "not found", never linked), and a call moment must lie within the
 * call when its length is known. `field` names the input in the 400.
 */
export async function checkEvidence(tx: Sql, workspaceId: string, ev: EvidenceInput, field = 'evidence'): Promise<CheckedEvidence> {
  if (ev.kind === 'call') {
    const { rows } = await tx.query<{ id: string; duration: string | number | null; attempt_id: string | null }>(
      `SELECT cs.id, ${CALL_DURATION} AS duration, (SELECT a.id FROM attempts a WHERE a.workspace_id = cs.workspace_id AND a.call_session_id = cs.id) AS attempt_id
         FROM call_sessions cs WHERE cs.workspace_id = $1 AND cs.id = $2`,
      [workspaceId, ev.callSessionId],
    );
    const call = rows[0];
    if (!call) throw badRequest('The call for this evidence was not found in this workspace.', { [`${field}.callSessionId`]: 'Call not found.' });
    if (ev.end < ev.start) throw badRequest('The end of the moment must not be before its start.', { [`${field}.end`]: 'End is before start.' });
    const duration = num(call.duration);
    // a second of slack: provider durations are rounded
    if (duration != null && duration > 0 && ev.end > duration + 1) {
      throw badRequest(`The moment ends after the call (${Math.round(ev.end)} s > ${Math.round(duration)} s).`, { [`${field}.end`]: `The call lasts ${Math.round(duration)} s.` });
    }
    return { kind: 'call', callSessionId: call.id, attemptId: call.attempt_id, snippet: ev.snippet, start: ev.start, end: ev.end, messageId: null, metric: null };
  }
  if (ev.kind === 'message') {
    const { rows } = await tx.query<{ id: string }>('SELECT id FROM messages WHERE workspace_id = $1 AND id = $2', [workspaceId, ev.messageId]);
    if (!rows[0]) throw badRequest('The message for this evidence was not found in this workspace.', { [`${field}.messageId`]: 'Message not found.' });
    return { kind: 'message', callSessionId: null, attemptId: null, snippet: null, start: null, end: null, messageId: ev.messageId, metric: null };
  }
  const metric: PlaybookMetric = { name: ev.name, value: ev.value };
  if (ev.period) metric.period = ev.period;
  if (ev.link) {
    if (!/^(https?:\/\/|\/)/i.test(ev.link)) throw badRequest('A metric link must be a web address (https://…) or a path in Flywheel (/…).', { [`${field}.link`]: 'Not a link.' });
    metric.link = ev.link;
  }
  return { kind: 'metric', callSessionId: null, attemptId: null, snippet: null, start: null, end: null, messageId: null, metric };
}

export async function insertEvidence(tx: Sql, workspaceId: string, ruleId: string, userId: string | null, ev: CheckedEvidence): Promise<string> {
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO playbook_evidence (workspace_id, rule_id, kind, call_session_id, attempt_id, snippet_text, timestamp_start, timestamp_end, message_id, metric, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11) RETURNING id`,
    [workspaceId, ruleId, ev.kind, ev.callSessionId, ev.attemptId, ev.snippet, ev.start, ev.end, ev.messageId, ev.metric ? JSON.stringify(ev.metric) : null, userId],
  );
  return rows[0].id;
}

export async function listEvidence(tx: Sql, workspaceId: string, ruleId: string): Promise<PlaybookEvidence[]> {
  const { rows } = await tx.query<EvidenceRow>(`${EVIDENCE_SELECT} WHERE e.workspace_id = $1 AND e.rule_id = $2 ORDER BY e.created_at, e.id`, [workspaceId, ruleId]);
  return rows.map(evidenceDto);
}

async function firstEvidenceOf(tx: Sql, workspaceId: string, ruleIds: string[]): Promise<Map<string, PlaybookEvidence>> {
  if (ruleIds.length === 0) return new Map();
  // call evidence first (it can be played), then the oldest
  const res = await tx.query<EvidenceRow>(
    `SELECT * FROM (${EVIDENCE_SELECT} WHERE e.workspace_id = $1 AND e.rule_id = ANY($2::uuid[])) x
      ORDER BY x.rule_id, (x.kind = 'call') DESC, x.created_at, x.id`,
    [workspaceId, ruleIds],
  );
  const out = new Map<string, PlaybookEvidence>();
  for (const r of res.rows) if (!out.has(r.rule_id)) out.set(r.rule_id, evidenceDto(r));
  return out;
}

/** Removes one piece of evidence; refused (409) when it is the rule's last one (the database refuses it too). */
export async function deleteEvidence(tx: Sql, workspaceId: string, evidenceId: string): Promise<{ ruleId: string }> {
  const { rows } = await tx.query<{ rule_id: string }>('SELECT rule_id FROM playbook_evidence WHERE workspace_id = $1 AND id = $2', [workspaceId, evidenceId]);
  if (!rows[0]) throw notFound('Evidence');
  const ruleId = rows[0].rule_id;
  // lock the rule so two concurrent removals cannot both pass the count check
  await tx.query('SELECT 1 FROM playbook_rules WHERE workspace_id = $1 AND id = $2 FOR UPDATE', [workspaceId, ruleId]);
  const { rows: c } = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM playbook_evidence WHERE workspace_id = $1 AND rule_id = $2', [workspaceId, ruleId]);
  if (c[0].n <= 1) {
    throw new AppError(409, 'last_evidence', 'This is the rule’s only evidence: add another piece first (a rule cannot exist without evidence), or archive the rule.');
  }
  await tx.query('DELETE FROM playbook_evidence WHERE workspace_id = $1 AND id = $2', [workspaceId, evidenceId]);
  return { ruleId };
}

// ───────────── rules ─────────────

interface RuleRow {
  id: string;
  kind: PlaybookKind;
  category: string;
  title: string;
  body: string;
  segments: string[];
  stages: string[];
  tags: string[];
  objection_tag: string | null;
  priority: number;
  status: 'active' | 'archived';
  source: PlaybookSource;
  source_review_id: string | null;
  source_experiment_id: string | null;
  version: number;
  evidence_count: number;
  created_by: string | null;
  created_by_name: string | null;
  updated_by_name: string | null;
  created_at: Date;
  updated_at: Date;
}

const RULE_SELECT = `SELECT r.id, r.kind, r.category, r.title, r.body, r.segments, r.stages, r.tags, r.objection_tag, r.priority, r.status, r.source,
    r.source_review_id, r.source_experiment_id, r.version,
    (SELECT count(*)::int FROM playbook_evidence e WHERE e.workspace_id = r.workspace_id AND e.rule_id = r.id) AS evidence_count,
    r.created_by, cu.name AS created_by_name, uu.name AS updated_by_name, r.created_at, r.updated_at
  FROM playbook_rules r LEFT JOIN users cu ON cu.id = r.created_by LEFT JOIN users uu ON uu.id = r.updated_by`;

function ruleDto(r: RuleRow, first: PlaybookEvidence | null): PlaybookRule {
  return {
    id: r.id, kind: r.kind, category: r.category, title: r.title, body: r.body, segments: r.segments ?? [], stages: r.stages ?? [], tags: r.tags ?? [],
    objectionTag: r.objection_tag, priority: r.priority, status: r.status, source: r.source, sourceReviewId: r.source_review_id,
    sourceExperimentId: r.source_experiment_id, version: r.version, evidenceCount: Number(r.evidence_count), firstEvidence: first,
    createdBy: r.created_by, createdByName: r.created_by_name, updatedByName: r.updated_by_name,
    createdAt: new Date(r.created_at).toISOString(), updatedAt: new Date(r.updated_at).toISOString(),
  };
}

const SNAPSHOT_FIELDS = ['kind', 'category', 'title', 'body', 'segments', 'stages', 'tags', 'objectionTag', 'priority', 'status'] as const;
type Snapshot = Record<(typeof SNAPSHOT_FIELDS)[number], unknown>;

function snapshotOf(r: { kind: string; category: string; title: string; body: string; segments: string[]; stages: string[]; tags: string[]; objectionTag: string | null; priority: number; status: string }): Snapshot {
  return { kind: r.kind, category: r.category, title: r.title, body: r.body, segments: r.segments, stages: r.stages, tags: r.tags, objectionTag: r.objectionTag, priority: r.priority, status: r.status };
}

async function insertVersion(tx: Sql, workspaceId: string, ruleId: string, version: number, snapshot: Snapshot, note: string, userId: string | null): Promise<void> {
  await tx.query(
    `INSERT INTO playbook_rule_versions (workspace_id, rule_id, version, snapshot, change_note, edited_by) VALUES ($1, $2, $3, $4::jsonb, $5, $6)`,
    [workspaceId, ruleId, version, JSON.stringify(snapshot), note, userId],
  );
}

/**
 * Writes a rule with its evidence and its version 1 in the caller's transaction (invariant 5: the
 * database refuses, at commit, a rule left without evidence). Every piece of evidence is checked
 * against the workspace first (400 naming the field). Used by the API, Review's "promote" and the
 * Experiments' winner promotion (metric evidence).
 */
export async function createRuleWithEvidence(tx: Sql, workspaceId: string, userId: string | null, input: CreateRuleInput): Promise<{ id: string }> {
  if (!input.evidence || input.evidence.length === 0) throw new AppError(400, 'needs_evidence', NEEDS_EVIDENCE_MESSAGE, { evidence: 'At least one piece of evidence is required.' });
  const checked: CheckedEvidence[] = [];
  for (const [i, ev] of input.evidence.entries()) checked.push(await checkEvidence(tx, workspaceId, ev, `evidence.${i}`));
  if (input.sourceReviewId) {
    const { rows } = await tx.query('SELECT 1 FROM call_reviews WHERE workspace_id = $1 AND id = $2', [workspaceId, input.sourceReviewId]);
    if (!rows[0]) throw badRequest('The review this rule comes from was not found.', { sourceReviewId: 'Review not found.' });
  }
  if (input.sourceExperimentId) {
    const { rows } = await tx.query('SELECT 1 FROM experiments WHERE workspace_id = $1 AND id = $2', [workspaceId, input.sourceExperimentId]);
    if (!rows[0]) throw badRequest('The experiment this rule comes from was not found.', { sourceExperimentId: 'Experiment not found.' });
  }
  const objectionTag = input.objectionTag ? input.objectionTag.toLowerCase() : null;
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO playbook_rules (workspace_id, kind, category, title, body, segments, stages, tags, objection_tag, priority, source, source_review_id, source_experiment_id, created_by, updated_by)
     VALUES ($1, $2, $3, $4, $5, $6::text[], $7::text[], $8::text[], $9, $10, $11, $12, $13, $14, $14) RETURNING id`,
    [workspaceId, input.kind, input.category, input.title, input.body, input.segments, input.stages, input.tags, objectionTag, input.priority,
      input.source, input.sourceReviewId ?? null, input.sourceExperimentId ?? null, userId],
  );
  const id = rows[0].id;
  for (const ev of checked) await insertEvidence(tx, workspaceId, id, userId, ev);
  await insertVersion(tx, workspaceId, id, 1, snapshotOf({ ...input, objectionTag, status: 'active' }), 'Created', userId);
  return { id };
}

export interface RuleFilters {
  kind?: PlaybookKind;
  category?: string;
  status?: 'active' | 'archived' | 'all';
  q?: string;
  segment?: string;
  stage?: string;
  tag?: string[];
  limit?: number;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function listRules(tx: Sql, workspaceId: string, f: RuleFilters): Promise<PlaybookRule[]> {
  const { rows } = await tx.query<RuleRow>(
    `${RULE_SELECT}
      WHERE r.workspace_id = $1
        AND ($2::text IS NULL OR r.kind = $2)
        AND ($3::text IS NULL OR r.category = $3)
        AND ($4::text = 'all' OR r.status = $4)
        AND ($5::text IS NULL OR r.title ILIKE $5 OR r.body ILIKE $5
             OR EXISTS (SELECT 1 FROM playbook_evidence e WHERE e.workspace_id = r.workspace_id AND e.rule_id = r.id AND e.snippet_text ILIKE $5))
        AND ($6::text IS NULL OR lower($6) = ANY(SELECT lower(x) FROM unnest(r.segments) x))
        AND ($7::text IS NULL OR $7 = ANY(r.stages))
        AND ($8::text[] IS NULL OR EXISTS (SELECT 1 FROM unnest(r.tags) x WHERE lower(x) = ANY(SELECT lower(y) FROM unnest($8::text[]) y)))
      ORDER BY r.status, r.priority DESC, r.updated_at DESC, r.id
      LIMIT $9`,
    [workspaceId, f.kind ?? null, f.category ?? null, f.status ?? 'active', f.q ? `%${escapeLike(f.q)}%` : null, f.segment || null, f.stage || null,
      f.tag && f.tag.length ? f.tag : null, f.limit ?? 200],
  );
  const first = await firstEvidenceOf(tx, workspaceId, rows.map((r) => r.id));
  return rows.map((r) => ruleDto(r, first.get(r.id) ?? null));
}

async function ruleRow(tx: Sql, workspaceId: string, id: string, lock = false): Promise<RuleRow> {
  const { rows } = await tx.query<RuleRow>(`${RULE_SELECT} WHERE r.workspace_id = $1 AND r.id = $2${lock ? ' FOR UPDATE OF r' : ''}`, [workspaceId, id]);
  if (!rows[0]) throw notFound('Playbook rule');
  return rows[0];
}

export async function getRule(tx: Sql, workspaceId: string, id: string): Promise<PlaybookRule> {
  const r = await ruleRow(tx, workspaceId, id);
  const first = await firstEvidenceOf(tx, workspaceId, [id]);
  return ruleDto(r, first.get(id) ?? null);
}

export async function getRuleDetail(tx: Sql, workspaceId: string, id: string): Promise<PlaybookRuleDetail> {
  const rule = await getRule(tx, workspaceId, id);
  const evidence = await listEvidence(tx, workspaceId, id);
  const history = await ruleHistory(tx, workspaceId, id);
  const { rows } = await tx.query<{ shown: number; opened: number }>(
    `SELECT count(*) FILTER (WHERE action = 'shown')::int AS shown, count(*) FILTER (WHERE action = 'opened')::int AS opened
       FROM playbook_rule_uses WHERE workspace_id = $1 AND rule_id = $2`,
    [workspaceId, id],
  );
  return { ...rule, firstEvidence: rule.firstEvidence, evidence, history, uses: { shown: rows[0]?.shown ?? 0, opened: rows[0]?.opened ?? 0 } };
}

export async function ruleAuthor(tx: Sql, workspaceId: string, id: string): Promise<string | null> {
  const { rows } = await tx.query<{ created_by: string | null }>('SELECT created_by FROM playbook_rules WHERE workspace_id = $1 AND id = $2', [workspaceId, id]);
  if (!rows[0]) throw notFound('Playbook rule');
  return rows[0].created_by;
}

export interface RulePatch {
  kind?: PlaybookKind;
  category?: string;
  title?: string;
  body?: string;
  segments?: string[];
  stages?: string[];
  tags?: string[];
  objectionTag?: string | null;
  priority?: number;
  status?: 'active' | 'archived';
  changeNote?: string;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Edits a rule and writes its next version (snapshot + change note). A patch that changes nothing writes nothing. */
export async function updateRule(tx: Sql, workspaceId: string, id: string, userId: string | null, p: RulePatch): Promise<void> {
  const cur = ruleDto(await ruleRow(tx, workspaceId, id, true), null);
  const next = {
    kind: p.kind ?? cur.kind, category: p.category ?? cur.category, title: p.title ?? cur.title, body: p.body ?? cur.body,
    segments: p.segments ?? cur.segments, stages: p.stages ?? cur.stages, tags: p.tags ?? cur.tags,
    objectionTag: p.objectionTag === undefined ? cur.objectionTag : p.objectionTag ? p.objectionTag.toLowerCase() : null,
    priority: p.priority ?? cur.priority, status: p.status ?? cur.status,
  };
  const before = snapshotOf(cur);
  const after = snapshotOf(next);
  const changed = SNAPSHOT_FIELDS.filter((k) => !same(before[k], after[k]));
  if (changed.length === 0) return;
  const version = cur.version + 1;
  await tx.query(
    `UPDATE playbook_rules SET kind = $3, category = $4, title = $5, body = $6, segments = $7::text[], stages = $8::text[], tags = $9::text[], objection_tag = $10,
        priority = $11, status = $12, version = $13, updated_by = $14, updated_at = now()
      WHERE workspace_id = $1 AND id = $2`,
    [workspaceId, id, next.kind, next.category, next.title, next.body, next.segments, next.stages, next.tags, next.objectionTag, next.priority, next.status, version, userId],
  );
  const note = p.changeNote?.trim() || (changed.length === 1 && changed[0] === 'status' ? (next.status === 'archived' ? 'Archived' : 'Restored') : '');
  await insertVersion(tx, workspaceId, id, version, after, note, userId);
}

export async function deleteRule(tx: Sql, workspaceId: string, id: string): Promise<void> {
  const { rowCount } = await tx.query('DELETE FROM playbook_rules WHERE workspace_id = $1 AND id = $2', [workspaceId, id]);
  if (!rowCount) throw notFound('Playbook rule');
}

export async function ruleHistory(tx: Sql, workspaceId: string, id: string): Promise<PlaybookRuleVersion[]> {
  const { rows } = await tx.query<{ version: number; snapshot: Record<string, unknown>; change_note: string; edited_by: string | null; edited_by_name: string | null; edited_at: Date }>(
    `SELECT v.version, v.snapshot, v.change_note, v.edited_by, u.name AS edited_by_name, v.edited_at
       FROM playbook_rule_versions v LEFT JOIN users u ON u.id = v.edited_by
      WHERE v.workspace_id = $1 AND v.rule_id = $2 ORDER BY v.version DESC`,
    [workspaceId, id],
  );
  return rows.map((r, i) => {
    const prev = rows[i + 1]?.snapshot;
    const changed = prev ? Object.keys({ ...prev, ...r.snapshot }).filter((k) => !same(prev[k], r.snapshot[k])) : [];
    return { version: r.version, snapshot: r.snapshot, changeNote: r.change_note, changed, editedBy: r.edited_by, editedByName: r.edited_by_name, editedAt: new Date(r.edited_at).toISOString() };
  });
}

/** The suggested categories, then the team's own ones in use, each with its number of rules. */
export async function listCategories(tx: Sql, workspaceId: string): Promise<{ category: string; rules: number }[]> {
  const { rows } = await tx.query<{ category: string; n: number }>(
    `SELECT category, count(*)::int AS n FROM playbook_rules WHERE workspace_id = $1 AND status = 'active' GROUP BY category ORDER BY category`,
    [workspaceId],
  );
  const counts = new Map(rows.map((r) => [r.category, r.n]));
  const defaults = PLAYBOOK_CATEGORIES.map((c) => ({ category: c as string, rules: counts.get(c) ?? 0 }));
  const own = rows.filter((r) => !(PLAYBOOK_CATEGORIES as readonly string[]).includes(r.category)).map((r) => ({ category: r.category, rules: r.n }));
  return [...defaults, ...own];
}

// ───────────── matching (call prep) ─────────────

export interface LeadTargeting {
  segment: string | null;
  stage: string;
  tags: string[];
  /** Objection tags the lead has raised on earlier calls (attempts.objection_tags). */
  objections?: string[];
}

const KIND_ORDER: Record<PlaybookKind, number> = { stop_signal: 0, objection_handler: 1, rule: 2, drill: 3 };

/**
 * Active rules that apply to a lead: each non-empty targeting list must contain the lead's value
 * (segments and tags compared case-insensitively; tags: any overlap); empty targeting = everyone.
 * Ranked by specificity (targeting dimensions matched), priority, kind (stop signals and objection
 * handlers for the lead's known objections first), then evidence count.
 */
export async function matchingRules(tx: Sql, workspaceId: string, lead: LeadTargeting, limit = 12): Promise<PlaybookPrepItem[]> {
  const objections = (lead.objections ?? []).map((o) => o.toLowerCase());
  const tags = lead.tags ?? [];
  const { rows } = await tx.query<RuleRow & { spec: number; known: boolean; m_segment: string | null; m_stage: string | null; m_tags: string[] }>(
    `SELECT x.* FROM (
       SELECT q.*,
         ((cardinality(q.segments) > 0)::int + (cardinality(q.stages) > 0)::int + (cardinality(q.tags) > 0)::int) AS spec,
         (q.kind IN ('stop_signal', 'objection_handler') AND q.objection_tag IS NOT NULL AND lower(q.objection_tag) = ANY($5::text[])) AS known,
         CASE WHEN cardinality(q.segments) > 0 THEN $2::text END AS m_segment,
         CASE WHEN cardinality(q.stages) > 0 THEN $3::text END AS m_stage,
         ARRAY(SELECT t FROM unnest($4::text[]) t WHERE lower(t) IN (SELECT lower(y) FROM unnest(q.tags) y)) AS m_tags
       FROM (${RULE_SELECT} WHERE r.workspace_id = $1 AND r.status = 'active'
          AND (cardinality(r.segments) = 0 OR ($2::text IS NOT NULL AND lower($2::text) IN (SELECT lower(s) FROM unnest(r.segments) s)))
          AND (cardinality(r.stages) = 0 OR $3::text = ANY(r.stages))
          AND (cardinality(r.tags) = 0 OR EXISTS (SELECT 1 FROM unnest(r.tags) y WHERE lower(y) IN (SELECT lower(t) FROM unnest($4::text[]) t)))
       ) q
     ) x
     ORDER BY x.spec DESC, x.priority DESC, x.known DESC,
       CASE x.kind WHEN 'stop_signal' THEN ${KIND_ORDER.stop_signal} WHEN 'objection_handler' THEN ${KIND_ORDER.objection_handler} WHEN 'rule' THEN ${KIND_ORDER.rule} ELSE ${KIND_ORDER.drill} END,
       x.evidence_count DESC, x.updated_at DESC, x.id
     LIMIT $6`,
    [workspaceId, lead.segment, lead.stage, tags, objections, limit],
  );
  const first = await firstEvidenceOf(tx, workspaceId, rows.map((r) => r.id));
  return rows.map((r) => ({
    ...ruleDto(r, first.get(r.id) ?? null),
    matched: { segment: r.m_segment, stage: r.m_stage, tags: r.m_tags ?? [] },
    specificity: Number(r.spec),
    matchesKnownObjection: Boolean(r.known),
  }));
}

export interface PrepLead {
  id: string;
  name: string;
  segment: string | null;
  stage: string;
  tags: string[];
  objections: string[];
}

export async function loadPrepLead(tx: Sql, workspaceId: string, leadId: string): Promise<PrepLead> {
  const { rows } = await tx.query<{ id: string; name: string; segment: string | null; stage: string; tags: string[] }>(
    'SELECT id, name, segment, stage, tags FROM leads WHERE workspace_id = $1 AND id = $2 AND deleted_at IS NULL',
    [workspaceId, leadId],
  );
  if (!rows[0]) throw notFound('Lead');
  const { rows: obj } = await tx.query<{ tag: string }>(
    `SELECT DISTINCT lower(t) AS tag FROM attempts a, unnest(a.objection_tags) t WHERE a.workspace_id = $1 AND a.lead_id = $2 ORDER BY 1`,
    [workspaceId, leadId],
  );
  return { ...rows[0], tags: rows[0].tags ?? [], objections: obj.map((o) => o.tag) };
}

/**
 * Records that rules were shown in call prep: once per rule and call when the call is known,
 * otherwise once per rule, lead and day.
 */
export async function recordShown(tx: Sql, workspaceId: string, userId: string | null, ruleIds: string[], leadId: string, callSessionId: string | null): Promise<number> {
  if (ruleIds.length === 0) return 0;
  if (callSessionId) {
    const { rowCount } = await tx.query(
      `INSERT INTO playbook_rule_uses (workspace_id, rule_id, user_id, lead_id, call_session_id, action)
       SELECT $1, rid, $2, $3, $4, 'shown' FROM unnest($5::uuid[]) rid
        WHERE NOT EXISTS (SELECT 1 FROM playbook_rule_uses u WHERE u.workspace_id = $1 AND u.rule_id = rid AND u.call_session_id = $4 AND u.action = 'shown')`,
      [workspaceId, userId, leadId, callSessionId, ruleIds],
    );
    return rowCount;
  }
  const { rowCount } = await tx.query(
    `INSERT INTO playbook_rule_uses (workspace_id, rule_id, user_id, lead_id, call_session_id, action)
     SELECT $1, rid, $2, $3, NULL, 'shown' FROM unnest($4::uuid[]) rid
      WHERE NOT EXISTS (SELECT 1 FROM playbook_rule_uses u WHERE u.workspace_id = $1 AND u.rule_id = rid AND u.lead_id = $3 AND u.action = 'shown'
                          AND u.used_at >= date_trunc('day', now()) AND u.used_at < date_trunc('day', now()) + interval '1 day')`,
    [workspaceId, userId, leadId, ruleIds],
  );
  return rowCount;
}

export async function recordOpened(tx: Sql, workspaceId: string, userId: string | null, ruleId: string, leadId: string | null, callSessionId: string | null): Promise<void> {
  await ruleRow(tx, workspaceId, ruleId);
  if (leadId) {
    const { rows } = await tx.query('SELECT 1 FROM leads WHERE workspace_id = $1 AND id = $2', [workspaceId, leadId]);
    if (!rows[0]) throw badRequest('Lead not found.', { leadId: 'Lead not found.' });
  }
  if (callSessionId) {
    const { rows } = await tx.query('SELECT 1 FROM call_sessions WHERE workspace_id = $1 AND id = $2', [workspaceId, callSessionId]);
    if (!rows[0]) throw badRequest('Call not found.', { callSessionId: 'Call not found.' });
  }
  await tx.query(
    `INSERT INTO playbook_rule_uses (workspace_id, rule_id, user_id, lead_id, call_session_id, action) VALUES ($1, $2, $3, $4, $5, 'opened')`,
    [workspaceId, ruleId, userId, leadId, callSessionId],
  );
}

