import { createHash } from 'node:crypto';
import type { Experiment, ExperimentResult, ExperimentStatus, ExperimentVariant } from '@flywheel/contracts';
import type { Sql } from '../../db/client.ts';
import { notFound } from '../../platform/http/errors.ts';
import { analyzeExperiment } from './stats.ts';

export interface ExperimentRow {
  id: string;
  name: string;
  hypothesis: string;
  subject: string;
  variants: ExperimentVariant[];
  target_calls: number;
  success_dispositions: string[];
  segments: string[];
  stages: string[];
  tags: string[];
  status: ExperimentStatus;
  source_review_id: string | null;
  result: ExperimentResult | null;
  winner_variant: string | null;
  promoted_rule_id: string | null;
  created_by: string | null;
  created_by_name: string | null;
  created_at: Date;
  started_at: Date | null;
  completed_at: Date | null;
}

const SELECT = `SELECT e.id, e.name, e.hypothesis, e.subject, e.variants, e.target_calls, e.success_dispositions, e.segments, e.stages, e.tags,
    e.status, e.source_review_id, e.result, e.winner_variant, e.promoted_rule_id, e.created_by, u.name AS created_by_name,
    e.created_at, e.started_at, e.completed_at
  FROM experiments e LEFT JOIN users u ON u.id = e.created_by`;

/**
 * A call without an outcome frees its slot after this long: a tel: call nobody logged must not
 * hold an experiment short of its target forever.
 */
export const UNLOGGED_SLOT_HOURS = 12;

export interface VariantTally {
  key: string;
  assigned: number;
  withOutcome: number;
  successes: number;
}

/**
 * Per experiment and variant: calls assigned, calls with an outcome (their attempt exists), and
 * successes (the attempt's disposition is one of the experiment's success outcomes).
 */
export async function tallies(tx: Sql, workspaceId: string, ids: string[]): Promise<Map<string, VariantTally[]>> {
  const out = new Map<string, VariantTally[]>();
  if (!ids.length) return out;
  const { rows } = await tx.query<{ experiment_id: string; variant: string; assigned: number; with_outcome: number; successes: number }>(
    `SELECT a.experiment_id, a.variant, count(*)::int AS assigned, count(t.id)::int AS with_outcome,
            count(*) FILTER (WHERE t.disposition_key = ANY(e.success_dispositions))::int AS successes
       FROM experiment_assignments a
       JOIN experiments e ON e.id = a.experiment_id AND e.workspace_id = a.workspace_id
       LEFT JOIN attempts t ON t.workspace_id = a.workspace_id AND t.call_session_id = a.call_session_id
      WHERE a.workspace_id = $1 AND a.experiment_id = ANY($2::uuid[])
      GROUP BY a.experiment_id, a.variant`,
    [workspaceId, ids],
  );
  for (const r of rows) {
    const list = out.get(r.experiment_id) ?? [];
    list.push({ key: r.variant, assigned: r.assigned, withOutcome: r.with_outcome, successes: r.successes });
    out.set(r.experiment_id, list);
  }
  return out;
}

