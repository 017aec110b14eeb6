import type { RubricKey, SuggestedScore, SuggestedSnippet, SuggestedTag } from '@flywheel/contracts';
import type { AnalyzeCallInput, CallAnalysis, Claim, ReviewDraft } from '../port.ts';
import { OBJECTIONS } from './lexicon.ts';
import type { Ask, Moment, ObjectionHit, Reading } from './read.ts';

/**
 * Turns a reading of the call into what a reviewer is offered (tags, rubric 1–5 with rationale,
 * objections, 1–3 quotable moments) and into a CallAnalysis (facts / inferred / missing).
 * Deterministic: the same transcript always gets the same suggestions.
 */

const clamp = (n: number) => Math.max(1, Math.min(5, Math.round(n)));
const ev = (m: Moment) => ({ start: m.start, end: m.end, quote: m.quote });
const q = (m: Moment) => `“${m.quote}”`;
const uniqueMoments = (ms: Moment[]) => ms.filter((m, i) => ms.findIndex((x) => x.start === m.start && x.quote === m.quote) === i);

/** The workspace's own spelling of a tag, when it already uses one of the aliases. */
function vocabularyTag(tag: string, vocabulary: string[]): string {
  const entry = OBJECTIONS.find((o) => o.tag === tag);
  if (!entry || vocabulary.length === 0) return tag;
  const known = new Map(vocabulary.map((v) => [v.toLowerCase(), v]));
  for (const alias of [entry.tag, ...entry.aliases]) {
    const hit = known.get(alias);
    if (hit) return hit;
  }
  return tag;
}

const bestAsk = (r: Reading): Ask | null => {
  const rank = (a: Ask) => (a.accepted ? 10 : 0) + (a.kind === 'commitment' ? 4 : a.kind === 'meeting' ? 3 : a.kind === 'referral' ? 2 : 1) + (a.specific ? 1 : 0);
  return r.asks.length ? r.asks.reduce((b, a) => (rank(a) > rank(b) ? a : b)) : null;
};

export function meetingBooked(r: Reading): Ask | null {
  return r.asks.find((a) => a.kind === 'meeting' && a.accepted) ?? null;
}

function handled(o: ObjectionHit): number {
  return o.handling === 'question' ? 4 : o.handling === 'acknowledged' ? 2 : 1;
}

