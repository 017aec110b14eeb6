import { describe, expect, it } from 'vitest';
import { sampleTranscript } from '../../sandbox-carrier/transcripts.ts';
import { transcriptFromText } from '../../telephony/webhook/transcript.ts';
import type { AnalyzeCallInput, ReviewDraft, TranscriptTurn } from '../port.ts';
import { createOfflineAi } from './adapter.ts';
import { makeTranscript, type TalkContext } from '../../../../domains/demo/transcripts.ts';
import { Rng } from '../../../../domains/demo/prng.ts';

const ai = createOfflineAi();
const CALL = '5b0c3c1e-3f4e-4b7a-9a53-2f1f0b8e4d11';

function input(transcript: TranscriptTurn[], vocabulary: Partial<AnalyzeCallInput['vocabulary']> = {}): AnalyzeCallInput {
  return { workspaceId: 'ws', callSessionId: CALL, transcript, lead: { name: 'Acme', stage: 'new' }, vocabulary: { objectionTags: [], dispositionKeys: [], ...vocabulary } };
}
/** The sandbox carrier's conversations: 0 Thursday demo, 1 has a CRM, 2 wrong person, 3 no budget, 4 pricing → demo now. */
const sandbox = (i: number) => transcriptFromText(sampleTranscript(i, 'human'));
const text = (lines: string) => transcriptFromText(lines.trim().split('\n').map((l) => l.trim()).join('\n'));

/** Every quote must be words said in the transcript, at the time given. */
function expectGrounded(t: TranscriptTurn[], r: ReviewDraft) {
  const all = [...r.tags.flatMap((x) => x.evidence), ...Object.values(r.scores).flatMap((s) => s.evidence), ...r.objections.flatMap((o) => o.evidence)];
  for (const e of all) {
    const turn = t.find((x) => x.text.includes(e.quote));
    expect(turn, `quote not in transcript: ${e.quote}`).toBeDefined();
    expect(e.start).toBeGreaterThanOrEqual(turn!.start);
    expect(e.end).toBeLessThanOrEqual(turn!.end);
    expect(e.end).toBeGreaterThanOrEqual(e.start);
  }
  for (const s of r.snippets) {
    for (const part of s.text.split(/(?:Rep|Prospect): /).map((p) => p.trim()).filter(Boolean)) expect(t.some((x) => x.text.includes(part.split(/(?<=[.?!]) /)[0]))).toBe(true);
    expect(s.end).toBeGreaterThan(s.start);
  }
  for (const tag of r.tags) expect(tag.evidence.length).toBeGreaterThan(0);
  expect(r.snippets.length).toBeLessThanOrEqual(3);
}

const tagNames = (r: ReviewDraft) => r.tags.map((x) => x.tag);

