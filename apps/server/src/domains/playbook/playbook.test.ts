import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, type TestWorkspace } from '../../../test/harness.ts';
import { withWorkspace } from '../../platform/tenancy/with-workspace.ts';
import { insertAttempts, insertCallSessions } from '../calls/index.ts';
import { addMember } from '../leads/leads.test-helpers.ts';
import { createRuleWithEvidence, mapEvidenceConstraint, matchingRules } from './index.ts';
import { PlaybookRuleCreateSchema } from '@flywheel/contracts';

let t: TestContext;
let w: TestWorkspace;
beforeAll(async () => {
  t = await createTestContext();
  w = await t.newWorkspace('Playbook');
});
afterAll(async () => t?.close());

type Api = ReturnType<TestContext['as']>;

async function lead(ws: TestWorkspace, name: string, extra: Record<string, unknown> = {}): Promise<string> {
  const res = await t.as({ cookie: ws.cookie })({ method: 'POST', url: '/api/v1/leads', payload: { name, contact: { firstName: name.split(' ')[0] }, ...extra } });
  if (res.statusCode !== 201) throw new Error(`lead: ${res.statusCode} ${res.body}`);
  return res.json().id;
}

/** A finished, recorded call of `seconds` (answered) in the workspace. */
async function call(ws: TestWorkspace, leadId: string | null, seconds: number | null = 120): Promise<string> {
  const started = new Date(Date.now() - 3600_000);
  const [id] = await withWorkspace(t.db, ws.workspaceId, (tx) =>
    insertCallSessions(tx, ws.workspaceId, [{
      provider: 'sandbox', providerCallId: null, direction: 'outbound', from: '+12125550142', to: '+13125550199', status: 'completed',
      statusHistory: [{ status: 'completed', at: started.toISOString(), source: 'provider' }], startedAt: started, answeredAt: started,
      endedAt: seconds == null ? null : new Date(started.getTime() + seconds * 1000), providerDurationSeconds: seconds,
      recordingUrl: 'https://example.test/rec.mp3', recordingStatus: 'completed', leadId, userId: ws.userId,
    }]),
  );
  return id;
}

const callEvidence = (callSessionId: string, start = 10, end = 20, snippet = 'We only buy in Q4 — call me in September.') => ({ kind: 'call', callSessionId, start, end, snippet });