export function scoreCall(r: Reading): Record<RubricKey, SuggestedScore> {
  const vm = r.voicemail !== null;
  const ask = bestAsk(r);

  // ── opening ──
  const o = r.opener;
  let opening: SuggestedScore;
  if (!o.firstRep) opening = { score: 1, rationale: 'The rep never spoke in the transcript.', evidence: [] };
  else {
    const parts: string[] = [];
    let s = 1;
    if (o.greetsByName) {
      s++;
      parts.push('greets the prospect by name');
    }
    if (o.intro) {
      s++;
      parts.push('introduces themselves and the company');
    }
    if (o.permission || o.warm || vm) {
      s++;
      parts.push(o.warm ? 'opens warm (the prospect asked for this call)' : vm ? 'leaves a voicemail' : 'asks permission / acknowledges the interruption');
    }
    if (o.reason) {
      s++;
      parts.push('states a reason for the call');
    }
    const lacks = [!o.greetsByName && 'no name in the greeting', !o.intro && 'no introduction', !(o.permission || o.warm || vm) && 'no permission asked', !o.reason && 'no reason given'].filter(Boolean);
    opening = {
      score: clamp(s),
      rationale: `${parts.length ? `Opener ${parts.join(', ')}.` : 'Opener has no greeting, introduction, permission or reason.'}${lacks.length ? ` Missing: ${lacks.join(', ')}.` : ''}`,
      evidence: uniqueMoments([o.firstRep, o.permission, o.reason].filter((m): m is Moment => m !== null)).slice(0, 3).map(ev),
    };
  }

  // ── discovery ──
  const disc = r.questions.filter((x) => x.role === 'discovery');
  const objQ = r.questions.filter((x) => x.role === 'objection');
  const weight = disc.reduce((n, x) => n + (x.open ? 1 : 0.5), 0) + objQ.length * 0.5;
  const painQ = [...disc, ...objQ].find((x) => x.pain);
  let discovery: SuggestedScore;
  if (vm) discovery = { score: 3, rationale: 'Voicemail: no conversation to run discovery in.', evidence: [] };
  else if (weight === 0) discovery = { score: 1, rationale: 'The rep asked no discovery questions.', evidence: r.opener.firstRep ? [ev(r.opener.firstRep)] : [] };
  else {
    const base = weight < 1.5 ? 2 : weight < 2.5 ? 3 : weight < 4 ? 4 : 5;
    const open = disc.filter((x) => x.open).length;
    discovery = {
      score: clamp(base + (painQ ? 1 : 0)),
      rationale: `${disc.length + objQ.length} question${disc.length + objQ.length === 1 ? '' : 's'} (${open} open)${painQ ? `; ${q(painQ.moment)} got the prospect to name a problem: ${q(painQ.answer[0])}` : '; none surfaced a pain the prospect admitted'}.`,
      evidence: [...(painQ ? [painQ.moment, ...painQ.answer.slice(0, 1)] : []), ...[...disc, ...objQ].filter((x) => x !== painQ).map((x) => x.moment)].slice(0, 3).map(ev),
    };
  }

  // ── objections ──
  let objections: SuggestedScore;
  if (r.objections.length === 0) objections = { score: 3, rationale: 'No objection came up on this call; nothing to judge.', evidence: [] };
  else {
    // one judgement per prospect turn ("Not interested, no budget" is one objection moment)
    const perTurn = [...new Set(r.objections.map((x) => x.turn))].map((turn) => {
      const same = r.objections.filter((x) => x.turn === turn);
      return { ...same[0], label: same.map((x) => x.label).join(' + ') };
    });
    let s = perTurn.reduce((n, x) => n + handled(x), 0) / perTurn.length;
    const firstTurn = Math.min(...perTurn.map((x) => x.turn));
    const progressed = r.asks.some((a) => a.accepted && a.turn > firstTurn);
    if (progressed) s += 1;
    if (r.signOff) s -= 1;
    const how = perTurn.map((x) => `${x.label}: ${x.handling === 'question' ? `answered with a question${x.reply.find((m) => m.quote.endsWith('?')) ? ` (${q(x.reply.find((m) => m.quote.endsWith('?'))!)})` : ''}` : x.handling === 'acknowledged' ? 'acknowledged, no question back' : x.handling === 'unanswered' ? 'the call ended there' : 'not addressed'}`);
    objections = {
      score: clamp(s),
      rationale: `${how.join('; ')}.${progressed ? ' The call still reached a next step.' : ''}${r.signOff ? ' The rep let the call end without a next step.' : ''}`,
      evidence: perTurn.flatMap((x) => [x.moments[0], ...x.reply.slice(0, 1)]).slice(0, 4).map(ev),
    };
  }

  // ── control ──
  const asked = r.questions.filter((x) => x.role !== 'opener').length;
  let controlScore = 3;
  const why: string[] = [asked >= 2 ? `the rep steered with ${asked} questions` : asked === 1 ? 'the rep asked one question' : 'the rep asked no questions'];
  if (asked >= 2) controlScore++;
  if (r.asks.some((a) => a.accepted)) {
    controlScore++;
    why.push('led the call to an agreed next step');
  }
  if (r.talkRatio.rep > 0.7) {
    controlScore--;
    why.push(`talked ${Math.round(r.talkRatio.rep * 100)}% of the time`);
  }
  if (r.signOff) {
    controlScore--;
    why.push('let the prospect end it without a next step');
  }
  const control: SuggestedScore = vm
    ? { score: 3, rationale: 'Voicemail: no conversation to steer.', evidence: [] }
    : {
        score: clamp(controlScore),
        rationale: `${why.join('; ')}. Talk ratio rep ${Math.round(r.talkRatio.rep * 100)}% / prospect ${Math.round(r.talkRatio.prospect * 100)}%.`.replace(/^./, (c) => c.toUpperCase()),
        evidence: uniqueMoments([...(ask ? [ask.moment, ...ask.response.slice(0, 1)] : []), ...r.questions.filter((x) => x.role !== 'opener').map((x) => x.moment), ...(r.signOff ? [r.signOff] : [])]).slice(0, 3).map(ev),
      };

  // ── close ──
  let close: SuggestedScore;
  if (vm) {
    const callback = r.sentences.find((s) => s.speaker === 'rep' && /\b(call me back|reach me|call back at|give me a call)\b/.test(s.lower));
    close = callback
      ? { score: 3, rationale: 'Voicemail asks for a call back.', evidence: [ev(callback)] }
      : { score: 2, rationale: 'Voicemail gives no reason or way to call back.', evidence: r.opener.firstRep ? [ev(r.opener.firstRep)] : [] };
  } else if (!ask) {
    close = { score: 1, rationale: 'The rep never asked for a meeting, a call back or a referral.', evidence: r.signOff ? [ev(r.signOff)] : r.opener.firstRep ? [] : [] };
  } else {
    const e = [ev(ask.moment), ...ask.response.slice(0, 2).map(ev)];
    if (ask.kind === 'commitment' && ask.accepted) close = { score: 5, rationale: 'Asked for the business and got a yes.', evidence: e };
    else if (ask.kind === 'commitment') close = { score: 3, rationale: 'Asked for the business; the prospect did not commit yet.', evidence: e };
    else if (ask.kind === 'meeting' && ask.accepted)
      close = { score: ask.specific || ask.now ? 5 : 4, rationale: ask.now ? 'Offered a demo and the prospect took it on the spot.' : ask.specific ? 'Asked for a meeting at a specific time and got a yes.' : 'Asked for a meeting and got a yes, without a time.', evidence: e };
    else if (ask.kind === 'meeting') close = { score: 3, rationale: 'Asked for a meeting; the prospect did not commit.', evidence: e };
    else if (ask.accepted) close = { score: 3, rationale: ask.kind === 'referral' ? 'Did not get a meeting but got the way to the decision maker.' : 'Did not ask for a meeting; settled for permission to call back.', evidence: e };
    else close = { score: 2, rationale: `Asked for ${ask.kind === 'referral' ? 'a referral' : 'a call back'}; the prospect did not commit.`, evidence: e };
  }

  // ── next step ──
  let nextStep: SuggestedScore;
  const accepted = r.asks.filter((a) => a.accepted);
  const top = accepted.find((a) => a.kind === 'commitment') ?? accepted.find((a) => a.kind === 'meeting') ?? accepted.find((a) => a.kind === 'referral') ?? accepted[0];
  if (top) {
    const e = [ev(top.moment), ...top.response.slice(0, 2).map(ev)];
    const invite = top.response.some((m) => /invite/i.test(m.quote));
    if (top.kind === 'commitment') nextStep = { score: 5, rationale: 'The prospect said yes to the deal; the agreement and onboarding follow.', evidence: e };
    else if (top.kind === 'meeting') nextStep = { score: top.specific || top.now ? 5 : 4, rationale: top.now ? 'The demo happens now, on this call.' : top.specific ? `Meeting agreed for a specific time${invite ? ', calendar invite requested' : ''}.` : 'Meeting agreed, but no time set.', evidence: e };
    else if (top.kind === 'referral') nextStep = { score: top.specific ? 4 : 3, rationale: top.specific ? 'A named person and when to reach them.' : 'A referral, but no name or time.', evidence: e };
    else nextStep = { score: top.specific ? 4 : 3, rationale: top.specific ? 'Call back agreed for a specific time.' : 'Call back agreed, but only vaguely ("some time").', evidence: e };
  } else if (r.repCommitment) {
    nextStep = { score: 2, rationale: 'Only the rep committed to a follow-up; the prospect agreed to nothing.', evidence: [ev(r.repCommitment)] };
  } else {
    const last = r.signOff ?? [...r.sentences].reverse().find((s) => s.speaker === 'rep') ?? null;
    nextStep = { score: 1, rationale: 'No next step was agreed.', evidence: last ? [ev(last)] : [] };
  }
  return { opening, discovery, control, objections, close, nextStep };
}