describe('offline analyzer on the sandbox conversations', () => {
  it('Thursday demo: meeting booked with the acceptance quoted, high close and next step', async () => {
    const t = sandbox(0);
    const r = await ai.reviewCall(input(t));
    expectGrounded(t, r);
    expect(tagNames(r)).toContain('meeting_booked');
    expect(r.tags.find((x) => x.tag === 'meeting_booked')!.evidence.map((e) => e.quote)).toContain('Thursday afternoon works.');
    expect(r.scores.nextStep.score).toBe(5);
    expect(r.scores.close.score).toBe(5);
    expect(r.scores.opening.score).toBe(5); // name, intro, permission, reason
    const booked = r.snippets.find((s) => s.why === 'Meeting booked');
    expect(booked?.text).toContain('Thursday afternoon works. Send me an invite.');
    expect(booked!.start).toBe(t[4].start);
    expect(booked!.end).toBe(t[5].end);
    expect(r.snippets.map((s) => s.why)).toContain('Strong discovery question: the prospect named a problem');
    expect(r.objections).toEqual([]);
    expect(r.summary).toMatch(/^Meeting booked/);
  });

  it('no budget: a budget objection with the right quote, low close and next step', async () => {
    const t = sandbox(3);
    const r = await ai.reviewCall(input(t));
    expectGrounded(t, r);
    const budget = r.tags.find((x) => x.tag === 'no_budget');
    expect(budget?.evidence[0]).toMatchObject({ quote: 'Not interested, we have no budget for anything new.', start: t[1].start });
    expect(r.objections.map((o) => o.tag)).toEqual(expect.arrayContaining(['no_budget', 'not_interested']));
    expect(r.scores.close.score).toBe(1);
    expect(r.scores.nextStep.score).toBe(1);
    expect(r.scores.objections.score).toBeLessThanOrEqual(2);
    expect(r.scores.objections.rationale).toMatch(/answered with a question/);
    expect(tagNames(r)).toContain('no_next_step');
    expect(r.snippets[0].why).toMatch(/Objection handled/);
  });

  it('already has a CRM: objection handled with a question, callback agreed (vague), no meeting', async () => {
    const t = sandbox(1);
    const r = await ai.reviewCall(input(t));
    expectGrounded(t, r);
    expect(r.tags.find((x) => x.tag === 'has_provider')?.evidence[0].quote).toBe('We already have a CRM, thanks.');
    expect(tagNames(r)).toEqual(expect.arrayContaining(['timing', 'callback_agreed']));
    expect(tagNames(r)).not.toContain('meeting_booked');
    // "Sure, try me in a couple of months" accepts the callback: it is not another objection
    expect(r.tags.find((x) => x.tag === 'timing')!.evidence.map((e) => e.quote)).toEqual(['But it is not a priority this quarter.']);
    expect(r.scores.objections.score).toBeGreaterThanOrEqual(4);
    expect(r.scores.nextStep.score).toBe(3);
    expect(r.scores.close.score).toBe(3);
  });

  it('wrong person: not the decision maker, referral with a name and a time', async () => {
    const t = sandbox(2);
    const r = await ai.reviewCall(input(t));
    expectGrounded(t, r);
    expect(tagNames(r)).toEqual(expect.arrayContaining(['not_decision_maker', 'referral']));
    expect(r.scores.nextStep.score).toBe(4);
    expect(r.scores.nextStep.evidence.map((e) => e.quote)).toContain('Ask for Jordan at the main line, after ten.');
    const a = await ai.analyzeCall(input(t));
    expect(a.decisionMakerReached).toBe(false);
    expect(a.suggestedDisposition).toBe('gatekeeper');
  });

  it('pricing question then demo now: buying signal and the demo taken on the spot', async () => {
    const t = sandbox(4);
    const r = await ai.reviewCall(input(t));
    expectGrounded(t, r);
    expect(r.tags.find((x) => x.tag === 'pricing_question')?.evidence[0].quote).toBe('What does pricing look like for six reps?');
    expect(tagNames(r)).toContain('demo_on_call');
    expect(r.scores.nextStep.score).toBe(5);
    expect(r.scores.discovery.score).toBe(1); // the rep asked nothing
    expect(r.objections).toEqual([]);
  });

  it('voicemails: tagged, no conversation scores pretended', async () => {
    for (const pick of [0, 1]) {
      const t = transcriptFromText(sampleTranscript(pick, 'machine'));
      const r = await ai.reviewCall(input(t));
      expectGrounded(t, r);
      expect(tagNames(r)).toContain('voicemail');
      expect(r.scores.discovery.rationale).toMatch(/Voicemail/);
      expect(r.scores.nextStep.score).toBe(2); // only the rep committed
      expect((await ai.analyzeCall(input(t))).suggestedDisposition).toBe('left_voicemail');
    }
  });

  it('is deterministic', async () => {
    const t = sandbox(0);
    const [a, b] = [await ai.reviewCall(input(t)), await ai.reviewCall(input(t))];
    expect(a).toEqual(b);
  });
});

