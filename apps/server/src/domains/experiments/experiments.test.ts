import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallExperimentsSchema, DialSessionSchema, ExperimentListSchema, ExperimentSchema, PlaceCallResponseSchema, type Experiment } from '@flywheel/contracts';
import { createTestContext, testDbKind, type TestContext, type TestWorkspace } from '../../../test/harness.ts';
import { makeLead, zoneAtLocalHour } from '../dialer/dialer.test-helpers.ts';
import { addMember } from '../leads/leads.test-helpers.ts';
import { withWorkspace } from '../../platform/tenancy/with-workspace.ts';
import { assignExperimentVariants } from './index.ts';

let t: TestContext;
const daytime = zoneAtLocalHour(13);
let phoneSeq = 0;

beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t?.close());

type Api = ReturnType<TestContext['as']>;

async function workspace(name: string) {
  const w = await t.newWorkspace(name);
  return { w, api: t.as({ cookie: w.cookie }) };
}

async function lead(w: TestWorkspace, api: Api, name: string, extra: Record<string, unknown> = {}) {
  phoneSeq += 1;
  const id = await makeLead(t, w, name, `+1312555${String(2000 + phoneSeq).padStart(4, '0')}`, extra);
  await api({ method: 'PATCH', url: `/api/v1/leads/${id}`, payload: { timezone: daytime } });
  return id;
}

async function create(api: Api, payload: Record<string, unknown>): Promise<Experiment> {
  const res = await api({ method: 'POST', url: '/api/v1/experiments', payload });
  expect(res.statusCode, res.body).toBe(201);
  return ExperimentSchema.parse(res.json());
}

const base = (extra: Record<string, unknown> = {}) => ({
  name: 'Opener test',
  hypothesis: 'Asking a question first gets more conversations',
  variants: [{ label: 'Statement', text: 'Hi, this is Sam from Flywheel.' }, { label: 'Question', text: 'Hi, quick question about your fleet?' }],
  ...extra,
});

async function get(api: Api, id: string): Promise<Experiment> {
  const res = await api({ method: 'GET', url: `/api/v1/experiments/${id}` });
  expect(res.statusCode, res.body).toBe(200);
  return ExperimentSchema.parse(res.json());
}

/** A Dialer session over these leads (phone app), item ids in lead order. */
async function session(api: Api, leadIds: string[]) {
  const res = await api({ method: 'POST', url: '/api/v1/dialer/sessions', payload: { mode: 'custom', custom: { leadIds }, callVia: 'tel' } });
  expect(res.statusCode, res.body).toBe(201);
  const s = DialSessionSchema.parse(res.json());
  return { id: s.id, items: leadIds.map((l) => s.items.find((i) => i.leadId === l)!.id) };
}

const itemUrl = (s: string, i: string) => `/api/v1/dialer/sessions/${s}/items/${i}`;

async function placeCall(api: Api, s: string, item: string): Promise<string> {
  const res = await api({ method: 'POST', url: `${itemUrl(s, item)}/call`, payload: {} });
  expect(res.statusCode, res.body).toBe(201);
  return PlaceCallResponseSchema.parse(res.json()).callSession.id;
}

async function logOutcome(api: Api, s: string, item: string, dispositionKey: string) {
  const res = await api({ method: 'POST', url: `${itemUrl(s, item)}/disposition`, payload: { dispositionKey } });
  expect(res.statusCode, res.body).toBe(201);
}

async function forCall(api: Api, callId: string) {
  const res = await api({ method: 'GET', url: `/api/v1/experiments/for-call/${callId}` });
  expect(res.statusCode, res.body).toBe(200);
  return CallExperimentsSchema.parse(res.json()).data;
}