/** The result from the tallies (live), in variant order. */
export function liveResult(row: Pick<ExperimentRow, 'variants' | 'status'>, tally: VariantTally[], final = row.status === 'completed' || row.status === 'stopped'): ExperimentResult {
  return analyzeExperiment(
    row.variants.map((v) => {
      const t = tally.find((x) => x.key === v.key);
      return { key: v.key, label: v.label, calls: t?.withOutcome ?? 0, successes: t?.successes ?? 0 };
    }),
    { final },
  );
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export function toDto(r: ExperimentRow, tally: VariantTally[], labels: Map<string, string>): Experiment {
  const result = (r.status === 'completed' || r.status === 'stopped') && r.result ? r.result : liveResult(r, tally);
  const perVariant = r.variants.map((v) => {
    const t = tally.find((x) => x.key === v.key);
    return { key: v.key, assigned: t?.assigned ?? 0, withOutcome: t?.withOutcome ?? 0 };
  });
  const canPromote = !r.promoted_rule_id && (r.status === 'completed' || (r.status === 'stopped' && result.significant));
  return {
    id: r.id, name: r.name, hypothesis: r.hypothesis, subject: r.subject, variants: r.variants, targetCalls: r.target_calls,
    successDispositions: r.success_dispositions, successLabels: r.success_dispositions.map((k) => labels.get(k) ?? k),
    targeting: { segments: r.segments, stages: r.stages, tags: r.tags }, status: r.status, sourceReviewId: r.source_review_id,
    progress: { assigned: perVariant.reduce((a, v) => a + v.assigned, 0), withOutcome: perVariant.reduce((a, v) => a + v.withOutcome, 0), perVariant },
    result, winnerVariant: r.winner_variant, promotedRuleId: r.promoted_rule_id, canPromote,
    createdBy: r.created_by, createdByName: r.created_by_name, createdAt: iso(r.created_at)!, startedAt: iso(r.started_at), completedAt: iso(r.completed_at),
  };
}

export async function dispositionLabels(tx: Sql, workspaceId: string): Promise<Map<string, string>> {
  const { rows } = await tx.query<{ key: string; label: string }>('SELECT key, label FROM dispositions WHERE workspace_id = $1', [workspaceId]);
  return new Map(rows.map((r) => [r.key, r.label]));
}

export async function selectExperiments(tx: Sql, workspaceId: string, opts: { status?: ExperimentStatus; ids?: string[]; forUpdate?: boolean } = {}): Promise<ExperimentRow[]> {
  const { rows } = await tx.query<ExperimentRow>(
    `${SELECT} WHERE e.workspace_id = $1 AND ($2::text IS NULL OR e.status = $2) AND ($3::uuid[] IS NULL OR e.id = ANY($3::uuid[]))
      ORDER BY CASE e.status WHEN 'running' THEN 0 WHEN 'draft' THEN 1 WHEN 'completed' THEN 2 ELSE 3 END, e.created_at DESC, e.id
      LIMIT 500${opts.forUpdate ? ' FOR UPDATE OF e' : ''}`,
    [workspaceId, opts.status ?? null, opts.ids ?? null],
  );
  return rows;
}

export async function requireExperiment(tx: Sql, workspaceId: string, id: string, opts: { forUpdate?: boolean } = {}): Promise<ExperimentRow> {
  const [row] = await selectExperiments(tx, workspaceId, { ids: [id], forUpdate: opts.forUpdate });
  if (!row) throw notFound('Experiment');
  return row;
}

export interface NewExperiment {
  name: string;
  hypothesis: string;
  subject: string;
  variants: ExperimentVariant[];
  targetCalls: number;
  successDispositions: string[];
  segments: string[];
  stages: string[];
  tags: string[];
  status: 'draft' | 'running';
  sourceReviewId: string | null;
}

export async function insertExperiment(tx: Sql, workspaceId: string, userId: string | null, e: NewExperiment): Promise<string> {
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO experiments (workspace_id, name, hypothesis, subject, variants, target_calls, success_dispositions, segments, stages, tags, status, source_review_id, created_by, started_at)
     VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7::text[], $8::text[], $9::text[], $10::text[], $11, $12, $13, CASE WHEN $11 = 'running' THEN now() END) RETURNING id`,
    [workspaceId, e.name, e.hypothesis, e.subject, JSON.stringify(e.variants), e.targetCalls, e.successDispositions, e.segments, e.stages, e.tags, e.status, e.sourceReviewId, userId],
  );
  return rows[0].id;
}

// ───────────── assignment ─────────────

export interface AssignedVariant {
  experimentId: string;
  variant: string;
}

/** Deterministic "random" pick among tied variants: the same call always gets the same one. */
function tieBreak(callSessionId: string, experimentId: string, n: number): number {
  return createHash('sha256').update(`${experimentId}:${callSessionId}`).digest().readUInt32BE(0) % n;
}

/**
 * Gives a call placed to a lead its variant in every running experiment that targets the lead
 * (segment / stage / tags; an empty list matches everyone) and still needs calls: the variant with
 * the fewest calls so far (ties broken by the call id), or — when the lead was already in the
 * experiment — the variant it had before. One assignment per call and experiment. Runs in the
 * transaction that inserts the call session; the experiment rows are locked so two calls placed at
 * once cannot both take the last slot.
 */
export async function assignExperimentVariants(tx: Sql, workspaceId: string, call: { callSessionId: string; leadId: string | null; userId: string | null }): Promise<AssignedVariant[]> {
  const { rows } = await tx.query<{ id: string; variants: ExperimentVariant[]; target_calls: number }>(
    `SELECT e.id, e.variants, e.target_calls FROM experiments e
       LEFT JOIN leads l ON l.workspace_id = e.workspace_id AND l.id = $2
      WHERE e.workspace_id = $1 AND e.status = 'running'
        AND (cardinality(e.segments) = 0 OR lower(l.segment) IN (SELECT lower(s) FROM unnest(e.segments) s))
        AND (cardinality(e.stages) = 0 OR l.stage = ANY(e.stages))
        AND (cardinality(e.tags) = 0 OR EXISTS (SELECT 1 FROM unnest(e.tags) et JOIN unnest(l.tags) lt ON lower(et) = lower(lt)))
      ORDER BY e.id
      FOR UPDATE OF e`,
    [workspaceId, call.leadId],
  );
  const out: AssignedVariant[] = [];
  // locked in id order (as completion does); assigned in any order: each experiment is independent
  for (const e of rows) {
    const counts = await tx.query<{ variant: string; slots: number; total: number; lead_variant: string | null }>(
      `SELECT a.variant,
              count(*) FILTER (WHERE t.id IS NOT NULL OR a.assigned_at > now() - make_interval(hours => $4))::int AS slots,
              count(*)::int AS total,
              max(a.variant) FILTER (WHERE $3::uuid IS NOT NULL AND a.lead_id = $3) AS lead_variant
         FROM experiment_assignments a LEFT JOIN attempts t ON t.workspace_id = a.workspace_id AND t.call_session_id = a.call_session_id
        WHERE a.workspace_id = $1 AND a.experiment_id = $2
        GROUP BY a.variant`,
      [workspaceId, e.id, call.leadId, UNLOGGED_SLOT_HOURS],
    );
    const used = counts.rows.reduce((a, r) => a + r.slots, 0);
    if (used >= e.target_calls) continue;
    const keys = e.variants.map((v) => v.key);
    let variant = counts.rows.find((r) => r.lead_variant && keys.includes(r.lead_variant))?.lead_variant ?? null;
    if (!variant) {
      const total = (k: string) => counts.rows.find((r) => r.variant === k)?.total ?? 0;
      const fewest = Math.min(...keys.map(total));
      const tied = keys.filter((k) => total(k) === fewest);
      variant = tied[tieBreak(call.callSessionId, e.id, tied.length)];
    }
    const ins = await tx.query(
      `INSERT INTO experiment_assignments (workspace_id, experiment_id, call_session_id, lead_id, user_id, variant)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (experiment_id, call_session_id) DO NOTHING`,
      [workspaceId, e.id, call.callSessionId, call.leadId, call.userId, variant],
    );
    if (ins.rowCount) out.push({ experimentId: e.id, variant });
  }
  return out;
}

/** The variants a call was given: what the rep says. */
export async function variantsForCall(tx: Sql, workspaceId: string, callSessionId: string) {
  const { rows } = await tx.query<{ experiment_id: string; name: string; subject: string; variant: string; variants: ExperimentVariant[] }>(
    `SELECT a.experiment_id, e.name, e.subject, a.variant, e.variants FROM experiment_assignments a
       JOIN experiments e ON e.id = a.experiment_id AND e.workspace_id = a.workspace_id
      WHERE a.workspace_id = $1 AND a.call_session_id = $2 ORDER BY e.created_at, e.id`,
    [workspaceId, callSessionId],
  );
  return rows.map((r) => {
    const v = r.variants.find((x) => x.key === r.variant);
    return { experimentId: r.experiment_id, experimentName: r.name, subject: r.subject, variantKey: r.variant, variantLabel: v?.label ?? r.variant, variantText: v?.text ?? '' };
  });
}
