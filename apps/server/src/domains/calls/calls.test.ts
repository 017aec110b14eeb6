import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, testDbKind, type TestContext, type TestWorkspace } from '../../../test/harness.ts';
import { withWorkspace } from '../../platform/tenancy/with-workspace.ts';
import { insertAttempts, insertCallSessions, listDispositions, seedWorkspaceDefaults, type NewCallSession } from './index.ts';

let t: TestContext;
let a: TestWorkspace;
let b: TestWorkspace;
let leadId: string;

beforeAll(async () => {
  t = await createTestContext();
  a = await t.newWorkspace('Calls A');
  b = await t.newWorkspace('Calls B');
  leadId = await withWorkspace(t.db, a.workspaceId, async (tx) => {
    const { rows } = await tx.query<{ id: string }>(`INSERT INTO leads (workspace_id, name, stage) VALUES ($1, 'Acme Roofing', 'new') RETURNING id`, [a.workspaceId]);
    return rows[0].id;
  });
});
afterAll(async () => t?.close());

const call = (over: Partial<NewCallSession> = {}): NewCallSession => ({
  provider: 'sandbox',
  providerCallId: `CA${crypto.randomUUID().replace(/-/g, '')}`,
  direction: 'outbound',
  from: '+12126420123',
  to: '+13128530188',
  status: 'completed',
  statusHistory: [{ status: 'initiated', at: new Date().toISOString(), source: 'app' }],
  startedAt: new Date(),
  leadId,
  ...over,
});

describe(`calls schema on ${testDbKind}`, () => {
  it('gives every new workspace the default dispositions, with hotkeys and parsed effects', async () => {
    const list = await withWorkspace(t.db, a.workspaceId, (tx) => listDispositions(tx, a.workspaceId));
    expect(list.map((d) => d.label)).toEqual(['No answer', 'Left voicemail', 'Gatekeeper', 'Not interested', 'Some interest', 'Meeting set', 'Follow-up', 'Bad number', 'Do not call', 'Sold']);
    expect(list.map((d) => d.hotkey)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '0']);
    const byKey = new Map(list.map((d) => [d.key, d]));
    expect(byKey.get('sold')?.effects).toEqual({ move_stage: 'won', open_sale_form: true });
    expect(byKey.get('do_not_call')?.effects).toMatchObject({ flag_dnc: true, move_stage: 'lost' });
    expect(byKey.get('bad_number')?.effects).toEqual({ flag_bad_number: true });
    expect(byKey.get('meeting_set')).toMatchObject({ countsAsConnect: true, countsAsDm: true });
    expect(byKey.get('gatekeeper')).toMatchObject({ countsAsConnect: true, countsAsDm: false });
    expect(byKey.get('no_answer')).toMatchObject({ countsAsConnect: false, countsAsDm: false });
    // seeding again changes nothing (the migration ran it for workspaces that already existed)
    await withWorkspace(t.db, a.workspaceId, (tx) => seedWorkspaceDefaults(tx, a.workspaceId));
    expect(await withWorkspace(t.db, a.workspaceId, (tx) => listDispositions(tx, a.workspaceId))).toHaveLength(10);
  });

  it("keeps each workspace's calls, attempts and dispositions to itself (row-level security)", async () => {
    const [sessionId] = await withWorkspace(t.db, a.workspaceId, (tx) => insertCallSessions(tx, a.workspaceId, [call()]));
    await withWorkspace(t.db, a.workspaceId, (tx) => insertAttempts(tx, a.workspaceId, [{ callSessionId: sessionId, leadId, dispositionKey: 'no_answer', dmReached: false, createdAt: new Date() }]));
    const seenByB = await withWorkspace(t.db, b.workspaceId, async (tx) => ({
      sessions: (await tx.query('SELECT id FROM call_sessions')).rows.length,
      attempts: (await tx.query('SELECT id FROM attempts')).rows.length,
      dispositions: (await tx.query(`SELECT key FROM dispositions WHERE workspace_id = $1`, [a.workspaceId])).rows.length,
    }));
    expect(seenByB).toEqual({ sessions: 0, attempts: 0, dispositions: 0 });
    // and cannot write into A, even naming A's id explicitly
    await expect(withWorkspace(t.db, b.workspaceId, (tx) => insertCallSessions(tx, a.workspaceId, [call()]))).rejects.toThrow(/row-level security/);
  });

  it('refuses a second session with the same provider call id, a second outcome for one call, and unknown dispositions', async () => {
    const providerCallId = `CA${crypto.randomUUID().replace(/-/g, '')}`;
    const [id] = await withWorkspace(t.db, a.workspaceId, (tx) => insertCallSessions(tx, a.workspaceId, [call({ providerCallId })]));
    await expect(withWorkspace(t.db, a.workspaceId, (tx) => insertCallSessions(tx, a.workspaceId, [call({ providerCallId })]))).rejects.toThrow(/duplicate key/);
    // the same provider id in another workspace is a different call
    const otherLead = await withWorkspace(t.db, b.workspaceId, async (tx) => (await tx.query<{ id: string }>(`INSERT INTO leads (workspace_id, name, stage) VALUES ($1, 'Other', 'new') RETURNING id`, [b.workspaceId])).rows[0].id);
    await withWorkspace(t.db, b.workspaceId, (tx) => insertCallSessions(tx, b.workspaceId, [call({ providerCallId, leadId: otherLead })]));

    const attempt = { callSessionId: id, leadId, dispositionKey: 'some_interest', dmReached: true, createdAt: new Date() };
    await withWorkspace(t.db, a.workspaceId, (tx) => insertAttempts(tx, a.workspaceId, [attempt]));
    await expect(withWorkspace(t.db, a.workspaceId, (tx) => insertAttempts(tx, a.workspaceId, [attempt]))).rejects.toThrow(/duplicate key/);
    await expect(withWorkspace(t.db, a.workspaceId, (tx) => insertAttempts(tx, a.workspaceId, [{ ...attempt, callSessionId: null, dispositionKey: 'made_up' }]))).rejects.toThrow(/foreign key/);
  });

  it('refuses numbers that are not E.164 and statuses the provider does not have', async () => {
    await expect(withWorkspace(t.db, a.workspaceId, (tx) => insertCallSessions(tx, a.workspaceId, [call({ to: '(312) 853-0188' })]))).rejects.toThrow(/check constraint/);
    await expect(withWorkspace(t.db, a.workspaceId, (tx) => insertCallSessions(tx, a.workspaceId, [call({ status: 'dialing' as never })]))).rejects.toThrow(/check constraint/);
  });
});