describe(`experiments on ${testDbKind}`, () => {
  it('validates each field of a new experiment with a 400 naming it, and fills the defaults', async () => {
    const { w, api } = await workspace('Experiments validation');
    const bad = async (payload: Record<string, unknown>, field: string, message: RegExp) => {
      const res = await api({ method: 'POST', url: '/api/v1/experiments', payload });
      expect(res.statusCode, res.body).toBe(400);
      expect(Object.keys(res.json().error.fields ?? {}), res.body).toContain(field);
      expect(res.json().error.message).toMatch(message);
    };
    await bad(base({ name: '  ' }), 'name', /Name the experiment/);
    await bad(base({ variants: [{ label: 'Only', text: 'x' }] }), 'variants', /at least two variants/);
    await bad(base({ variants: ['A', 'B', 'C', 'D', 'E'].map((l) => ({ label: l, text: l })) }), 'variants', /At most four/);
    await bad(base({ variants: [{ label: 'Same', text: 'a' }, { label: 'same', text: 'b' }] }), 'variants.1.label', /same name/);
    await bad(base({ variants: [{ label: 'A', text: 'a' }, { label: 'B', text: ' ' }] }), 'variants.1.text', /Write what the rep says/);
    await bad(base({ targetCalls: 1 }), 'targetCalls', /At least 2 calls/);
    await bad(base({ targetCalls: 2.5 }), 'targetCalls', /whole number/);
    await bad(base({ targetCalls: 5, variants: ['A', 'B', 'C'].map((l) => ({ label: l, text: l })) }), 'targetCalls', /At least 6 calls for 3 variants/);
    await bad(base({ subject: '!!' }), 'subject', /Letters, digits/);
    await bad(base({ successDispositions: ['meeting_set', 'nope'] }), 'successDispositions', /Unknown outcome: nope/);
    await bad(base({ successDispositions: [] }), 'successDispositions', /at least one outcome/);
    await bad(base({ targeting: { stages: ['nowhere'] } }), 'targeting.stages', /Unknown stage: nowhere/);
    await bad(base({ sourceReviewId: '00000000-0000-4000-8000-000000000000' }), 'sourceReviewId', /no such review/);
    await bad(base({ sourceReviewId: 'abc' }), 'sourceReviewId', /Not a review id/);
    // a review of another workspace is not found either
    const other = await workspace('Experiments other review');
    const call = (await t.db.query<{ id: string }>(
      `INSERT INTO call_sessions (workspace_id, provider, direction, from_number, to_number) VALUES ($1, 'sandbox', 'outbound', '+12125550100', '+12125550199') RETURNING id`,
      [other.w.workspaceId],
    )).rows[0].id;
    const review = (await t.db.query<{ id: string }>('INSERT INTO call_reviews (workspace_id, call_session_id, author_id) VALUES ($1, $2, $3) RETURNING id', [other.w.workspaceId, call, other.w.userId])).rows[0].id;
    await bad(base({ sourceReviewId: review }), 'sourceReviewId', /no such review/);

    const e = await create(api, base({ targeting: { segments: ['Fleet', 'Fleet'], stages: ['new'], tags: [] } }));
    expect(e).toMatchObject({
      name: 'Opener test', subject: 'opener', status: 'running', targetCalls: 20, winnerVariant: null, promotedRuleId: null, canPromote: false,
      successDispositions: ['some_interest', 'meeting_set', 'sold'], successLabels: ['Some interest', 'Meeting set', 'Sold'],
      targeting: { segments: ['Fleet'], stages: ['new'], tags: [] }, createdBy: w.userId,
      progress: { assigned: 0, withOutcome: 0, perVariant: [{ key: 'A', assigned: 0, withOutcome: 0 }, { key: 'B', assigned: 0, withOutcome: 0 }] },
    });
    expect(e.variants.map((v) => v.key)).toEqual(['A', 'B']);
    expect(e.startedAt).not.toBeNull();
    expect(e.result).toMatchObject({ test: 'none', verdict: 'Too few calls to tell', calls: 0 });
    const own = await create(api, base({ name: 'Own outcomes', successDispositions: ['follow_up'], subject: 'Close' }));
    expect(own).toMatchObject({ successDispositions: ['follow_up'], subject: 'close' });
    // a rep reads but does not create
    const rep = await addMember(t, w, 'rep');
    const asRep = t.as({ cookie: rep.cookie });
    expect((await asRep({ method: 'POST', url: '/api/v1/experiments', payload: base() })).statusCode).toBe(403);
    expect((await asRep({ method: 'GET', url: '/api/v1/experiments' })).json().data).toHaveLength(2);
  });

  it('assigns the least-used variant, follows the targeting, keeps a lead on its variant and stops at the target', async () => {
    const { w, api } = await workspace('Experiments assignment');
    const all = await create(api, base({ name: 'Everyone', targetCalls: 6 }));
    const fleet = await create(api, base({ name: 'Fleet only', targeting: { segments: ['fleet'], tags: ['vip', 'hot'] } }));
    const stage = await create(api, base({ name: 'Interested only', targeting: { stages: ['interested'] } }));
    const leads = [
      await lead(w, api, 'Fleet VIP', { segment: 'Fleet', tags: ['vip'] }),
      await lead(w, api, 'Fleet cold', { segment: 'Fleet', tags: ['cold'] }),
      await lead(w, api, 'Retail Hot', { segment: 'Retail', tags: ['hot'] }),
      await lead(w, api, 'Plain one'),
      await lead(w, api, 'Fleet HOT', { segment: 'fleet', tags: ['Hot'] }),
    ];
    const s = await session(api, leads);
    const calls: string[] = [];
    for (const [i, item] of s.items.entries()) {
      calls.push(await placeCall(api, s.id, item));
      await logOutcome(api, s.id, item, i === 0 ? 'some_interest' : 'no_answer'); // the first lead moves to "interested"
    }
    const of = async (callId: string) => Object.fromEntries((await forCall(api, callId)).map((v) => [v.experimentName, v.variantKey]));
    const assigned = await Promise.all(calls.map(of));
    // everyone's experiment: balanced 3/2 over five calls
    const keys = assigned.map((a) => a.Everyone);
    expect(keys.every((k) => k === 'A' || k === 'B')).toBe(true);
    expect(Math.abs(keys.filter((k) => k === 'A').length - keys.filter((k) => k === 'B').length)).toBe(1);
    // fleet segment (any case) AND a vip/hot tag (any case): the first and the last lead only
    expect(assigned.map((a) => 'Fleet only' in a)).toEqual([true, false, false, false, true]);
    expect(assigned[0]['Fleet only']).not.toBe(assigned[4]['Fleet only']); // the second call got the other variant
    // stage interested: nobody was interested when called
    expect(assigned.some((a) => 'Interested only' in a)).toBe(false);
    const detail = await forCall(api, calls[0]);
    const everyone = detail.find((d) => d.experimentName === 'Everyone')!;
    expect(everyone).toMatchObject({ experimentId: all.id, subject: 'opener' });
    expect(everyone.variantText).toBe(all.variants.find((v) => v.key === everyone.variantKey)!.text);
    expect(everyone.variantLabel).toBe(all.variants.find((v) => v.key === everyone.variantKey)!.label);

    // a redial of the first lead (now interested): same variant as before in both experiments, and the stage experiment starts
    const again = await session(api, [leads[0]]);
    const redial = await placeCall(api, again.id, again.items[0]);
    const second = await of(redial);
    expect(second.Everyone).toBe(assigned[0].Everyone);
    expect(second['Fleet only']).toBe(assigned[0]['Fleet only']);
    expect(second['Interested only']).toMatch(/^[AB]$/);
    expect((await get(api, all.id)).progress.assigned).toBe(6);
    // the target (6) is reached: the next call gets nothing from "Everyone"
    const more = await session(api, [leads[3]]);
    expect(await of(await placeCall(api, more.id, more.items[0]))).not.toHaveProperty('Everyone');
    const everyoneNow = await get(api, all.id);
    expect(everyoneNow.progress.assigned).toBe(6);
    // the five first calls (3/2) plus the redial on the first lead's variant
    const expected = { A: keys.filter((k) => k === 'A').length, B: keys.filter((k) => k === 'B').length };
    expected[assigned[0].Everyone as 'A' | 'B'] += 1;
    expect(Object.fromEntries(everyoneNow.progress.perVariant.map((v) => [v.key, v.assigned]))).toEqual(expected);
    expect((await get(api, fleet.id)).progress.assigned).toBe(3);
    expect((await get(api, stage.id)).progress.assigned).toBe(1);

    // one assignment per call and experiment, even if assigned twice
    const dup = await withWorkspace(t.db, w.workspaceId, (tx) => assignExperimentVariants(tx, w.workspaceId, { callSessionId: redial, leadId: leads[0], userId: w.userId }));
    expect(dup).toEqual([]);
    const { rows } = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM experiment_assignments WHERE call_session_id = $1', [redial]);
    expect(rows[0].n).toBe(3);
  });

  it('stops at the target while calls wait for an outcome, and frees the slot of a call nobody logged after 12 hours', async () => {
    const { w, api } = await workspace('Experiments slots');
    const e = await create(api, base({ targetCalls: 4 }));
    const leads: string[] = [];
    for (let i = 0; i < 5; i++) leads.push(await lead(w, api, `Slot ${i}`));
    const s = await session(api, leads);
    const calls: string[] = [];
    for (const item of s.items) calls.push(await placeCall(api, s.id, item));
    const got = await Promise.all(calls.map((c) => forCall(api, c)));
    expect(got.map((g) => g.length)).toEqual([1, 1, 1, 1, 0]); // full: four calls placed, none logged yet
    expect(got.slice(0, 4).map((g) => g[0].variantKey).sort()).toEqual(['A', 'A', 'B', 'B']);
    // the first call was never logged and is old: its slot is free again for the next call
    await t.db.query(`UPDATE experiment_assignments SET assigned_at = now() - interval '13 hours' WHERE call_session_id = $1`, [calls[0]]);
    await logOutcome(api, s.id, s.items[4], 'no_answer');
    const later = await session(api, [leads[4]]);
    const next = await forCall(api, await placeCall(api, later.id, later.items[0]));
    expect(next.map((v) => v.experimentId)).toEqual([e.id]);
    expect((await get(api, e.id)).progress.assigned).toBe(5);
  });

  it('computes the result from the outcomes logged through the Dialer, completes at the target and notifies the managers once', async () => {
    const { w, api } = await workspace('Experiments results');
    const rep = await addMember(t, w, 'rep', 'Rita Rep');
    const manager = await addMember(t, w, 'manager', 'Mo Manager');
    const asRep = t.as({ cookie: rep.cookie });
    const e = await create(api, base({ name: 'Results test', targetCalls: 16, successDispositions: ['some_interest', 'meeting_set'] }));
    const leads: string[] = [];
    for (let i = 0; i < 16; i++) leads.push(await lead(w, api, `Result lead ${i}`));
    // the rep dials: variant B always gets interest, A never (0/8 vs 8/8)
    const s = await session(asRep, leads);
    const logged = { A: { calls: 0, successes: 0 }, B: { calls: 0, successes: 0 } };
    for (const [i, item] of s.items.entries()) {
      const call = await placeCall(asRep, s.id, item);
      const [v] = await forCall(asRep, call);
      const key = v.variantKey as 'A' | 'B';
      if (i === 15) {
        // the last call is placed but not logged yet: it has no outcome and is not counted
        const mid = await get(api, e.id);
        expect(mid.status).toBe('running');
        expect(mid.progress).toMatchObject({ assigned: 16, withOutcome: 15 });
        expect(mid.result.calls).toBe(15);
        for (const pv of mid.result.perVariant) expect({ calls: pv.calls, successes: pv.successes }).toEqual(logged[pv.key as 'A' | 'B']);
        expect(mid.result.final).toBe(false);
      }
      await logOutcome(asRep, s.id, item, key === 'B' ? 'some_interest' : 'no_answer');
      logged[key].calls += 1;
      if (key === 'B') logged[key].successes += 1;
    }
    expect(logged).toEqual({ A: { calls: 8, successes: 0 }, B: { calls: 8, successes: 8 } });
    // completed by the last logged outcome (no read needed), result frozen in the row
    const row = (await t.db.query<{ status: string; winner_variant: string | null; result: { pValue: number; test: string; verdict: string } | null; completed_at: Date | null }>(
      'SELECT status, winner_variant, result, completed_at FROM experiments WHERE id = $1', [e.id],
    )).rows[0];
    expect(row.status).toBe('completed');
    expect(row.winner_variant).toBe('B');
    expect(row.completed_at).not.toBeNull();
    // 0/8 vs 8/8: expected counts of 4 → Fisher's exact, two-sided p = 2 / C(16, 8) = 1/6435 (scipy.stats.fisher_exact: 0.0001554001554001554)
    expect(row.result!.test).toBe('fisher_exact');
    expect(row.result!.pValue).toBeCloseTo(0.0001554001554001554, 12);
    expect(row.result!.verdict).toBe('Question beats Statement: 100% vs 0%, p < 0.001');
    const done = await get(api, e.id);
    expect(done).toMatchObject({ status: 'completed', winnerVariant: 'B', canPromote: true, result: { final: true, significant: true, winner: 'B' } });
    // managers (owner and manager) are told once; the rep is not
    const notes = async (cookie: string) => ((await t.as({ cookie })({ method: 'GET', url: '/api/v1/notifications' })).json().data as { kind: string; title: string; body: string; link: string }[]).filter((n) => n.kind === 'experiment.completed');
    for (const cookie of [w.cookie, manager.cookie]) {
      const n = await notes(cookie);
      expect(n).toHaveLength(1);
      expect(n[0]).toMatchObject({ title: 'Experiment finished: Results test', body: 'Question beats Statement: 100% vs 0%, p < 0.001', link: `/review?tab=deep&experiment=${e.id}` });
    }
    expect(await notes(rep.cookie)).toEqual([]);
    // no more assignments once completed
    const extra = await lead(w, api, 'After the end');
    const s2 = await session(asRep, [extra]);
    expect(await forCall(asRep, await placeCall(asRep, s2.id, s2.items[0]))).toEqual([]);
    // later outcomes do not change the frozen result; reading again does not notify again
    expect((await get(api, e.id)).result.calls).toBe(16);
    expect(await notes(w.cookie)).toHaveLength(1);
    // the list filters by status
    expect(ExperimentListSchema.parse((await api({ method: 'GET', url: '/api/v1/experiments?status=completed' })).json()).data.map((x) => x.id)).toEqual([e.id]);
    expect((await api({ method: 'GET', url: '/api/v1/experiments?status=running' })).json().data).toEqual([]);
    expect((await api({ method: 'GET', url: '/api/v1/experiments?status=nope' })).statusCode).toBe(400);

    // promotion: only the winner, once, as a rule with its metric evidence
    const promote = (variant: string, as: Api = api) => as({ method: 'POST', url: `/api/v1/experiments/${e.id}/promote`, payload: { variant } });
    expect((await promote('B', asRep)).statusCode).toBe(403);
    const loser = await promote('A');
    expect(loser.statusCode).toBe(400);
    expect(loser.json().error.message).toMatch(/Question won this experiment/);
    expect((await promote('Z')).statusCode).toBe(400);
    const ok = await promote('B');
    expect(ok.statusCode, ok.body).toBe(200);
    const promoted = ExperimentSchema.parse(ok.json());
    expect(promoted.promotedRuleId).not.toBeNull();
    expect(promoted.canPromote).toBe(false);
    const rule = (await api({ method: 'GET', url: `/api/v1/playbook/rules/${promoted.promotedRuleId}` })).json();
    expect(rule).toMatchObject({ kind: 'rule', title: 'Opener: Question', body: 'Hi, quick question about your fleet?', category: 'opening', source: 'experiment', sourceExperimentId: e.id });
    expect(JSON.stringify(rule.evidence)).toContain('experiment Results test: Question success rate');
    expect(JSON.stringify(rule.evidence)).toContain('100% vs 0% (p<0.001, n=16)');
    expect(JSON.stringify(rule.evidence)).toContain(`/review?tab=deep&experiment=${e.id}`);
    expect((await promote('B')).statusCode).toBe(409);
  });

  it('starts a draft, stops a running experiment (frozen), and refuses promotion without a significant result', async () => {
    const { w, api } = await workspace('Experiments lifecycle');
    const draft = await create(api, base({ name: 'Draft one', start: false }));
    expect(draft).toMatchObject({ status: 'draft', startedAt: null });
    const l1 = await lead(w, api, 'Life one');
    const s = await session(api, [l1]);
    const c1 = await placeCall(api, s.id, s.items[0]);
    expect(await forCall(api, c1)).toEqual([]); // a draft assigns nothing
    const promoteDraft = await api({ method: 'POST', url: `/api/v1/experiments/${draft.id}/promote`, payload: { variant: 'A' } });
    expect(promoteDraft.statusCode).toBe(409);
    const started = await api({ method: 'POST', url: `/api/v1/experiments/${draft.id}/start` });
    expect(started.statusCode, started.body).toBe(200);
    expect(started.json()).toMatchObject({ status: 'running' });
    expect(started.json().startedAt).not.toBeNull();
    expect((await api({ method: 'POST', url: `/api/v1/experiments/${draft.id}/start` })).statusCode).toBe(409);
    await logOutcome(api, s.id, s.items[0], 'no_answer');
    const l2 = await lead(w, api, 'Life two');
    const s2 = await session(api, [l2]);
    const c2 = await placeCall(api, s2.id, s2.items[0]);
    expect((await forCall(api, c2)).map((v) => v.experimentId)).toEqual([draft.id]);
    await logOutcome(api, s2.id, s2.items[0], 'some_interest');

    const stopped = await api({ method: 'POST', url: `/api/v1/experiments/${draft.id}/stop` });
    expect(stopped.statusCode, stopped.body).toBe(200);
    expect(stopped.json()).toMatchObject({ status: 'stopped', canPromote: false, result: { final: true, verdict: 'Too few calls to tell', calls: 1 } });
    expect((await api({ method: 'POST', url: `/api/v1/experiments/${draft.id}/stop` })).statusCode).toBe(409);
    const noWinner = await api({ method: 'POST', url: `/api/v1/experiments/${draft.id}/promote`, payload: { variant: 'A' } });
    expect(noWinner.statusCode).toBe(409);
    expect(noWinner.json().error.message).toMatch(/stopped without a significant result/);
    const l3 = await lead(w, api, 'Life three');
    const s3 = await session(api, [l3]);
    expect(await forCall(api, await placeCall(api, s3.id, s3.items[0]))).toEqual([]);
  });

  it("gives the rep the variant filled with the lead's data, like the script", async () => {
    const { w, api } = await workspace('Experiments variables');
    await create(api, base({ variants: [{ label: 'Named', text: 'Hi {FirstName}, calling about {Company}.' }, { label: 'Also named', text: '{FirstName}, quick question about {Company}?' }] }));
    const l = await lead(w, api, 'Dana Freight');
    const s = await session(api, [l]);
    const [v] = await forCall(api, await placeCall(api, s.id, s.items[0]));
    expect(v.variantText).toBe(v.variantKey === 'A' ? 'Hi Dana, calling about Dana Freight.' : 'Dana, quick question about Dana Freight?');
  });

  it('keeps experiments inside their workspace (404 to another one)', async () => {
    const a = await workspace('Experiments tenant A');
    const b = await workspace('Experiments tenant B');
    const e = await create(a.api, base({ name: 'Secret test' }));
    const l = await lead(a.w, a.api, 'Tenant lead');
    const s = await session(a.api, [l]);
    const call = await placeCall(a.api, s.id, s.items[0]);
    expect((await forCall(a.api, call))).toHaveLength(1);
    expect((await b.api({ method: 'GET', url: `/api/v1/experiments/${e.id}` })).statusCode).toBe(404);
    expect((await b.api({ method: 'GET', url: `/api/v1/experiments/for-call/${call}` })).statusCode).toBe(404);
    expect((await b.api({ method: 'POST', url: `/api/v1/experiments/${e.id}/stop` })).statusCode).toBe(404);
    expect((await b.api({ method: 'POST', url: `/api/v1/experiments/${e.id}/start` })).statusCode).toBe(404);
    expect((await b.api({ method: 'POST', url: `/api/v1/experiments/${e.id}/promote`, payload: { variant: 'A' } })).statusCode).toBe(404);
    expect((await b.api({ method: 'GET', url: '/api/v1/experiments' })).json().data).toEqual([]);
    // b's calls are never assigned to a's experiment
    const lb = await lead(b.w, b.api, 'Other tenant lead');
    const sb = await session(b.api, [lb]);
    expect(await forCall(b.api, await placeCall(b.api, sb.id, sb.items[0]))).toEqual([]);
    expect((await get(a.api, e.id)).status).toBe('running');
  });
});
