import type { z } from 'zod';
import { EXPERIMENT_VARIANT_KEYS, PlaybookRuleCreateSchema, formatPValue, formatRate, type Experiment, type ExperimentCreateSchema, type ExperimentStatus } from '@flywheel/contracts';
import type { Sql } from '../../db/client.ts';
import type { Deps } from '../../platform/deps.ts';
import { badRequest, conflict } from '../../platform/http/errors.ts';
import { getProviderRegistry } from '../../platform/providers/registry.ts';
import { withWorkspace } from '../../platform/tenancy/with-workspace.ts';
import { listDispositions } from '../calls/index.ts';
import { createRuleWithEvidence } from '../playbook/index.ts';
import { dispositionLabels, insertExperiment, liveResult, requireExperiment, selectExperiments, tallies, toDto, type ExperimentRow, type VariantTally } from './experiments.repo.ts';

type CreateBody = z.output<typeof ExperimentCreateSchema>;

/** Outcomes that count as a success unless the experiment names its own: the positive ones of a workspace. */
const POSITIVE_KEYS = ['some_interest', 'interested', 'meeting_set', 'meeting', 'sold', 'won', 'deal'];

/**
 * The workspace's "connect + positive" outcomes: the usual positive keys that it has, else every
 * outcome that counts as a connect and opens a sale form or moves the lead to a won stage.
 */
export async function defaultSuccessDispositions(tx: Sql, workspaceId: string): Promise<string[]> {
  const ds = await listDispositions(tx, workspaceId);
  const known = ds.filter((d) => d.countsAsConnect && POSITIVE_KEYS.includes(d.key)).map((d) => d.key);
  if (known.length) return known;
  const { rows } = await tx.query<{ key: string }>(`SELECT key FROM pipeline_stages WHERE workspace_id = $1 AND kind = 'won'`, [workspaceId]);
  const won = new Set(rows.map((r) => r.key));
  return ds.filter((d) => d.countsAsConnect && (d.effects.open_sale_form || (d.effects.move_stage && won.has(d.effects.move_stage)))).map((d) => d.key);
}

export async function createExperiment(tx: Sql, workspaceId: string, userId: string | null, body: CreateBody): Promise<string> {
  const all = await listDispositions(tx, workspaceId);
  let success = body.successDispositions ?? [];
  if (body.successDispositions) {
    const unknown = success.filter((k) => !all.some((d) => d.key === k));
    if (unknown.length) throw badRequest(`Unknown outcome${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}. Use the keys of this workspace's outcomes (${all.map((d) => d.key).join(', ')}).`, { successDispositions: `Unknown: ${unknown.join(', ')}` });
    if (!success.length) throw badRequest('Pick at least one outcome that counts as a success.', { successDispositions: 'Pick at least one outcome.' });
  } else {
    success = await defaultSuccessDispositions(tx, workspaceId);
    if (!success.length) throw badRequest('This workspace has no positive outcome to count as a success; pick the outcomes that count.', { successDispositions: 'Pick at least one outcome.' });
  }
  if (body.targeting.stages.length) {
    const { rows } = await tx.query<{ key: string }>('SELECT key FROM pipeline_stages WHERE workspace_id = $1', [workspaceId]);
    const unknown = body.targeting.stages.filter((s) => !rows.some((r) => r.key === s));
    if (unknown.length) throw badRequest(`Unknown stage${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}.`, { 'targeting.stages': `Unknown: ${unknown.join(', ')}` });
  }
  if (body.sourceReviewId) {
    const { rows } = await tx.query('SELECT 1 FROM call_reviews WHERE workspace_id = $1 AND id = $2', [workspaceId, body.sourceReviewId]);
    if (!rows.length) throw badRequest('There is no such review in this workspace.', { sourceReviewId: 'No such review.' });
  }
  return insertExperiment(tx, workspaceId, userId, {
    name: body.name, hypothesis: body.hypothesis, subject: body.subject,
    variants: body.variants.map((v, i) => ({ key: EXPERIMENT_VARIANT_KEYS[i], label: v.label, text: v.text })),
    targetCalls: body.targetCalls, successDispositions: success, ...body.targeting,
    status: body.start ? 'running' : 'draft', sourceReviewId: body.sourceReviewId ?? null,
  });
}

export interface CompletedExperiment {
  id: string;
  name: string;
  verdict: string;
}