describe('offline analyzer on hand-written calls', () => {
  it('price objection, trust objection, and a send-info brush-off', async () => {
    const t = text(`
      Rep: Hi Morgan, this is Sam from Flywheel. Do you have thirty seconds? I am calling because teams like yours lose callbacks.
      Prospect: Honestly it sounds expensive. We watch every dollar right now.
      Rep: Totally fair. What are you spending on missed follow-ups today?
      Prospect: Never heard of you, to be honest. Can you just send me some info?
      Rep: Sure, I will send an email today.
    `);
    const r = await ai.reviewCall(input(t));
    expectGrounded(t, r);
    expect(tagNames(r)).toEqual(expect.arrayContaining(['price', 'trust', 'send_info']));
    expect(r.tags.find((x) => x.tag === 'price')!.evidence.map((e) => e.quote)).toEqual(['Honestly it sounds expensive.', 'We watch every dollar right now.']);
    expect(r.scores.opening.score).toBe(5);
    expect(r.scores.nextStep.score).toBe(2); // the rep promised an email, the prospect agreed to nothing
  });

  it("uses the workspace's own tag spelling when it has one", async () => {
    const t = sandbox(3);
    const r = await ai.reviewCall(input(t, { objectionTags: ['budget', 'competitor'] }));
    expect(tagNames(r)).toContain('budget');
    expect(tagNames(r)).not.toContain('no_budget');
    expect(r.objections.map((o) => o.tag)).toContain('budget');
  });

  it('strong discovery: several open questions that surface pain score high', async () => {
    const t = text(`
      Rep: Hey Chris, Alex with Flywheel. Did I catch you at a bad time?
      Prospect: I have a minute.
      Rep: We help field service teams stop losing leads. Walk me through what happens when a new lead comes in today.
      Prospect: It lands in a spreadsheet and honestly nobody calls for a day.
      Rep: What does that cost you in a month?
      Prospect: Probably ten jobs. We are losing them to faster competitors.
      Rep: How do you know which of your people are making the calls?
      Prospect: I do not, really.
      Rep: Could we set up twenty minutes on Tuesday at two so I can show you how others fixed it?
      Prospect: Tuesday at two works, send me an invite.
    `);
    const r = await ai.reviewCall(input(t));
    expectGrounded(t, r);
    expect(r.scores.discovery.score).toBeGreaterThanOrEqual(4);
    expect(r.scores.close.score).toBe(5);
    expect(r.scores.control.score).toBe(5);
    expect(r.metrics?.repQuestions).toBe(4);
    const a = await ai.analyzeCall(input(t, { dispositionKeys: ['meeting_set', 'not_interested'] }));
    expect(a.suggestedDisposition).toBe('meeting_set');
    expect(a.nextSteps[0].evidence.map((e) => e.quote)).toContain('Tuesday at two works, send me an invite.');
    expect(a.facts.every((f) => f.evidence.length > 0 && f.evidence.every((e) => e.callSessionId === CALL))).toBe(true);
  });

  it('do not call and gatekeeper', async () => {
    const dnc = await ai.reviewCall(input(text(`
      Rep: Hi Pat, Alex with Flywheel.
      Prospect: Take me off your list. Do not call this number again.
      Rep: Understood, I will remove you right now.
    `)));
    expect(tagNames(dnc)).toEqual(expect.arrayContaining(['do_not_call', 'not_interested']));
    const gk = await ai.reviewCall(input(text(`
      Rep: Hi, this is Alex with Flywheel, is Dana around?
      Prospect: She is with a customer right now. What is this regarding?
      Rep: We help teams stop losing follow-ups. Is there a better time to reach Dana directly?
      Prospect: Try tomorrow morning before nine, that is usually best.
    `)));
    expect(tagNames(gk)).toEqual(expect.arrayContaining(['gatekeeper', 'referral']));
    expect(gk.scores.nextStep.score).toBe(4);
  });

  it('an unlabelled transcript (one block) still answers, without inventing structure', async () => {
    const t: TranscriptTurn[] = [{ speaker: 'unknown', start: 0, end: 20, text: 'hello yes we are not interested thanks bye' }];
    const r = await ai.reviewCall(input(t));
    expectGrounded(t, r);
    expect(r.scores.opening.score).toBe(1);
    expect(r.snippets).toEqual([]);
  });

  it('suggest(): next steps from the call, playbook rules only when evidence backs them', async () => {
    const t = sandbox(0);
    const s = await ai.suggest({
      workspaceId: 'ws', kind: 'next_step',
      context: { transcript: t, playbook: [{ ruleId: 'r1', text: 'Send the invite within five minutes of booking a demo.' }, { ruleId: 'r2', text: 'Never discount on the first call.' }] },
      evidence: [{ quote: 'Send me an invite.', start: t[5].start, end: t[5].end }],
    });
    expect(s[0].text).toMatch(/calendar invite/);
    expect(s.map((x) => x.text)).toContain('Send the invite within five minutes of booking a demo.');
    expect(s.map((x) => x.text)).not.toContain('Never discount on the first call.');
    expect(s.every((x) => x.evidence.length > 0)).toBe(true);
    expect(await ai.suggest({ workspaceId: 'ws', kind: 'opener', context: { playbook: [{ ruleId: 'r1', text: 'Ask permission first.' }] }, evidence: [] })).toEqual([]);
  });
});

