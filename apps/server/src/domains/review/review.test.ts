import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, type TestWorkspace } from '../../../test/harness.ts';
import { withWorkspace } from '../../platform/tenancy/with-workspace.ts';
import { insertAttempts, insertCallSessions } from '../calls/index.ts';
import { makeLead } from '../dialer/dialer.test-helpers.ts';
import { addMember } from '../tasks/tasks.test-helpers.ts';
import { createApiKey } from '../identity/index.ts';
import { SANDBOX_WAV_RATE, WAV_HEADER_BYTES, sandboxCallWav, sandboxRecordingWav } from '../../platform/providers/sandbox-carrier/wav.ts';
import { parseRange } from './recording.ts';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { saveAccount } from '../../platform/providers/accounts.ts';

let t: TestContext;
let w: TestWorkspace;
beforeAll(async () => {
  t = await createTestContext();
  w = await t.newWorkspace('Review');
});
afterAll(async () => t?.close());

const TRANSCRIPT = [
  { speaker: 'rep', start: 0, end: 4.5, text: 'Hi Dana, Alex from Flywheel.' },
  { speaker: 'prospect', start: 4.5, end: 9, text: 'We have no budget this quarter.' },
  { speaker: 'rep', start: 9, end: 15, text: 'Understood. Can I call back in January?' },
] as const;

interface CallOpts {
  leadId?: string | null;
  userId?: string | null;
  minutesAgo?: number;
  duration?: number;
  answered?: boolean;
  transcript?: boolean;
  recording?: boolean;
  provider?: string;
  dialSessionId?: string | null;
  disposition?: string;
  status?: 'completed' | 'no_answer' | 'busy';
}

let phoneSeq = 100;
/** A finished call as the provider webhooks leave it (the webhook path itself is tested in calls/). */
async function makeCall(ws: TestWorkspace, o: CallOpts = {}): Promise<string> {
  const started = new Date(Date.now() - (o.minutesAgo ?? 10) * 60_000);
  const answered = o.answered ?? true;
  const duration = o.duration ?? 45;
  const id = await withWorkspace(t.db, ws.workspaceId, async (tx) => {
    const [callId] = await insertCallSessions(tx, ws.workspaceId, [{
      provider: o.provider ?? 'sandbox', providerCallId: `CA${crypto.randomUUID().replace(/-/g, '')}`, direction: 'outbound',
      from: '+12125550100', to: `+1312555${String(phoneSeq++).padStart(4, '0')}`, status: o.status ?? (answered ? 'completed' : 'no_answer'),
      statusHistory: [], startedAt: started, answeredAt: answered ? new Date(started.getTime() + 5000) : null,
      endedAt: new Date(started.getTime() + 5000 + duration * 1000), providerDurationSeconds: answered ? duration : 0,
      recordingUrl: answered && o.recording !== false ? `https://carrier.test/recordings/RE${crypto.randomUUID().replace(/-/g, '')}` : null,
      recordingStatus: answered && o.recording !== false ? 'completed' : null,
      transcript: answered && o.transcript !== false ? TRANSCRIPT.map((x) => ({ ...x })) : null,
      leadId: o.leadId ?? null, userId: o.userId === undefined ? ws.userId : o.userId, dialSessionId: o.dialSessionId ?? null, record: true,
    }]);
    if (o.leadId && o.disposition) {
      await insertAttempts(tx, ws.workspaceId, [{ callSessionId: callId, leadId: o.leadId, userId: ws.userId, dispositionKey: o.disposition, dmReached: true, notes: 'said no budget', objectionTags: ['budget'], createdAt: new Date() }]);
    }
    return callId;
  });
  return id;
}

const SIX = { opening: 4, discovery: 3, control: 5, objections: 2, close: 4, nextStep: 3 };