async function createRule(api: Api, payload: Record<string, unknown>) {
  const res = await api({ method: 'POST', url: '/api/v1/playbook/rules', payload });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

describe('playbook rules need evidence (invariant 5)', () => {
  it('the API refuses a rule without evidence, naming the field', async () => {
    const api = t.as({ cookie: w.cookie });
    for (const payload of [{ title: 'No proof' }, { title: 'No proof', evidence: [] }]) {
      const res = await api({ method: 'POST', url: '/api/v1/playbook/rules', payload });
      expect(res.statusCode).toBe(400);
      expect(res.body).toMatch(/evidence/i);
    }
    expect((await api({ method: 'GET', url: '/api/v1/playbook/rules?status=all' })).json().data).toHaveLength(0);
  });

  it('the DATABASE refuses a rule without evidence at commit, even from a raw insert in a tenant transaction', async () => {
    const x = await t.newWorkspace('Playbook raw');
    const raw = withWorkspace(t.db, x.workspaceId, async (tx) => {
      await tx.query(`INSERT INTO playbook_rules (workspace_id, title) VALUES ($1, 'Sneaky')`, [x.workspaceId]);
      return 'committed';
    });
    await expect(raw).rejects.toMatchObject({ code: '23514' });
    await expect(raw).rejects.toThrow(/needs at least one piece of evidence/);
    const { rows } = await t.db.query('SELECT count(*)::int AS n FROM playbook_rules WHERE workspace_id = $1', [x.workspaceId]);
    expect(rows[0]).toEqual({ n: 0 });

    // the error the routes get from such a commit becomes a clear 409, not a 500
    const mapped = withWorkspace(t.db, x.workspaceId, async (tx) => {
      await tx.query(`INSERT INTO playbook_rules (workspace_id, title) VALUES ($1, 'Sneaky')`, [x.workspaceId]);
    }).catch(mapEvidenceConstraint);
    await expect(mapped).rejects.toMatchObject({ status: 409, code: 'needs_evidence', message: expect.stringMatching(/needs at least one piece of evidence/) });

    // and createRuleWithEvidence (used by Review and Experiments) in the caller's transaction succeeds with metric evidence
    const input = PlaybookRuleCreateSchema.parse({ title: 'Opener B wins', kind: 'rule', source: 'experiment', evidence: [{ kind: 'metric', name: 'Meeting rate', value: 0.18, period: 'Mar 2026' }] });
    const { id } = await withWorkspace(t.db, x.workspaceId, (tx) => createRuleWithEvidence(tx, x.workspaceId, x.userId, input));
    const detail = (await t.as({ cookie: x.cookie })({ method: 'GET', url: `/api/v1/playbook/rules/${id}` })).json();
    expect(detail).toMatchObject({ title: 'Opener B wins', source: 'experiment', version: 1, evidenceCount: 1, evidence: [{ kind: 'metric', metric: { name: 'Meeting rate', value: 0.18, period: 'Mar 2026' } }] });
    expect(detail.history).toHaveLength(1);

    // removing the last evidence with raw SQL is refused by the database too
    const del = withWorkspace(t.db, x.workspaceId, (tx) => tx.query('DELETE FROM playbook_evidence WHERE rule_id = $1', [id]));
    await expect(del).rejects.toMatchObject({ code: '23514' });
    expect((await t.db.query('SELECT count(*)::int AS n FROM playbook_evidence WHERE rule_id = $1', [id])).rows[0]).toEqual({ n: 1 });
  });

  it('validates evidence: call must be ours, end ≥ start, within the call; message must exist; metric needs name and value', async () => {
    const api = t.as({ cookie: w.cookie });
    const other = await t.newWorkspace('Playbook other');
    const foreignCall = await call(other, null);
    const leadId = await lead(w, 'Evidence Lead');
    const mine = await call(w, leadId, 90);
    const cases: [unknown, RegExp][] = [
      [callEvidence(foreignCall), /call .*not found/i],
      [callEvidence(mine, 30, 10), /end/i],
      [callEvidence(mine, 80, 200), /ends after the call/i],
      [{ ...callEvidence(mine), snippet: '' }, /snippet/i],
      [{ kind: 'call', callSessionId: 'not-a-uuid', start: 0, end: 1, snippet: 'x' }, /call/i],
      [{ kind: 'message', messageId: '00000000-0000-4000-8000-000000000000' }, /message .*not found/i],
      [{ kind: 'metric', name: 'Connect rate' }, /value/i],
      [{ kind: 'video', url: 'x' }, /call, message or metric/i],
    ];
    for (const [ev, msg] of cases) {
      const res = await api({ method: 'POST', url: '/api/v1/playbook/rules', payload: { title: 'Checked', evidence: [ev] } });
      expect(res.statusCode, JSON.stringify(ev)).toBe(400);
      expect(res.body, JSON.stringify(ev)).toMatch(msg);
    }
    // a call of unknown length takes any moment
    const open = await call(w, leadId, null);
    await createRule(api, { title: 'Open call', evidence: [callEvidence(open, 500, 510)] });
    // nothing of the foreign workspace leaked into ours, and theirs is untouched
    const rule = await createRule(api, { title: 'Good', evidence: [callEvidence(mine, 12.5, 19)] });
    expect(rule.evidence[0]).toMatchObject({ kind: 'call', callSessionId: mine, start: 12.5, end: 19, leadId, leadName: 'Evidence Lead', hasRecording: true, callDurationSeconds: 90 });
  });

  it('takes a message of the workspace as evidence, with its lead and preview', async () => {
    const api = t.as({ cookie: w.cookie });
    const leadId = await lead(w, 'Message Lead');
    const { rows } = await withWorkspace(t.db, w.workspaceId, (tx) =>
      tx.query<{ id: string }>(
        `INSERT INTO messages (workspace_id, lead_id, channel, direction, from_address, to_address, body, status)
         VALUES ($1, $2, 'sms', 'in', '+13125550199', '+12125550142', 'Yes — Thursday at 10 works, bring the quote.', 'received') RETURNING id`,
        [w.workspaceId, leadId],
      ),
    );
    const rule = await createRule(api, { title: 'Text the quote before the meeting', evidence: [{ kind: 'message', messageId: rows[0].id }] });
    expect(rule.evidence[0]).toMatchObject({ kind: 'message', messageId: rows[0].id, leadId, leadName: 'Message Lead', messageChannel: 'sms', messageDirection: 'in', messagePreview: 'Yes — Thursday at 10 works, bring the quote.' });
  });

  it('adds evidence; refuses removing the last one; removes the others', async () => {
    const api = t.as({ cookie: w.cookie });
    const c = await call(w, null);
    const rule = await createRule(api, { title: 'Two proofs', evidence: [callEvidence(c)] });
    const only = rule.evidence[0].id;
    const last = await api({ method: 'DELETE', url: `/api/v1/playbook/evidence/${only}` });
    expect(last.statusCode).toBe(409);
    expect(last.json().error.message).toMatch(/only evidence/);
    const add = await api({ method: 'POST', url: `/api/v1/playbook/rules/${rule.id}/evidence`, payload: { kind: 'metric', name: 'Callback rate', value: '31%', link: 'https://example.test/report' } });
    expect(add.statusCode, add.body).toBe(201);
    expect(add.json()).toMatchObject({ kind: 'metric', metric: { name: 'Callback rate', value: '31%', link: 'https://example.test/report' } });
    const badLink = await api({ method: 'POST', url: `/api/v1/playbook/rules/${rule.id}/evidence`, payload: { kind: 'metric', name: 'x', value: 1, link: 'javascript:alert(1)' } });
    expect(badLink.statusCode).toBe(400);
    expect((await api({ method: 'DELETE', url: `/api/v1/playbook/evidence/${only}` })).statusCode).toBe(200);
    const detail = (await api({ method: 'GET', url: `/api/v1/playbook/rules/${rule.id}` })).json();
    expect(detail.evidence.map((e: { kind: string }) => e.kind)).toEqual(['metric']);
    expect((await api({ method: 'DELETE', url: `/api/v1/playbook/evidence/${add.json().id}` })).statusCode).toBe(409);
    expect((await api({ method: 'DELETE', url: `/api/v1/playbook/evidence/${only}` })).statusCode).toBe(404);
  });

  it('refuses evidence pointing at another workspace’s call, and hides other workspaces’ rules', async () => {
    const a = await t.newWorkspace('Playbook A');
    const b = await t.newWorkspace('Playbook B');
    const bCall = await call(b, null);
    const aCall = await call(a, null);
    const aRule = await createRule(t.as({ cookie: a.cookie }), { title: 'A rule', evidence: [callEvidence(aCall)] });
    const apiB = t.as({ cookie: b.cookie });
    const res = await apiB({ method: 'POST', url: '/api/v1/playbook/rules', payload: { title: 'Steal', evidence: [callEvidence(aCall)] } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields['evidence.0.callSessionId']).toMatch(/not found/);
    expect((await apiB({ method: 'POST', url: `/api/v1/playbook/rules/${aRule.id}/evidence`, payload: callEvidence(bCall) })).statusCode).toBe(404);
    expect((await apiB({ method: 'GET', url: `/api/v1/playbook/rules/${aRule.id}` })).statusCode).toBe(404);
    expect((await apiB({ method: 'GET', url: '/api/v1/playbook/rules' })).json().data).toEqual([]);
  });
});

describe('editing and history', () => {
  it('writes a version per change with who, note and changed fields; archive hides; only managers or the author edit', async () => {
    const x = await t.newWorkspace('Playbook history');
    const owner = t.as({ cookie: x.cookie });
    const c = await call(x, null);
    const rule = await createRule(owner, { title: 'Ask for the budget', category: 'Discovery', evidence: [callEvidence(c)] });
    expect(rule).toMatchObject({ category: 'discovery', version: 1, kind: 'rule', source: 'manual' });
    const p1 = await owner({ method: 'PATCH', url: `/api/v1/playbook/rules/${rule.id}`, payload: { title: 'Ask for the budget early', tags: ['roofing'], changeNote: 'Sharper' } });
    expect(p1.statusCode, p1.body).toBe(200);
    expect(p1.json()).toMatchObject({ version: 2, title: 'Ask for the budget early', tags: ['roofing'] });
    // a no-op patch writes no version
    expect((await owner({ method: 'PATCH', url: `/api/v1/playbook/rules/${rule.id}`, payload: { title: 'Ask for the budget early' } })).json().version).toBe(2);

    const rep = await addMember(t, x, 'rep', 'Rita Rep');
    const repApi = t.as({ cookie: rep.cookie });
    const denied = await repApi({ method: 'PATCH', url: `/api/v1/playbook/rules/${rule.id}`, payload: { title: 'Mine now' } });
    expect(denied.statusCode).toBe(403);
    expect((await repApi({ method: 'DELETE', url: `/api/v1/playbook/rules/${rule.id}` })).statusCode).toBe(403);
    // a rep may create, and edit their own
    const own = await createRule(repApi, { title: 'Rep rule', evidence: [{ kind: 'metric', name: 'Talk ratio', value: 0.4 }] });
    expect((await repApi({ method: 'PATCH', url: `/api/v1/playbook/rules/${own.id}`, payload: { body: 'Let them talk.' } })).statusCode).toBe(200);

    expect((await owner({ method: 'PATCH', url: `/api/v1/playbook/rules/${rule.id}`, payload: { status: 'archived' } })).json()).toMatchObject({ status: 'archived', version: 3 });
    const hist = (await owner({ method: 'GET', url: `/api/v1/playbook/rules/${rule.id}/history` })).json().data;
    expect(hist.map((v: { version: number }) => v.version)).toEqual([3, 2, 1]);
    expect(hist[0]).toMatchObject({ changeNote: 'Archived', changed: ['status'], editedBy: x.userId });
    expect(hist[1]).toMatchObject({ changeNote: 'Sharper', snapshot: { title: 'Ask for the budget early', tags: ['roofing'] } });
    expect(hist[1].changed.sort()).toEqual(['tags', 'title']);
    expect(hist[2]).toMatchObject({ changeNote: 'Created', changed: [], snapshot: { title: 'Ask for the budget', tags: [] } });

    const active = (await owner({ method: 'GET', url: '/api/v1/playbook/rules' })).json().data;
    expect(active.map((r: { title: string }) => r.title)).toEqual(['Rep rule']);
    const archived = (await owner({ method: 'GET', url: '/api/v1/playbook/rules?status=archived' })).json().data;
    expect(archived.map((r: { id: string }) => r.id)).toEqual([rule.id]);
    expect((await owner({ method: 'DELETE', url: `/api/v1/playbook/rules/${rule.id}` })).statusCode).toBe(200);
    expect((await owner({ method: 'GET', url: `/api/v1/playbook/rules/${rule.id}` })).statusCode).toBe(404);
  });

  it('lists with filters (kind, category, q, segment, stage, tag) and categories', async () => {
    const x = await t.newWorkspace('Playbook list');
    const api = t.as({ cookie: x.cookie });
    const c = await call(x, null);
    const ev = [callEvidence(c, 5, 9, 'Price came up at minute one')];
    await createRule(api, { title: 'Lead with value', category: 'pricing', segments: ['Roofers'], evidence: ev });
    await createRule(api, { title: 'Stop at "send info"', kind: 'stop_signal', category: 'Gatekeepers', stages: ['contacted'], evidence: ev });
    await createRule(api, { title: 'Ten cold opens', kind: 'drill', tags: ['storm', 'hail'], evidence: [{ kind: 'metric', name: 'x', value: 1 }] });
    const titles = async (qs: string) => (await api({ method: 'GET', url: `/api/v1/playbook/rules?${qs}` })).json().data.map((r: { title: string }) => r.title).sort();
    expect(await titles('kind=drill')).toEqual(['Ten cold opens']);
    expect(await titles('category=PRICING')).toEqual(['Lead with value']);
    expect(await titles('q=minute%20one')).toEqual(['Lead with value', 'Stop at "send info"']);
    expect(await titles('q=100%25')).toEqual([]);
    expect(await titles('segment=roofers')).toEqual(['Lead with value']);
    expect(await titles('stage=contacted')).toEqual(['Stop at "send info"']);
    expect(await titles('tag=HAIL,other')).toEqual(['Ten cold opens']);
    const list = (await api({ method: 'GET', url: '/api/v1/playbook/rules' })).json();
    expect(list.data.find((r: { title: string }) => r.title === 'Lead with value')).toMatchObject({ evidenceCount: 1, firstEvidence: { kind: 'call', snippet: 'Price came up at minute one', start: 5, end: 9 } });
    expect((await api({ method: 'GET', url: '/api/v1/playbook/rules?kind=video' })).statusCode).toBe(400);
    const cats = (await api({ method: 'GET', url: '/api/v1/playbook/categories' })).json().data;
    expect(cats.map((c2: { category: string }) => c2.category)).toEqual(['opening', 'discovery', 'objections', 'closing', 'pricing', 'general', 'gatekeepers']);
    expect(cats.find((c2: { category: string }) => c2.category === 'pricing').rules).toBe(1);
  });
});

describe('call prep: matching, ranking and uses', () => {
  it('matches segment / stage / tags (empty = everyone, tags overlap), ranks by specificity, priority, known objections, evidence', async () => {
    const x = await t.newWorkspace('Playbook prep');
    const api = t.as({ cookie: x.cookie });
    const c = await call(x, null);
    const ev = [callEvidence(c)];
    const mk = (title: string, extra: Record<string, unknown> = {}) => createRule(api, { title, evidence: ev, ...extra });
    await mk('Everyone');
    await mk('Roofers', { segments: ['roofers'] });
    await mk('Roofers in contacted with storm', { segments: ['Roofers'], stages: ['contacted'], tags: ['storm'] });
    await mk('Storm or hail', { tags: ['hail', 'storm'] });
    await mk('Dentists only', { segments: ['dentists'] });
    await mk('Interested only', { stages: ['interested'] });
    await mk('Solar only', { tags: ['solar'] });
    await mk('Archived roofers', { segments: ['roofers'], status: 'archived' }).then((r) => api({ method: 'PATCH', url: `/api/v1/playbook/rules/${r.id}`, payload: { status: 'archived' } }));
    await mk('Everyone, high priority', { priority: 5 });
    const budget = await mk('Budget objection handler', { kind: 'objection_handler', objectionTag: 'Budget' });
    await createRule(api, { title: 'Everyone, two proofs', evidence: [...ev, { kind: 'metric', name: 'm', value: 1 }] });

    const roofer = await lead(x, 'Roof Co', { segment: 'Roofers', stage: 'contacted', tags: ['Storm', 'commercial'] });
    const prep = (await api({ method: 'GET', url: `/api/v1/playbook/prep?leadId=${roofer}` })).json();
    expect(prep.lead).toMatchObject({ id: roofer, segment: 'Roofers', stage: 'contacted', objections: [] });
    const titles = prep.data.map((r: { title: string }) => r.title);
    expect(titles[0]).toBe('Roofers in contacted with storm');
    expect(titles.slice(1, 3).sort()).toEqual(['Roofers', 'Storm or hail']);
    expect(titles.slice(3)).toEqual(['Everyone, high priority', 'Budget objection handler', 'Everyone, two proofs', 'Everyone']);
    expect(prep.data[0]).toMatchObject({ specificity: 3, matched: { segment: 'Roofers', stage: 'contacted', tags: ['Storm'] }, firstEvidence: { kind: 'call' } });
    expect(prep.data.find((r: { title: string }) => r.title === 'Everyone')).toMatchObject({ specificity: 0, matched: { segment: null, stage: null, tags: [] } });
    for (const no of ['Dentists only', 'Interested only', 'Solar only', 'Archived roofers']) expect(titles).not.toContain(no);

    // a lead that raised the budget objection before sees its handler first among equals
    await withWorkspace(t.db, x.workspaceId, (tx) =>
      insertAttempts(tx, x.workspaceId, [{ callSessionId: null, leadId: roofer, userId: x.userId, dispositionKey: 'not_interested', dmReached: true, notInterestedReason: null, objectionTags: ['Budget'], createdAt: new Date() }]),
    );
    await api({ method: 'PATCH', url: `/api/v1/playbook/rules/${budget.id}`, payload: { priority: 5 } });
    const again = (await api({ method: 'GET', url: `/api/v1/playbook/prep?leadId=${roofer}` })).json();
    expect(again.lead.objections).toEqual(['budget']);
    const t2 = again.data.map((r: { title: string }) => r.title);
    expect(t2.slice(3, 5)).toEqual(['Budget objection handler', 'Everyone, high priority']);
    expect(again.data[3].matchesKnownObjection).toBe(true);

    // a lead with nothing in common sees only the rules for everyone
    const dull = await lead(x, 'Plain Co');
    const plain = (await api({ method: 'GET', url: `/api/v1/playbook/prep?leadId=${dull}&limit=50` })).json().data.map((r: { title: string }) => r.title);
    expect(plain.sort()).toEqual(['Budget objection handler', 'Everyone', 'Everyone, high priority', 'Everyone, two proofs']);

    // the function Experiments and scripts use gives the same answer
    const direct = await withWorkspace(t.db, x.workspaceId, (tx) => matchingRules(tx, x.workspaceId, { segment: 'roofers', stage: 'contacted', tags: ['storm'] }, 1));
    expect(direct.map((r) => r.title)).toEqual(['Roofers in contacted with storm']);

    expect((await api({ method: 'GET', url: '/api/v1/playbook/prep?leadId=nope' })).statusCode).toBe(400);
    expect((await api({ method: 'GET', url: '/api/v1/playbook/prep?leadId=00000000-0000-4000-8000-000000000000' })).statusCode).toBe(404);
  });

  it('records shown uses once per rule and call (or rule, lead and day), and opened uses', async () => {
    const x = await t.newWorkspace('Playbook uses');
    const api = t.as({ cookie: x.cookie });
    const leadId = await lead(x, 'Use Co', { segment: 'roofers' });
    const c = await call(x, leadId);
    const r1 = await createRule(api, { title: 'R1', segments: ['roofers'], evidence: [callEvidence(c)] });
    await createRule(api, { title: 'R2', evidence: [callEvidence(c)] });
    const count = async (action: string) =>
      (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM playbook_rule_uses WHERE workspace_id = $1 AND action = $2', [x.workspaceId, action])).rows[0].n;
    await api({ method: 'GET', url: `/api/v1/playbook/prep?leadId=${leadId}` });
    await api({ method: 'GET', url: `/api/v1/playbook/prep?leadId=${leadId}` });
    expect(await count('shown')).toBe(2); // per rule+lead+day
    await api({ method: 'GET', url: `/api/v1/playbook/prep?leadId=${leadId}&callSessionId=${c}` });
    await api({ method: 'GET', url: `/api/v1/playbook/prep?leadId=${leadId}&callSessionId=${c}` });
    expect(await count('shown')).toBe(4); // per rule+call
    const { rows } = await t.db.query<{ call_session_id: string | null; user_id: string }>('SELECT call_session_id, user_id FROM playbook_rule_uses WHERE workspace_id = $1 AND call_session_id IS NOT NULL', [x.workspaceId]);
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.call_session_id === c && r.user_id === x.userId)).toBe(true);

    const opened = await api({ method: 'POST', url: `/api/v1/playbook/rules/${r1.id}/uses`, payload: { action: 'opened', leadId, callSessionId: c } });
    expect(opened.statusCode, opened.body).toBe(201);
    expect(await count('opened')).toBe(1);
    expect((await api({ method: 'POST', url: `/api/v1/playbook/rules/${r1.id}/uses`, payload: { action: 'shown' } })).statusCode).toBe(400);
    expect((await api({ method: 'GET', url: `/api/v1/playbook/rules/${r1.id}` })).json().uses).toEqual({ shown: 2, opened: 1 });
  });
});