describe('offline analyzer on the demo conversations (every scripted outcome, 20 seeds each)', () => {
  const ctx = (i: number): TalkContext => ({
    rep: 'Alex', prospect: 'Dana', company: 'Acme Plumbing', setup: 'a spreadsheet', pain: 'missed callbacks',
    objection: ['price', 'timing', 'has_provider', 'no_budget', 'send_info', 'not_decision_maker', 'contract_locked', 'too_busy'][i % 8], callbackDay: ['Tuesday', 'Thursday'][i % 2],
  });
  async function outcome(disposition: string) {
    const rows: ReviewDraft[] = [];
    for (let i = 0; i < 20; i++) rows.push(await ai.reviewCall(input(makeTranscript(new Rng(1000 + i), disposition, ctx(i)))));
    const avg = (k: 'close' | 'nextStep') => rows.reduce((n, r) => n + r.scores[k].score, 0) / rows.length;
    const share = (tag: string) => rows.filter((r) => r.tags.some((x) => x.tag === tag)).length / rows.length;
    return { rows, close: avg('close'), next: avg('nextStep'), share };
  }

  it('scores follow the outcome: lost < interest < callback < meeting, sold', async () => {
    const lost = await outcome('not_interested');
    const interest = await outcome('some_interest');
    const callback = await outcome('follow_up');
    const meeting = await outcome('meeting_set');
    const sold = await outcome('sold');
    expect(lost.next).toBe(1);
    expect(lost.share('no_next_step')).toBe(1);
    expect(interest.share('callback_agreed')).toBe(1);
    expect(callback.next).toBeGreaterThanOrEqual(4); // "Call me Thursday afternoon"
    expect(meeting.share('meeting_booked')).toBe(1);
    expect(meeting.close).toBe(5);
    expect(sold.share('closed_won')).toBe(1);
    expect(lost.close).toBeLessThan(interest.close);
    expect(interest.next).toBeLessThanOrEqual(callback.next);
    expect(callback.next).toBeLessThan(meeting.next);
    // the scripted objection is found in every call that has one, with its own words
    for (const o of [interest, meeting, sold]) expect(o.rows.every((r) => r.objections.length > 0)).toBe(true);
    for (const r of [...interest.rows, ...meeting.rows, ...sold.rows, ...callback.rows]) expect(r.snippets.length).toBeGreaterThan(0);
  });

  it('gatekeepers and do-not-call requests', async () => {
    const gk = await outcome('gatekeeper');
    expect(gk.share('gatekeeper')).toBe(1);
    expect(gk.share('referral')).toBe(1);
    const dnc = await outcome('do_not_call');
    expect(dnc.share('do_not_call')).toBe(1);
  });
});
