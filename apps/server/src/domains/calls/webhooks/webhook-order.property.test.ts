import crypto from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, testDbKind, type TestContext, type TestWorkspace } from '../../../../test/harness.ts';
import { withWorkspace } from '../../../platform/tenancy/with-workspace.ts';
import { insertCallSessions, loadCallSessions, processPendingWebhooks } from '../index.ts';
import { answeredCallEvents, postTwilio, twilioAccount } from './webhook-test-helpers.ts';

let t: TestContext;
let a: TestWorkspace;
let acct: { sid: string; token: string };
let leadId: string;
// every run replays the same call (same provider times), so final rows are comparable
const START = new Date('2024-05-01T15:00:00Z');

beforeAll(async () => {
  t = await createTestContext();
  a = await t.newWorkspace('Webhook order');
  acct = await twilioAccount(t, a.workspaceId);
  leadId = (await t.as({ cookie: a.cookie })({ method: 'POST', url: '/api/v1/leads', payload: { name: 'Order Co' } })).json().id;
});
afterAll(async () => t?.close());

type Step = { event: number; processAfter: boolean };

/** Places a call, delivers `steps` through the real routes (processing where asked), returns the final row + its activities. */
async function run(steps: Step[]) {
  const [cs] = await withWorkspace(t.db, a.workspaceId, (tx) => insertCallSessions(tx, a.workspaceId, [{
    provider: 'sandbox', providerCallId: null, direction: 'outbound', from: '+12125550100', to: '+13125550188', status: 'initiated', record: true,
    statusHistory: [{ status: 'initiated', at: new Date().toISOString(), source: 'app' }], startedAt: new Date(), leadId, userId: a.userId,
  }]));
  const hex = crypto.randomBytes(16).toString('hex');
  const events = answeredCallEvents({ callSid: `CA${hex}`, accountSid: acct.sid, to: '+13125550188', start: START, talkSeconds: 133 });
  for (const s of steps) {
    const e = events[s.event];
    const res = await postTwilio(t, `/webhooks/twilio/${e.route}?cs=${cs}`, e.params, acct.token);
    if (res.statusCode !== 200) throw new Error(`delivery refused: ${res.statusCode} ${res.body}`);
    if (s.processAfter) await processPendingWebhooks(t.deps);
  }
  await processPendingWebhooks(t.deps);
  const [c] = await withWorkspace(t.db, a.workspaceId, (tx) => loadCallSessions(tx, a.workspaceId, { ids: [cs] }));
  const acts = await withWorkspace(t.db, a.workspaceId, (tx) => tx.query<{ kind: string; summary: string }>(`SELECT kind, summary FROM activities WHERE ref_id = $1 ORDER BY kind, summary`, [cs]));
  // what differs between runs by construction: our ids, the click time, the call sid in URLs
  const { id: _id, providerCallId: _p, startedAt: _s, ...rest } = c;
  const row: typeof rest = JSON.parse(JSON.stringify(rest).replaceAll(hex, 'SID'));
  return { row, activities: acts.rows };
}

describe(`webhook order and duplication on ${testDbKind}`, () => {
  it('any permutation of a call\'s events, with duplicates and processing at any point, yields the in-order call session', async () => {
    const n = answeredCallEvents({ callSid: 'CAx', accountSid: 'ACx', to: '+13125550188', start: START, talkSeconds: 1 }).length;
    const reference = await run(Array.from({ length: n }, (_, i) => ({ event: i, processAfter: true })));
    expect(reference.row).toMatchObject({ status: 'completed', durationSeconds: 133, amdResult: 'human', recordingStatus: 'completed', transcriptStatus: 'completed' });
    expect(reference.row.statusHistory.map((h) => h.status)).toEqual(['initiated', 'ringing', 'in_progress', 'completed']);
    expect(reference.activities.map((x) => x.kind)).toEqual(['call.ended', 'call.recording', 'call.transcript']);

    const order = fc
      .tuple(fc.shuffledSubarray(Array.from({ length: n }, (_, i) => i), { minLength: n, maxLength: n }), fc.array(fc.nat(n - 1), { maxLength: 5 }))
      .chain(([perm, dups]) => fc.shuffledSubarray([...perm, ...dups], { minLength: perm.length + dups.length, maxLength: perm.length + dups.length }))
      .chain((events) => fc.array(fc.boolean(), { minLength: events.length, maxLength: events.length }).map((flags) => events.map((event, i) => ({ event, processAfter: flags[i] }))));
    await fc.assert(
      fc.asyncProperty(order, async (steps) => {
        const got = await run(steps);
        expect(got.row).toEqual(reference.row);
        expect(got.activities).toEqual(reference.activities);
      }),
      { numRuns: testDbKind === 'postgres' ? 15 : 25, seed: Number(process.env.FC_SEED ?? Date.now() % 2 ** 31), endOnFailure: true },
    );
  }, 240_000);
});