/**
 * Completes every running experiment (of `ids`, or all) whose calls with an outcome reached the
 * target: the result is frozen (winner only when significant) and the experiment stops taking calls.
 * Returns those completed now, for the managers' notification after the commit.
 */
export async function completeDueExperiments(tx: Sql, workspaceId: string, ids?: string[]): Promise<CompletedExperiment[]> {
  const running = await selectExperiments(tx, workspaceId, { status: 'running', ids });
  if (!running.length) return [];
  const before = await tallies(tx, workspaceId, running.map((e) => e.id));
  const due = running.filter((e) => (before.get(e.id) ?? []).reduce((a, v) => a + v.withOutcome, 0) >= e.target_calls).map((e) => e.id);
  if (!due.length) return [];
  // lock only those, in id order (the Dialer's assignment locks in the same order: no deadlock), and re-check
  const { rows } = await tx.query<{ id: string }>(`SELECT id FROM experiments WHERE workspace_id = $1 AND id = ANY($2::uuid[]) AND status = 'running' ORDER BY id FOR UPDATE`, [workspaceId, due]);
  const locked = running.filter((e) => rows.some((r) => r.id === e.id));
  const t = await tallies(tx, workspaceId, locked.map((e) => e.id));
  const done: CompletedExperiment[] = [];
  for (const e of locked) {
    const tally = t.get(e.id) ?? [];
    if (tally.reduce((a, v) => a + v.withOutcome, 0) < e.target_calls) continue;
    await freeze(tx, workspaceId, e, tally, 'completed');
    done.push({ id: e.id, name: e.name, verdict: liveResult(e, tally, true).verdict });
  }
  return done;
}

async function freeze(tx: Sql, workspaceId: string, e: ExperimentRow, tally: VariantTally[], status: 'completed' | 'stopped') {
  const result = liveResult(e, tally, true);
  await tx.query(
    `UPDATE experiments SET status = $3, result = $4::jsonb, winner_variant = $5, completed_at = now(), updated_at = now() WHERE workspace_id = $1 AND id = $2`,
    [workspaceId, e.id, status, JSON.stringify(result), result.winner],
  );
}

/** An in-app (and any configured channel) notice to the workspace's managers. Call after the commit. */
export async function notifyCompleted(deps: Deps, workspaceId: string, done: CompletedExperiment[]): Promise<void> {
  if (!done.length) return;
  const r = await getProviderRegistry(deps).resolve(workspaceId, 'notifier');
  if (!r.configured) return;
  for (const e of done) {
    await r.port.notify({ workspaceId, minRole: 'manager' }, {
      kind: 'experiment.completed', title: `Experiment finished: ${e.name}`, body: e.verdict,
      link: `/review?tab=deep&experiment=${e.id}`, ref: { type: 'experiment', id: e.id }, dedupeKey: `experiment.completed:${e.id}`,
    });
  }
}

/**
 * After an outcome was logged for a call (attempt committed): completes the experiments the call
 * was in that reached their target, and tells the managers. Opens its own transaction.
 */
export async function experimentOutcomeLogged(deps: Deps, workspaceId: string, callSessionId: string | null): Promise<CompletedExperiment[]> {
  if (!callSessionId) return [];
  const done = await withWorkspace(deps.db, workspaceId, async (tx) => {
    const { rows } = await tx.query<{ experiment_id: string }>('SELECT experiment_id FROM experiment_assignments WHERE workspace_id = $1 AND call_session_id = $2', [workspaceId, callSessionId]);
    return rows.length ? completeDueExperiments(tx, workspaceId, rows.map((r) => r.experiment_id)) : [];
  });
  await notifyCompleted(deps, workspaceId, done);
  return done;
}

export async function loadExperiments(tx: Sql, workspaceId: string, opts: { status?: ExperimentStatus; ids?: string[] } = {}): Promise<Experiment[]> {
  const rows = await selectExperiments(tx, workspaceId, opts);
  const [t, labels] = await Promise.all([tallies(tx, workspaceId, rows.map((r) => r.id)), dispositionLabels(tx, workspaceId)]);
  return rows.map((r) => toDto(r, t.get(r.id) ?? [], labels));
}

export async function loadExperiment(tx: Sql, workspaceId: string, id: string): Promise<Experiment> {
  await requireExperiment(tx, workspaceId, id);
  const [e] = await loadExperiments(tx, workspaceId, { ids: [id] });
  return e;
}

