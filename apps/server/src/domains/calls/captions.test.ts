import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallCaptionsSchema, DialSessionSchema, PlaceCallResponseSchema } from '@flywheel/contracts';
import { createTestContext, testDbKind, type TestContext, type TestWorkspace } from '../../../test/harness.ts';
import { makeLead, zoneAtLocalHour } from '../dialer/dialer.test-helpers.ts';
import { getSandboxCarrier } from '../../platform/providers/sandbox-carrier/index.ts';
import { withWorkspace } from '../../platform/tenancy/with-workspace.ts';
import { insertCallSessions, processPendingWebhooks } from './index.ts';

let t: TestContext;
let w: TestWorkspace;
let api: ReturnType<TestContext['as']>;

beforeAll(async () => {
  t = await createTestContext();
  w = await t.newWorkspace('Captions');
  api = t.as({ cookie: w.cookie });
  // calls play out at 1/100 of real time
  getSandboxCarrier(t.deps).configure({ timeScale: 0.01 });
});
afterAll(async () => t?.close());

async function placeCall(phone: string) {
  const id = await makeLead(t, w, `Caption ${phone.slice(-4)} Co`, phone);
  await api({ method: 'PATCH', url: `/api/v1/leads/${id}`, payload: { timezone: zoneAtLocalHour(13) } });
  const s = DialSessionSchema.parse((await api({ method: 'POST', url: '/api/v1/dialer/sessions', payload: { mode: 'custom', custom: { leadIds: [id] } } })).json());
  const res = await api({ method: 'POST', url: `/api/v1/dialer/sessions/${s.id}/items/${s.items[0].id}/call`, payload: { record: true } });
  expect(res.statusCode, res.body).toBe(201);
  return PlaceCallResponseSchema.parse(res.json()).callSession;
}

describe(`sandbox captions on ${testDbKind}`, () => {
  it('a call a person answers: the planned conversation as timed turns, the same words the transcript gets afterwards', async () => {
    const call = await placeCall('+14155550001');
    const res = await api({ method: 'GET', url: `/api/v1/calls/${call.id}/captions` });
    expect(res.statusCode, res.body).toBe(200);
    const captions = CallCaptionsSchema.parse(res.json());
    expect(captions.turns.length).toBeGreaterThanOrEqual(4);
    expect(new Set(captions.turns.map((x) => x.speaker))).toEqual(new Set(['rep', 'prospect']));
    // timed in order, on the carrier's clock
    const scale = getSandboxCarrier(t.deps).timeScale;
    expect(captions.turns[0].start).toBe(0);
    for (let i = 1; i < captions.turns.length; i++) expect(captions.turns[i].start).toBeCloseTo(captions.turns[i - 1].end, 5);
    expect(captions.turns.at(-1)!.end).toBeLessThan(120 * scale);
    await getSandboxCarrier(t.deps).settle(call.providerCallId!);
    await processPendingWebhooks(t.deps);
    const stored = await waitForTranscript(call.id);
    expect(stored.map((x) => x.text)).toEqual(captions.turns.map((x) => x.text));
  });

  it('a machine or an unanswered call has no conversation to caption', async () => {
    const call = await placeCall('+14155550003');
    const captions = CallCaptionsSchema.parse((await api({ method: 'GET', url: `/api/v1/calls/${call.id}/captions` })).json());
    expect(captions.turns).toEqual([]);
  });

  it('a call through a real provider: 409 with the reason; another workspace: 404', async () => {
    const [id] = await withWorkspace(t.db, w.workspaceId, (tx) =>
      insertCallSessions(tx, w.workspaceId, [{ provider: 'openphone', providerCallId: 'ACcaptions1', direction: 'outbound', from: '+12125550142', to: '+13125550199', status: 'completed', statusHistory: [], startedAt: new Date(), leadId: null }]),
    );
    const real = await api({ method: 'GET', url: `/api/v1/calls/${id}/captions` });
    expect(real.statusCode).toBe(409);
    expect(real.json().error.message).toMatch(/real provider/);
    const other = await t.newWorkspace('Captions outsider');
    expect((await t.as({ cookie: other.cookie })({ method: 'GET', url: `/api/v1/calls/${id}/captions` })).statusCode).toBe(404);
  });
});

async function waitForTranscript(callId: string) {
  for (let i = 0; i < 200; i++) {
    const c = (await api({ method: 'GET', url: `/api/v1/calls/${callId}` })).json();
    if (c.transcript?.length) return c.transcript as { text: string }[];
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('no transcript');
}