export function tagCall(r: Reading, vocabulary: string[]): SuggestedTag[] {
  const tags: SuggestedTag[] = [];
  const add = (tag: string, reason: string, ms: Moment[]) => {
    if (ms.length === 0) return;
    const existing = tags.find((t) => t.tag === tag);
    if (existing) existing.evidence.push(...ms.map(ev).filter((e) => !existing.evidence.some((x) => x.quote === e.quote && x.start === e.start)));
    else tags.push({ tag, reason, evidence: uniqueMoments(ms).map(ev) });
  };
  if (r.voicemail) add('voicemail', 'Reached voicemail.', [r.voicemail]);
  if (r.gatekeeper) add('gatekeeper', 'Someone screened the call.', [r.gatekeeper]);
  if (r.doNotCall) add('do_not_call', 'The prospect asked not to be called again.', [r.doNotCall]);
  for (const o of r.objections) add(vocabularyTag(o.tag, vocabulary), `Objection: ${o.label}.`, o.moments);
  if (r.pricingQuestions.length) add('pricing_question', 'Buying signal: the prospect asked about pricing.', r.pricingQuestions);
  const commit = r.asks.find((a) => a.kind === 'commitment' && a.accepted);
  if (commit) add('closed_won', 'The prospect agreed to buy.', [commit.moment, ...commit.response]);
  const meeting = meetingBooked(r);
  if (meeting) add(meeting.now ? 'demo_on_call' : 'meeting_booked', meeting.now ? 'The prospect took the demo right away.' : 'The prospect agreed to a meeting.', [meeting.moment, ...meeting.response]);
  const callback = r.asks.find((a) => a.kind === 'callback' && a.accepted);
  if (callback && !meeting && !commit) add('callback_agreed', 'The prospect agreed to a call back.', [callback.moment, ...callback.response]);
  const referral = r.asks.find((a) => a.kind === 'referral' && a.accepted);
  if (referral) add('referral', 'The prospect pointed to the right person or time.', [referral.moment, ...referral.response]);
  if (r.interest.length && !meeting) add('interest', 'The prospect sounded interested.', r.interest);
  if (!r.voicemail && !r.asks.some((a) => a.accepted) && r.signOff) add('no_next_step', 'The call ended without a next step.', [r.signOff]);
  return tags;
}