export async function startExperiment(tx: Sql, workspaceId: string, id: string): Promise<void> {
  const e = await requireExperiment(tx, workspaceId, id, { forUpdate: true });
  if (e.status !== 'draft') throw conflict(`This experiment is ${e.status}; only a draft can be started.`);
  await tx.query(`UPDATE experiments SET status = 'running', started_at = now(), updated_at = now() WHERE workspace_id = $1 AND id = $2`, [workspaceId, id]);
}

/** Stops taking calls; the result so far is frozen (promotable only when it is significant). */
export async function stopExperiment(tx: Sql, workspaceId: string, id: string): Promise<void> {
  const e = await requireExperiment(tx, workspaceId, id, { forUpdate: true });
  if (e.status === 'completed' || e.status === 'stopped') throw conflict(`This experiment is already ${e.status}.`);
  const t = await tallies(tx, workspaceId, [id]);
  await freeze(tx, workspaceId, e, t.get(id) ?? [], 'stopped');
}

/** "31% vs 18% (p=0.012, n=120)": the promoted variant against the best of the others. */
export function metricValue(e: Experiment, variantKey: string): string {
  const r = e.result;
  const mine = r.perVariant.find((v) => v.key === variantKey)!;
  const others = r.perVariant.filter((v) => v.key !== variantKey).sort((a, b) => (b.rate ?? -1) - (a.rate ?? -1));
  const p = r.pValue === null ? 'no test: too few calls' : formatPValue(r.pValue).replace(' = ', '=').replace(' < ', '<');
  return `${formatRate(mine.rate)} vs ${formatRate(others[0]?.rate ?? null)} (${p}, n=${r.calls})`;
}

/**
 * Promotes a variant to a playbook rule (kind rule, the variant's text as body) with the result as
 * its metric evidence, in one transaction. Allowed once the experiment is completed, or stopped
 * with a significant result; when there is a winner, only the winner.
 */
export async function promoteVariant(tx: Sql, workspaceId: string, userId: string | null, id: string, variantKey: string): Promise<void> {
  const row = await requireExperiment(tx, workspaceId, id, { forUpdate: true });
  const [e] = await loadExperiments(tx, workspaceId, { ids: [id] });
  if (e.promotedRuleId) throw conflict('This experiment was already promoted to the playbook.');
  if (e.status === 'stopped' && !e.result.significant) throw conflict('This experiment was stopped without a significant result: there is no winner to promote.');
  if (e.status !== 'completed' && e.status !== 'stopped') throw conflict(`This experiment is still ${e.status}: promote a variant once it is completed (or stop it with a significant result).`);
  const v = e.variants.find((x) => x.key.toLowerCase() === variantKey.toLowerCase() || x.label.toLowerCase() === variantKey.toLowerCase());
  if (!v) throw badRequest(`There is no variant "${variantKey}"; use ${e.variants.map((x) => x.key).join(', ')}.`, { variant: 'Unknown variant.' });
  if (e.result.winner && e.result.winner !== v.key) {
    const w = e.variants.find((x) => x.key === e.result.winner)!;
    throw badRequest(`${w.label} won this experiment; only the winner can be promoted.`, { variant: `Promote ${w.key} (${w.label}).` });
  }
  const subject = e.subject.charAt(0).toUpperCase() + e.subject.slice(1);
  const category = e.subject === 'opener' ? 'opening' : e.subject === 'close' ? 'closing' : e.subject;
  const day = (s: string | null) => (s ? s.slice(0, 10) : null);
  const input = PlaybookRuleCreateSchema.parse({
    kind: 'rule', category, title: `${subject}: ${v.label}`.slice(0, 200), body: v.text,
    segments: row.segments, stages: row.stages, tags: row.tags, source: 'experiment', sourceExperimentId: id, sourceReviewId: row.source_review_id,
    evidence: [{
      kind: 'metric', name: `experiment ${e.name.slice(0, 60)}: ${v.label} success rate`.slice(0, 120), value: metricValue(e, v.key),
      period: [day(e.startedAt), day(e.completedAt)].filter(Boolean).join(' – ') || undefined, link: `/review?tab=deep&experiment=${id}`,
    }],
  });
  const { id: ruleId } = await createRuleWithEvidence(tx, workspaceId, userId, input);
  await tx.query('UPDATE experiments SET promoted_rule_id = $3, updated_at = now() WHERE workspace_id = $1 AND id = $2', [workspaceId, id, ruleId]);
}