describe('call reviews', () => {
  it('creates and replaces the caller’s review; the database computes the total and "scored"', async () => {
    const api = t.as({ cookie: w.cookie });
    const leadId = await makeLead(t, w, 'Dana Roofing', '+13125550101');
    const callId = await makeCall(w, { leadId, disposition: 'not_interested' });

    const quick = await api({ method: 'PUT', url: `/api/v1/review/calls/${callId}/review`, payload: { tags: ['  Price ', 'TIMING', 'price', 'no   budget'], marketInsight: 'Roofers\nbuy in spring' } });
    expect(quick.statusCode, quick.body).toBe(200);
    const q = quick.json();
    expect(q).toMatchObject({ callSessionId: callId, leadId, reviewType: 'quick', tags: ['price', 'timing', 'no budget'], marketInsight: 'Roofers buy in spring', totalScore: 0, scored: false, canEdit: true, authorName: 'Owner' });
    expect(q.attemptId).toBeTruthy();

    // partly scored: a total of what is there, not "scored"
    const partial = (await api({ method: 'PUT', url: `/api/v1/review/calls/${callId}/review`, payload: { reviewType: 'deep', scores: { opening: 5, close: 2, nextStep: null } } })).json();
    expect(partial).toMatchObject({ id: q.id, totalScore: 7, scored: false, tags: [], marketInsight: '' }); // PUT replaces
    const full = (await api({ method: 'PUT', url: `/api/v1/review/calls/${callId}/review`, payload: { reviewType: 'deep', tags: ['price'], scores: SIX, whatWorked: 'Calm tone', whatFailed: 'No question about timing', coachingNotes: 'Ask about the season' } })).json();
    expect(full).toMatchObject({ id: q.id, totalScore: 21, scored: true, scores: SIX, whatWorked: 'Calm tone' });

    // one row per (call, author), read back with the call
    const detail = (await api({ method: 'GET', url: `/api/v1/review/calls/${callId}` })).json();
    expect(detail.reviews).toHaveLength(1);
    expect(detail.myReview).toMatchObject({ id: q.id, totalScore: 21 });
    expect(detail.transcript).toEqual(TRANSCRIPT);
    expect(detail.recordingUrl).toBe(`/api/v1/calls/${callId}/recording`);
    expect(detail.attempt).toMatchObject({ dispositionKey: 'not_interested', dispositionLabel: 'Not interested', objectionTags: ['budget'] });
    expect(detail.lead).toMatchObject({ id: leadId, name: 'Dana Roofing' });

    // a second author adds their own review of the same call
    const mgr = await addMember(t, w, 'manager', 'Mia Manager');
    const theirs = (await mgr.api({ method: 'PUT', url: `/api/v1/review/calls/${callId}/review`, payload: { tags: ['Gatekeeper'] } })).json();
    expect(theirs.id).not.toBe(q.id);
    const both = (await api({ method: 'GET', url: `/api/v1/review/calls/${callId}` })).json();
    expect(both.reviews.map((r: { authorName: string }) => r.authorName).sort()).toEqual(['Mia Manager', 'Owner']);
    expect(both.reviewCount).toBe(2);

    // tags in use, with counts
    const tagList = (await api({ method: 'GET', url: '/api/v1/review/tags' })).json().data;
    expect(tagList).toEqual(expect.arrayContaining([{ tag: 'price', count: 1 }, { tag: 'gatekeeper', count: 1 }]));
  });

  it.each([
    ['tags', { tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }, /20 tags/],
    ['tags', { tags: ['<script>'] }, /letters/],
    ['tags', { tags: 'price' }, /list/],
    ['marketInsight', { marketInsight: 'x'.repeat(501) }, /500/],
    ['scores.opening', { scores: { opening: 6 } }, /1 to 5/],
    ['scores.close', { scores: { close: 2.5 } }, /whole/],
    ['scores', { scores: { charm: 3 } }, /opening, discovery/],
    ['whatWorked', { whatWorked: 'x'.repeat(4001) }, /4000/],
    ['reviewType', { reviewType: 'epic' }, /quick or deep/],
  ])('refuses a bad %s with a 400 naming the field', async (field, payload, message) => {
    const callId = await makeCall(w);
    const res = await t.as({ cookie: w.cookie })({ method: 'PUT', url: `/api/v1/review/calls/${callId}/review`, payload });
    expect(res.statusCode, res.body).toBe(400);
    const err = res.json().error;
    expect(JSON.stringify(err.fields ?? {}) + err.message).toMatch(message);
    expect(Object.keys(err.fields ?? {}).join(' ') + err.message).toContain(field.split('.')[0]);
  });

  it('404s a review of an unknown call, and refuses API keys as authors', async () => {
    const api = t.as({ cookie: w.cookie });
    expect((await api({ method: 'PUT', url: `/api/v1/review/calls/${crypto.randomUUID()}/review`, payload: {} })).statusCode).toBe(404);
    expect((await api({ method: 'PUT', url: '/api/v1/review/calls/not-a-uuid/review', payload: {} })).statusCode).toBe(400);
    const key = t.as({ apiKey: w.apiKey });
    const res = await key({ method: 'PUT', url: `/api/v1/review/calls/${await makeCall(w)}/review`, payload: { tags: ['x'] } });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.message).toMatch(/signed-in person/);
  });

  it('lets the author or a manager edit and delete a review; a rep editing another’s gets a 403', async () => {
    const x = await t.newWorkspace('Review rights');
    const owner = t.as({ cookie: x.cookie });
    const repA = await addMember(t, x, 'rep', 'Rita Rep');
    const repB = await addMember(t, x, 'rep', 'Ben Rep');
    const mgr = await addMember(t, x, 'manager', 'Mo Manager');
    const callId = await makeCall(x);
    const r = (await repA.api({ method: 'PUT', url: `/api/v1/review/calls/${callId}/review`, payload: { tags: ['price'], scores: SIX } })).json();
    expect(r.canEdit).toBe(true);

    // another rep sees it read-only and cannot change it
    const seenByB = (await repB.api({ method: 'GET', url: `/api/v1/review/calls/${callId}` })).json();
    expect(seenByB.reviews[0]).toMatchObject({ id: r.id, canEdit: false });
    expect(seenByB.myReview).toBeNull();
    const denied = await repB.api({ method: 'PATCH', url: `/api/v1/reviews/${r.id}`, payload: { tags: ['hijacked'] } });
    expect(denied.statusCode).toBe(403);
    expect(denied.json().error.message).toBe('Only the author of this review or a manager can change it.');
    expect((await repB.api({ method: 'DELETE', url: `/api/v1/reviews/${r.id}` })).statusCode).toBe(403);

    // the author edits only what is given
    const edited = (await repA.api({ method: 'PATCH', url: `/api/v1/reviews/${r.id}`, payload: { scores: { opening: 1 }, marketInsight: 'Spring is busy' } })).json();
    expect(edited).toMatchObject({ tags: ['price'], marketInsight: 'Spring is busy', scores: { ...SIX, opening: 1 }, totalScore: 18, scored: true });
    // a score cleared: no longer "scored"
    expect((await repA.api({ method: 'PATCH', url: `/api/v1/reviews/${r.id}`, payload: { scores: { close: null } } })).json()).toMatchObject({ totalScore: 14, scored: false });
    expect((await repA.api({ method: 'PATCH', url: `/api/v1/reviews/${r.id}`, payload: { scores: { close: 9 } } })).statusCode).toBe(400);

    // a manager may edit and delete anyone's
    const byMgr = (await mgr.api({ method: 'PATCH', url: `/api/v1/reviews/${r.id}`, payload: { coachingNotes: 'Slow down' } })).json();
    expect(byMgr).toMatchObject({ coachingNotes: 'Slow down', authorId: repA.userId, updatedBy: mgr.userId, canEdit: true });
    expect((await owner({ method: 'PATCH', url: `/api/v1/reviews/${r.id}`, payload: { whatWorked: 'ok' } })).statusCode).toBe(200);
    expect((await mgr.api({ method: 'DELETE', url: `/api/v1/reviews/${r.id}` })).statusCode).toBe(200);
    expect((await repA.api({ method: 'PATCH', url: `/api/v1/reviews/${r.id}`, payload: { tags: [] } })).statusCode).toBe(404);
    expect((await repA.api({ method: 'GET', url: `/api/v1/review/calls/${callId}` })).json().reviews).toEqual([]);
  });

  it('filters the calls to review: session, dates, rep, outcome, disposition, duration, tags, reviewed, transcript', async () => {
    const x = await t.newWorkspace('Review filters');
    const api = t.as({ cookie: x.cookie });
    const rep = await addMember(t, x, 'rep', 'Rita Rep');
    const leadId = await makeLead(t, x, 'Filter Lead', '+13125550111', { segment: 'roofing' });
    const s = await api({ method: 'POST', url: '/api/v1/dialer/sessions', payload: { mode: 'custom', custom: { leadIds: [leadId] }, callVia: 'tel' } });
    expect(s.statusCode, s.body).toBe(201);
    const sessionId = s.json().id as string;

    const inSession1 = await makeCall(x, { leadId, dialSessionId: sessionId, minutesAgo: 5, duration: 120, disposition: 'meeting_set' });
    const inSession2 = await makeCall(x, { leadId, dialSessionId: sessionId, minutesAgo: 6, answered: false });
    const old = await makeCall(x, { leadId, minutesAgo: 3 * 24 * 60, duration: 30, disposition: 'not_interested' });
    const byRep = await makeCall(x, { userId: rep.userId, minutesAgo: 8, duration: 60, transcript: false });
    const list = async (q: string) => {
      const res = await api({ method: 'GET', url: `/api/v1/review/calls${q}` });
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as { data: { call: { id: string } }[]; total: number; reviewedByMe: number; session: { id: string } | null };
    };
    const ids = async (q: string) => (await list(q)).data.map((d) => d.call.id);

    // newest first
    expect(await ids('')).toEqual([inSession1, inSession2, byRep, old]);
    const bySession = await list(`?session=${sessionId}`);
    expect(bySession.data.map((d) => d.call.id)).toEqual([inSession1, inSession2]);
    expect(bySession.session).toMatchObject({ id: sessionId, mode: 'custom' });
    const twoDaysAgo = new Date(Date.now() - 2 * 86400_000).toISOString();
    expect(await ids(`?from=${encodeURIComponent(twoDaysAgo)}`)).toEqual([inSession1, inSession2, byRep]);
    expect(await ids(`?to=${encodeURIComponent(twoDaysAgo)}`)).toEqual([old]);
    const oldDay = new Date(Date.now() - 3 * 86400_000).toISOString().slice(0, 10);
    expect(await ids(`?from=${oldDay}&to=${oldDay}`)).toContain(old);
    expect(await ids(`?userId=${rep.userId}`)).toEqual([byRep]);
    expect(await ids('?userId=me')).toEqual([inSession1, inSession2, old]);
    expect(await ids('?outcome=answered')).toEqual([inSession1, byRep, old]);
    expect(await ids('?outcome=unanswered')).toEqual([inSession2]);
    expect(await ids('?outcome=no_answer')).toEqual([inSession2]);
    expect(await ids('?disposition=meeting_set')).toEqual([inSession1]);
    expect(await ids('?minDuration=50')).toEqual([inSession1, byRep]);
    expect(await ids('?minDuration=50&maxDuration=100')).toEqual([byRep]);
    expect(await ids('?hasTranscript=true')).toEqual([inSession1, old]);
    expect(await ids('?hasTranscript=false')).toEqual([inSession2, byRep]);

    await api({ method: 'PUT', url: `/api/v1/review/calls/${inSession1}/review`, payload: { tags: ['Price'] } });
    await rep.api({ method: 'PUT', url: `/api/v1/review/calls/${old}/review`, payload: { tags: ['timing'] } });
    expect(await ids('?tags=price')).toEqual([inSession1]);
    expect(await ids('?tags=PRICE,timing')).toEqual([inSession1, old]);
    expect(await ids('?reviewed=yes')).toEqual([inSession1, old]);
    expect(await ids('?reviewed=no')).toEqual([inSession2, byRep]);
    expect(await ids('?reviewed=mine')).toEqual([inSession1]);
    expect(await ids('?reviewed=notmine')).toEqual([inSession2, byRep, old]);
    const progress = await list(`?session=${sessionId}`);
    expect([progress.total, progress.reviewedByMe]).toEqual([2, 1]);
    const item = (await list(`?session=${sessionId}`)).data[0] as unknown as Record<string, unknown>;
    expect(item).toMatchObject({ lead: { id: leadId, name: 'Filter Lead', segment: 'roofing' }, rep: { name: 'Owner' }, reviewCount: 1, myReview: { tags: ['price'] }, attempt: { dispositionKey: 'meeting_set' } });
    // pagination
    expect(await ids('?limit=2&offset=1')).toEqual([inSession2, byRep]);

    for (const [q, field] of [['?session=nope', 'session'], ['?outcome=maybe', 'outcome'], ['?from=yesterday', 'from'], ['?minDuration=-1', 'minDuration'], ['?minDuration=90&maxDuration=10', 'maxDuration'], ['?reviewed=perhaps', 'reviewed'], ['?hasTranscript=yes', 'hasTranscript'], ['?userId=bob', 'userId']] as const) {
      const res = await api({ method: 'GET', url: `/api/v1/review/calls${q}` });
      expect(res.statusCode, q).toBe(400);
      expect(JSON.stringify(res.json().error), q).toContain(field);
    }
  });

  it('lists the Top N best and worst fully scored reviews, with playback links', async () => {
    const x = await t.newWorkspace('Review top');
    const api = t.as({ cookie: x.cookie });
    const leadId = await makeLead(t, x, 'Top Lead', '+13125550122');
    const totals: Record<string, number> = {};
    for (let i = 0; i < 12; i++) {
      const callId = await makeCall(x, { leadId, minutesAgo: 60 - i });
      const v = (i % 5) + 1;
      const scores = { opening: v, discovery: v, control: v, objections: v, close: v, nextStep: Math.min(5, ((i * 7) % 5) + 1) };
      const r = (await api({ method: 'PUT', url: `/api/v1/review/calls/${callId}/review`, payload: { reviewType: 'deep', scores } })).json();
      totals[callId] = r.totalScore;
    }
    // a partly scored review never ranks
    const partial = await makeCall(x, { leadId });
    await api({ method: 'PUT', url: `/api/v1/review/calls/${partial}/review`, payload: { scores: { opening: 5, discovery: 5, control: 5, objections: 5, close: 5 } } });

    const top = (await api({ method: 'GET', url: '/api/v1/review/top?limit=10' })).json();
    expect(top.scoredCount).toBe(12);
    expect(top.best).toHaveLength(10);
    expect(top.worst).toHaveLength(10);
    const sorted = Object.values(totals).sort((a, b) => b - a);
    expect(top.best.map((b: { review: { totalScore: number } }) => b.review.totalScore)).toEqual(sorted.slice(0, 10));
    expect(top.worst.map((b: { review: { totalScore: number } }) => b.review.totalScore)).toEqual([...sorted].reverse().slice(0, 10));
    expect(top.best.map((b: { call: { id: string } }) => b.call.id)).not.toContain(partial);
    expect(top.best[0]).toMatchObject({ lead: { id: leadId, name: 'Top Lead' }, rep: { name: 'Owner' }, call: { hasRecording: true } });
    expect(top.best[0].playUrl).toBe(`/review?tab=deep&call=${top.best[0].call.id}&t=0`);
    expect((await api({ method: 'GET', url: '/api/v1/review/top?limit=3' })).json().best).toHaveLength(3);
    const future = new Date(Date.now() + 86400_000).toISOString().slice(0, 10);
    expect((await api({ method: 'GET', url: `/api/v1/review/top?from=${future}` })).json()).toMatchObject({ best: [], worst: [], scoredCount: 0 });
    expect((await api({ method: 'GET', url: '/api/v1/review/top?limit=0' })).statusCode).toBe(400);
  });

  it("writes a timeline row on the lead for a saved review", async () => {
    const api = t.as({ cookie: w.cookie });
    const leadId = await makeLead(t, w, 'Timeline Lead', '+13125550133');
    const callId = await makeCall(w, { leadId });
    const r = (await api({ method: 'PUT', url: `/api/v1/review/calls/${callId}/review`, payload: { reviewType: 'deep', tags: ['budget'], marketInsight: 'Budgets reset in January', scores: SIX } })).json();
    const tl = (await api({ method: 'GET', url: `/api/v1/leads/${leadId}/timeline` })).json();
    const row = tl.data.find((e: { kind: string }) => e.kind === 'review.saved');
    expect(row, JSON.stringify(tl.data.map((e: { kind: string }) => e.kind))).toBeTruthy();
    expect(row.summary).toContain('score 21/30');
    expect(row.summary).toContain('tags: budget');
    expect(row.summary).toContain('Budgets reset in January');
    expect(row.after).toMatchObject({ callSessionId: callId, tags: ['budget'], totalScore: 21, scored: true });
    expect(row.actorLabel).toBeTruthy();
    await api({ method: 'DELETE', url: `/api/v1/reviews/${r.id}` });
    const after = (await api({ method: 'GET', url: `/api/v1/leads/${leadId}/timeline` })).json();
    expect(after.data.some((e: { kind: string }) => e.kind === 'review.deleted')).toBe(true);
  });

  it('serves a sandbox recording as long as the call, with Range, only inside the workspace', async () => {
    const api = t.as({ cookie: w.cookie });
    const callId = await makeCall(w, { duration: 45 });
    const full = await api({ method: 'GET', url: `/api/v1/calls/${callId}/recording` });
    expect(full.statusCode).toBe(200);
    expect(full.headers['content-type']).toBe('audio/wav');
    expect(full.headers['accept-ranges']).toBe('bytes');
    const bytes = full.rawPayload;
    expect(bytes.subarray(0, 4).toString()).toBe('RIFF');
    expect(bytes.subarray(8, 12).toString()).toBe('WAVE');
    const rate = bytes.readUInt32LE(24);
    const dataBytes = bytes.readUInt32LE(40);
    expect(rate).toBe(SANDBOX_WAV_RATE);
    expect(dataBytes / (rate * 2)).toBe(45); // as long as the call
    expect(bytes.length).toBe(WAV_HEADER_BYTES + dataBytes);
    // not silence: something to hear while seeking
    let peak = 0;
    for (let i = WAV_HEADER_BYTES + rate * 2 * 10; i < WAV_HEADER_BYTES + rate * 2 * 11; i += 2) peak = Math.max(peak, Math.abs(bytes.readInt16LE(i)));
    expect(peak).toBeGreaterThan(1000);

    // a range is the same bytes as the whole file's slice
    const part = await api({ method: 'GET', url: `/api/v1/calls/${callId}/recording`, headers: { range: 'bytes=1001-5000' } });
    expect(part.statusCode).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 1001-5000/${bytes.length}`);
    expect(Buffer.compare(part.rawPayload, bytes.subarray(1001, 5001))).toBe(0);
    const tail = await api({ method: 'GET', url: `/api/v1/calls/${callId}/recording`, headers: { range: 'bytes=-100' } });
    expect(Buffer.compare(tail.rawPayload, bytes.subarray(bytes.length - 100))).toBe(0);
    const open = await api({ method: 'GET', url: `/api/v1/calls/${callId}/recording`, headers: { range: `bytes=${bytes.length - 10}-` } });
    expect(open.statusCode).toBe(206);
    expect(open.rawPayload.length).toBe(10);
    const bad = await api({ method: 'GET', url: `/api/v1/calls/${callId}/recording`, headers: { range: `bytes=${bytes.length + 5}-` } });
    expect(bad.statusCode).toBe(416);
    expect(bad.headers['content-range']).toBe(`bytes */${bytes.length}`);

    // none, not here, not yours
    const silent = await makeCall(w, { answered: false });
    const none = await api({ method: 'GET', url: `/api/v1/calls/${silent}/recording` });
    expect(none.statusCode).toBe(404);
    expect(none.json().error.message).toBe('This call has no recording.');
    const other = await t.newWorkspace('Review other');
    expect((await t.as({ cookie: other.cookie })({ method: 'GET', url: `/api/v1/calls/${callId}/recording` })).statusCode).toBe(404);
    expect((await t.as({ cookie: other.cookie })({ method: 'GET', url: `/api/v1/review/calls/${callId}` })).statusCode).toBe(404);
    expect((await t.as({ cookie: other.cookie })({ method: 'GET', url: '/api/v1/review/calls' })).json().total).toBe(0);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/calls/${callId}/recording` })).statusCode).toBe(401);
    // a Twilio call with no connected account says what to do
    const tw = await makeCall(w, { provider: 'twilio' });
    const twRes = await api({ method: 'GET', url: `/api/v1/calls/${tw}/recording` });
    expect(twRes.statusCode).toBe(404);
    expect(twRes.json().error.message).toMatch(/Connect the Twilio account/);
    // the carrier's public recording URL still serves its chime
    const pub = await t.app.inject({ method: 'GET', url: `/sandbox-carrier/recordings/RE${'a'.repeat(32)}` });
    expect(pub.statusCode).toBe(200);
    expect(Buffer.compare(pub.rawPayload, sandboxRecordingWav())).toBe(0);
  });

  it("streams a Twilio recording fetched with the workspace's account credentials (Range passed through)", async () => {
    const x = await t.newWorkspace('Review twilio');
    const audio = Buffer.from(Array.from({ length: 3000 }, (_, i) => i % 251));
    const seen: { url: string; auth: string | undefined; range: string | undefined }[] = [];
    const server = http.createServer((req, res) => {
      seen.push({ url: req.url ?? '', auth: req.headers.authorization, range: req.headers.range });
      if (req.headers.authorization !== `Basic ${Buffer.from(`AC${'1'.repeat(32)}:twilio-secret-token-1`).toString('base64')}`) return res.writeHead(401).end();
      if (!req.url?.endsWith('.mp3')) return res.writeHead(404).end();
      const m = /bytes=(\d+)-(\d+)/.exec(req.headers.range ?? '');
      if (m) {
        res.writeHead(206, { 'content-type': 'audio/mpeg', 'content-range': `bytes ${m[1]}-${m[2]}/${audio.length}`, 'accept-ranges': 'bytes' });
        return res.end(audio.subarray(Number(m[1]), Number(m[2]) + 1));
      }
      res.writeHead(200, { 'content-type': 'audio/mpeg', 'content-length': String(audio.length) });
      res.end(audio);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/2010-04-01/Accounts/AC${'1'.repeat(32)}/Recordings/RE${'2'.repeat(32)}`;
      const callId = await withWorkspace(t.db, x.workspaceId, async (tx) => (await insertCallSessions(tx, x.workspaceId, [{
        provider: 'twilio', providerCallId: 'CAtwilio1', direction: 'outbound', from: '+12125550100', to: '+13125550177', status: 'completed', statusHistory: [],
        startedAt: new Date(), answeredAt: new Date(), endedAt: new Date(), providerDurationSeconds: 30, recordingUrl: base, recordingStatus: 'completed', userId: x.userId,
      }]))[0]);
      const api = t.as({ cookie: x.cookie });
      expect((await api({ method: 'GET', url: `/api/v1/calls/${callId}/recording` })).json().error.message).toMatch(/Connect the Twilio account/);
      await saveAccount(t.deps, { workspaceId: x.workspaceId, provider: 'twilio', accountId: `AC${'1'.repeat(32)}`, secret: 'twilio-secret-token-1' });
      const full = await api({ method: 'GET', url: `/api/v1/calls/${callId}/recording` });
      expect(full.statusCode, full.body).toBe(200);
      expect(full.headers['content-type']).toBe('audio/mpeg');
      expect(Buffer.compare(full.rawPayload, audio)).toBe(0);
      expect(seen.at(-1)).toMatchObject({ url: expect.stringMatching(/RE2{32}\.mp3$/) });
      const part = await api({ method: 'GET', url: `/api/v1/calls/${callId}/recording`, headers: { range: 'bytes=100-199' } });
      expect(part.statusCode).toBe(206);
      expect(part.headers['content-range']).toBe(`bytes 100-199/${audio.length}`);
      expect(Buffer.compare(part.rawPayload, audio.subarray(100, 200))).toBe(0);
      // wrong credentials at the provider: a clear error, not a 500
      await saveAccount(t.deps, { workspaceId: x.workspaceId, provider: 'twilio', accountId: `AC${'1'.repeat(32)}`, secret: 'a-different-token-22' });
      const denied = await api({ method: 'GET', url: `/api/v1/calls/${callId}/recording` });
      expect(denied.statusCode).toBe(502);
      expect(denied.json().error.message).toMatch(/Twilio did not return the recording \(HTTP 401\)/);
    } finally {
      server.close();
    }
  });

  it('generates WAV bytes that do not depend on the range asked for', () => {
    const whole = sandboxCallWav(7.5);
    expect(whole.length).toBe(WAV_HEADER_BYTES + 7.5 * SANDBOX_WAV_RATE * 2);
    expect(parseRange('bytes=0-99', 1000)).toEqual({ start: 0, end: 99 });
    expect(parseRange('bytes=900-5000', 1000)).toEqual({ start: 900, end: 999 });
    expect(parseRange('bytes=-5', 1000)).toEqual({ start: 995, end: 999 });
    expect(parseRange('bytes=1000-', 1000)).toBe('unsatisfiable');
    expect(parseRange('bytes=0-1,5-9', 1000)).toBeNull();
    expect(parseRange(undefined, 1000)).toBeNull();
  });

  it('lets reps review too (any member writes their own review)', async () => {
    const rep = t.as({ apiKey: (await createApiKey(t.db, w.workspaceId, { name: 'rep', role: 'rep' })).key });
    expect((await rep({ method: 'GET', url: '/api/v1/review/calls' })).statusCode).toBe(200);
    const member = await addMember(t, w, 'rep', 'Ria Rep');
    const callId = await makeCall(w);
    expect((await member.api({ method: 'PUT', url: `/api/v1/review/calls/${callId}/review`, payload: { tags: ['mine'] } })).statusCode).toBe(200);
  });
});