export function snippetsOf(r: Reading): SuggestedSnippet[] {
  const cands: (SuggestedSnippet & { rank: number })[] = [];
  const join = (pairs: [string, Moment[]][]) => pairs.filter(([, ms]) => ms.length).map(([who, ms]) => `${who}: ${ms.map((m) => m.quote).join(' ')}`).join(' ');
  const span = (ms: Moment[]) => ({ start: Math.min(...ms.map((m) => m.start)), end: Math.max(...ms.map((m) => m.end)) });
  const commit = r.asks.find((a) => a.kind === 'commitment' && a.accepted);
  if (commit) cands.push({ ...span([commit.moment, ...commit.response]), text: join([['Rep', [commit.moment]], ['Prospect', commit.response]]), why: 'Deal closed', rank: 11 });
  const meeting = meetingBooked(r);
  if (meeting) cands.push({ ...span([meeting.moment, ...meeting.response]), text: join([['Rep', [meeting.moment]], ['Prospect', meeting.response]]), why: meeting.now ? 'Demo accepted on the spot' : 'Meeting booked', rank: 10 });
  for (const o of r.objections) {
    if (o.handling !== 'question') continue;
    const reply = o.reply.filter((m) => m.quote.endsWith('?') || r.sentences.some((s) => s.quote === m.quote && s.question));
    const ms = [...o.moments, ...(reply.length ? reply : o.reply)];
    if (cands.some((c) => c.start === span(ms).start)) continue;
    cands.push({ ...span(ms), text: join([['Prospect', o.moments], ['Rep', reply.length ? reply : o.reply]]), why: `Objection handled (${o.label}) with a question`, rank: 8 });
  }
  const referral = r.asks.find((a) => a.kind === 'referral' && a.accepted);
  if (referral) cands.push({ ...span([referral.moment, ...referral.response]), text: join([['Rep', [referral.moment]], ['Prospect', referral.response]]), why: 'Found the decision maker and when to reach them', rank: 6 });
  const strong = r.questions.filter((x) => x.role === 'discovery' && x.pain && x.answer.length);
  for (const x of strong.slice(0, 2)) cands.push({ ...span([x.moment, ...x.answer]), text: join([['Rep', [x.moment]], ['Prospect', x.answer]]), why: 'Strong discovery question: the prospect named a problem', rank: 7 });
  for (const p of r.pricingQuestions.slice(0, 1)) cands.push({ ...span([p]), text: `Prospect: ${p.quote}`, why: 'Buying signal: pricing question', rank: 5 });
  // best first; a moment overlapping a better one is the same moment told twice
  const picked: typeof cands = [];
  for (const c of cands.sort((a, b) => b.rank - a.rank || a.start - b.start)) {
    if (picked.length < 3 && !picked.some((p) => c.start < p.end && p.start < c.end)) picked.push(c);
  }
  return picked.sort((a, b) => a.start - b.start).map(({ rank: _rank, ...s }) => s);
}

export function summarize(r: Reading, scores: Record<RubricKey, SuggestedScore>): string {
  if (r.voicemail) return `Voicemail. ${r.repCommitment ? `Rep said: ${q(r.repCommitment)}` : 'The rep left no follow-up.'}`;
  const parts: string[] = [];
  const meeting = meetingBooked(r);
  const accepted = r.asks.filter((a) => a.accepted);
  if (accepted.some((a) => a.kind === 'commitment')) parts.push('Deal closed');
  else if (meeting) parts.push(meeting.now ? 'Demo accepted on the call' : `Meeting booked (${q(meeting.response[0] ?? meeting.moment)})`);
  else if (accepted.some((a) => a.kind === 'referral')) parts.push('Referred to the decision maker');
  else if (accepted.some((a) => a.kind === 'callback')) parts.push('Call back agreed');
  else if (r.gatekeeper) parts.push('Screened by a gatekeeper');
  else parts.push('No next step');
  const objs = [...new Set(r.objections.map((o) => o.label))];
  if (objs.length) parts.push(`objections: ${objs.join(', ')}`);
  if (r.pricingQuestions.length) parts.push('the prospect asked about pricing');
  const nq = r.questions.filter((x) => x.role !== 'opener').length;
  parts.push(`${nq} rep question${nq === 1 ? '' : 's'}, talk ratio ${Math.round(r.talkRatio.rep * 100)}/${Math.round(r.talkRatio.prospect * 100)}`);
  parts.push(`rubric ${Object.values(scores).reduce((n, s) => n + s.score, 0)}/30`);
  return `${parts[0]}; ${parts.slice(1).join('; ')}.`;
}

export function reviewFromReading(r: Reading, input: AnalyzeCallInput): ReviewDraft {
  const scores = scoreCall(r);
  const objections = [...new Set(r.objections.map((o) => o.tag))].map((tag) => ({
    tag: vocabularyTag(tag, input.vocabulary.objectionTags),
    evidence: uniqueMoments(r.objections.filter((o) => o.tag === tag).flatMap((o) => o.moments)).map(ev),
  }));
  return {
    summary: summarize(r, scores),
    tags: tagCall(r, input.vocabulary.objectionTags),
    scores,
    objections,
    snippets: snippetsOf(r),
    metrics: { talkRatio: r.talkRatio, repQuestions: r.questions.filter((x) => x.role !== 'opener').length, sentiment: r.sentiment },
  };
}

// ───────────── CallAnalysis (facts / inferred / missing) ─────────────

const MISSING: [string, RegExp][] = [
  ['Budget', /\b(budget|price|pricing|cost|afford|spend|plan|seats?)\b/],
  ['Timeline', /\b(when|timeline|deadline|this (quarter|year|month)|next (quarter|year|month|week)|by (q\d|the end))\b/],
  ['Decision maker', /\b(decid|decision|who else|sign off|owner|boss|manager|weighs in|the one)\w*/],
  ['Current solution', /\b(today|currently|right now|use|using|crm|spreadsheet|tool|system|track)\b/],
  ['Pain / problem', /\b(problem|headache|challenge|struggle|losing|costing|not well|nobody|sticky)\b/],
];

export function analysisFromReading(r: Reading, input: AnalyzeCallInput): CallAnalysis {
  const withId = (m: Moment) => ({ callSessionId: input.callSessionId, ...ev(m) });
  const claim = (text: string, ms: Moment[]): Claim | null => (ms.length ? { text, evidence: uniqueMoments(ms).map(withId) } : null);
  const keep = (c: (Claim | null)[]) => c.filter((x): x is Claim => x !== null);
  const meeting = meetingBooked(r);
  const accepted = r.asks.filter((a) => a.accepted);

  const facts = keep([
    r.voicemail && claim('The call reached voicemail.', [r.voicemail]),
    r.gatekeeper && claim('A gatekeeper answered.', [r.gatekeeper]),
    r.doNotCall && claim('The prospect asked not to be called again.', [r.doNotCall]),
    ...r.objections.map((o) => claim(`The prospect raised an objection: ${o.label}.`, o.moments)),
    r.pricingQuestions.length ? claim('The prospect asked about pricing.', r.pricingQuestions) : null,
    ...r.questions.filter((x) => x.pain).slice(0, 2).map((x) => claim('The prospect described a problem.', x.answer.slice(0, 1))),
  ]);
  const dmNo = r.objections.some((o) => o.tag === 'not_decision_maker') || r.gatekeeper !== null || r.voicemail !== null;
  const dmYes = !dmNo && meeting !== null;
  const inferred = keep([
    dmNo && r.objections.find((o) => o.tag === 'not_decision_maker') ? claim('The person on the call is not the decision maker.', r.objections.find((o) => o.tag === 'not_decision_maker')!.moments) : null,
    dmYes ? claim('The decision maker was reached (they committed to a meeting).', meeting!.response) : null,
    r.sentiment > 0.15 && r.interest.length ? claim('The prospect sounds open to it.', r.interest) : null,
    r.sentiment < -0.15 ? claim('The prospect sounds negative.', r.objections.flatMap((o) => o.moments).slice(0, 2)) : null,
  ]);
  const said = r.sentences.map((s) => s.lower).join(' ');
  const missing = r.voicemail ? [] : MISSING.filter(([, re]) => !re.test(said)).map(([label]) => label);

  const nextSteps = keep(
    accepted.map((a) =>
      claim(
        a.kind === 'commitment' ? 'The prospect agreed to buy: send the agreement.' : a.kind === 'meeting' ? (a.now ? 'Demo now, on this call.' : 'Meeting agreed.') : a.kind === 'referral' ? 'Reach the person the prospect named.' : 'Call back as agreed.',
        [a.moment, ...a.response],
      ),
    ).concat(accepted.length === 0 && r.repCommitment ? [claim('The rep will follow up (the prospect did not agree to anything).', [r.repCommitment])] : []),
  );

  const keys = input.vocabulary.dispositionKeys;
  let disposition: string | null = r.voicemail
    ? 'left_voicemail'
    : r.doNotCall
      ? 'do_not_call'
      : accepted.some((a) => a.kind === 'commitment')
        ? 'sold'
        : meeting
        ? 'meeting_set'
        : r.gatekeeper || r.objections.some((o) => o.tag === 'not_decision_maker')
          ? 'gatekeeper'
          : accepted.some((a) => a.kind === 'callback')
            ? 'follow_up'
            : r.pricingQuestions.length || r.interest.length
              ? 'some_interest'
              : r.objections.length
                ? 'not_interested'
                : null;
  if (disposition && keys.length > 0 && !keys.includes(disposition)) disposition = null;

  return {
    summary: summarize(r, scoreCall(r)),
    facts,
    inferred,
    missing,
    objections: [...new Set(r.objections.map((o) => o.tag))].map((tag) => ({
      tag: vocabularyTag(tag, input.vocabulary.objectionTags),
      evidence: uniqueMoments(r.objections.filter((o) => o.tag === tag).flatMap((o) => o.moments)).map(withId),
    })),
    decisionMakerReached: dmNo ? false : dmYes ? true : null,
    suggestedDisposition: disposition,
    nextSteps,
    sentiment: r.sentiment,
    talkRatio: r.talkRatio,
  };
}
