import winkNLP, { type ItemSentence, type WinkMethods } from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import Sentiment from 'sentiment';
import type { TranscriptTurn } from '../port.ts';
import * as L from './lexicon.ts';

/**
 * Reads a transcript the way a sales coach would skim it: sentence by sentence (wink-nlp splits
 * sentences and finds dates/times), with the lexicons marking objections, buying signals, the
 * opener, questions and asks, and AFINN scoring the prospect's tone. Everything found keeps the
 * words and the seconds where they were said, so every later claim can quote it.
 */

let winkInstance: WinkMethods | null = null;
const nlp = () => (winkInstance ??= winkNLP(model));
const afinn = new Sentiment();

export interface Moment {
  start: number;
  end: number;
  quote: string;
}

export interface Sentence extends Moment {
  turn: number;
  speaker: TranscriptTurn['speaker'];
  /** Normalised for the lexicons. */
  lower: string;
  question: boolean;
  /** wink-nlp DATE / TIME entities ("Thursday", "afternoon", "next year"). */
  times: string[];
}

export type AskKind = 'commitment' | 'meeting' | 'callback' | 'referral';
export type Handling = 'question' | 'acknowledged' | 'ignored' | 'unanswered';

export interface ObjectionHit {
  tag: string;
  label: string;
  turn: number;
  moments: Moment[];
  handling: Handling;
  /** The rep's answer, when there was one. */
  reply: Moment[];
}

export interface Ask {
  kind: AskKind;
  turn: number;
  moment: Moment;
  response: Moment[];
  responseTurn: number | null;
  accepted: boolean;
  /** A definite yes ("send me an invite", "let us do it now"), not "sure, some time". */
  firm: boolean;
  /** A day, a time, "now", or (for a referral) a named person. */
  specific: boolean;
  now: boolean;
}

export interface RepQuestion {
  moment: Moment;
  turn: number;
  open: boolean;
  role: 'opener' | 'ask' | 'objection' | 'discovery';
  answer: Moment[];
  pain: boolean;
}

export interface Reading {
  turns: TranscriptTurn[];
  sentences: Sentence[];
  voicemail: Moment | null;
  gatekeeper: Moment | null;
  doNotCall: Moment | null;
  objections: ObjectionHit[];
  pricingQuestions: Moment[];
  interest: Moment[];
  pain: Moment[];
  opener: { firstRep: Moment | null; greetsByName: boolean; intro: Moment | null; permission: Moment | null; reason: Moment | null; warm: boolean };
  questions: RepQuestion[];
  asks: Ask[];
  /** A follow-up the rep announced on their own ("I will try you again tomorrow", voicemails). */
  repCommitment: Moment | null;
  /** The rep's last words when they left without any next step. */
  signOff: Moment | null;
  talkRatio: { rep: number; prospect: number };
  /** -1 … 1, prospect side (AFINN). */
  sentiment: number;
}

const round = (n: number) => Math.round(n * 10) / 10;
const VAGUE_TIME = /\b(year|quarter|month|months|season|spring|summer|fall|autumn|winter|while|couple|some ?time|later|eventually)\b/;
const SPECIFIC_TIME = /\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|today|tonight|now|this (morning|afternoon|evening)|next week|(at|after|before|around) (\d{1,2}(:\d\d)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|noon)( ?(am|pm|o'clock))?)\b/;
const NAMED_CONTACT = /\b(ask for|talk to|speak (to|with)|reach|call|email|try) ([A-Z][a-z]+)\b|[\w.+-]+@[\w-]+\.\w+|\+?\d[\d\s().-]{6,}\d/;
const HARD_NO = new Set(['not_interested']);

function lowerOf(text: string): string {
  return text.toLowerCase().replace(/[\u2018\u2019]/g, "'").replace(/\s+/g, ' ').trim();
}

function sentencesOf(turn: TranscriptTurn, index: number): Sentence[] {
  const w = nlp();
  const doc = w.readDoc(turn.text);
  const out: Sentence[] = [];
  const len = Math.max(1, turn.text.length);
  const dur = Math.max(0, turn.end - turn.start);
  let cursor = 0;
  doc.sentences().each((s: ItemSentence) => {
    const text = s.out().trim();
    if (!text) return;
    const at = turn.text.indexOf(text, cursor);
    const off = at >= 0 ? at : cursor;
    cursor = off + text.length;
    const times = (s.entities().out(w.its.detail) as unknown as { value: string; type: string }[])
      .filter((e) => e.type === 'DATE' || e.type === 'TIME')
      .map((e) => e.value.toLowerCase());
    const lower = lowerOf(text);
    out.push({
      turn: index,
      speaker: turn.speaker,
      quote: text,
      lower,
      start: round(turn.start + (dur * off) / len),
      end: round(turn.start + (dur * Math.min(len, off + text.length)) / len),
      // "Walk me through …" asks as much as any question mark
      question: /\?\s*$/.test(text) || L.PROMPT_QUESTION.test(lower) || (!/[.!]\s*$/.test(text) && L.QUESTION_START.test(lower)),
      times,
    });
  });
  return out;
}

const moment = (s: Sentence): Moment => ({ start: s.start, end: s.end, quote: s.quote });
const isSpecific = (ss: Sentence[]) => ss.some((s) => SPECIFIC_TIME.test(s.lower) || s.times.some((t) => !VAGUE_TIME.test(t)));

export function readTranscript(transcript: TranscriptTurn[]): Reading {
  const turns = transcript.filter((t) => t.text.trim().length > 0);
  const sentences = turns.flatMap((t, i) => sentencesOf(t, i));
  const byTurn = (i: number) => sentences.filter((s) => s.turn === i);
  // the prospect's side: transcripts with unknown speakers are read as one voice
  const prospectSide = (s: Sentence) => s.speaker !== 'rep';
  const nextTurn = (i: number, speaker: 'rep' | 'prospect') => {
    for (let j = i + 1; j < turns.length; j++) if ((speaker === 'rep') === (turns[j].speaker === 'rep')) return j;
    return null;
  };

  const voicemailS = sentences.find((s) => prospectSide(s) && L.VOICEMAIL.test(s.lower));
  const gatekeeperS = sentences.find((s) => prospectSide(s) && L.GATEKEEPER.test(s.lower));
  const dncS = sentences.find((s) => prospectSide(s) && L.DO_NOT_CALL.test(s.lower));

  // ── opener: the rep's first turn (and the second, for the reason) ──
  const repTurns = turns.map((t, i) => ({ t, i })).filter((x) => x.t.speaker === 'rep');
  const first = repTurns[0] ? byTurn(repTurns[0].i) : [];
  const firstTwo = repTurns.slice(0, 2).flatMap((x) => byTurn(x.i));
  const find = (ss: Sentence[], re: RegExp) => ss.find((s) => re.test(s.lower)) ?? null;
  const permissionS = find(first, L.PERMISSION);
  const reasonS = find(firstTwo, L.REASON);
  const introS = find(firstTwo, L.INTRO);
  const opener = {
    firstRep: repTurns[0] ? { start: repTurns[0].t.start, end: repTurns[0].t.end, quote: repTurns[0].t.text } : null,
    greetsByName: repTurns[0] ? L.GREETING_NAME.test(repTurns[0].t.text) : false,
    intro: introS && moment(introS),
    permission: permissionS && moment(permissionS),
    reason: reasonS && moment(reasonS),
    warm: reasonS ? /\b(returning your call|you (asked|requested)|about the demo)\b/.test(reasonS.lower) : false,
  };

  // ── asks for a commitment and what came back ──
  const asks: Ask[] = [];
  for (const s of sentences) {
    if (s.speaker !== 'rep') continue;
    // a proposal followed by "Does that work?" asks as much as a question does
    const turnAsks = byTurn(s.turn).some((x) => x.question);
    let kind: AskKind | null = L.ASK_COMMIT.test(s.lower)
      ? 'commitment'
      : L.ASK_MEETING.test(s.lower)
        ? 'meeting'
        : L.ASK_REFERRAL.test(s.lower)
          ? 'referral'
          : L.ASK_CALLBACK.test(s.lower) && turnAsks
            ? 'callback'
            : null;
    if (!kind) continue;
    // an offer inside an answer counts too ("I can walk you through it with a short demo")
    if (asks.some((a) => a.turn === s.turn)) continue;
    const rt = nextTurn(s.turn, 'prospect');
    const resp = rt === null ? [] : byTurn(rt);
    const hardNo = resp.some((r) => OBJECTION_TAGS_OF(r).some((tag) => HARD_NO.has(tag)));
    // "Call me Thursday afternoon": the prospect named the time, for a call rather than a meeting
    const proposesTime = resp.some((r) => L.CALL_ME.test(r.lower)) && isSpecific(resp);
    if (proposesTime && kind === 'meeting') kind = 'callback';
    const accepted =
      !hardNo &&
      (kind === 'referral'
        ? resp.some((r) => NAMED_CONTACT.test(r.quote) || SPECIFIC_TIME.test(r.lower) || /\b(ask for|try|reach)\b/.test(r.lower))
        : proposesTime || resp.some((r) => L.ACCEPTANCE.some((re) => re.test(r.lower)) || L.DO_IT_NOW.test(r.lower)));
    const now = accepted && resp.some((r) => L.DO_IT_NOW.test(r.lower));
    asks.push({
      kind,
      turn: s.turn,
      moment: moment(s),
      response: resp.map(moment),
      responseTurn: rt,
      accepted,
      firm: accepted && (now || resp.some((r) => L.FIRM_ACCEPTANCE.test(r.lower))),
      specific: accepted && (now || isSpecific(resp) || (isSpecific([s]) && resp.some((r) => /\b(works|invite|sure|yes|yeah|okay|ok|deal)\b/.test(r.lower))) || (kind === 'referral' && resp.some((r) => NAMED_CONTACT.test(r.quote)))),
      now,
    });
  }
  const acceptedResponseTurns = new Set(asks.filter((a) => a.accepted && a.kind === 'callback').map((a) => a.responseTurn));

  // ── objections (not in a turn that accepts a callback: "sure, try me in a couple of months") ──
  const objections: ObjectionHit[] = [];
  for (const s of sentences) {
    if (!prospectSide(s) || acceptedResponseTurns.has(s.turn) || (voicemailS && s.turn === voicemailS.turn)) continue;
    for (const tag of OBJECTION_TAGS_OF(s)) {
      const entry = L.OBJECTIONS.find((o) => o.tag === tag)!;
      const existing = objections.find((o) => o.tag === tag && o.turn === s.turn);
      if (existing) {
        if (!existing.moments.some((m) => m.quote === s.quote)) existing.moments.push(moment(s));
        continue;
      }
      const rt = nextTurn(s.turn, 'rep');
      const reply = rt === null ? [] : byTurn(rt);
      const handling: Handling =
        rt === null ? 'unanswered' : reply.some((r) => r.question) ? 'question' : reply.some((r) => L.ACKNOWLEDGE.test(r.lower)) ? 'acknowledged' : 'ignored';
      objections.push({ tag, label: entry.label, turn: s.turn, moments: [moment(s)], handling, reply: reply.map(moment) });
    }
  }

  // ── rep questions ──
  const objectionReplyTurns = new Set(objections.map((o) => nextTurnIndex(o.turn)));
  function nextTurnIndex(i: number) {
    return nextTurn(i, 'rep');
  }
  const askSentences = new Set(asks.map((a) => `${a.moment.start}:${a.moment.quote}`));
  const questions: RepQuestion[] = sentences
    .filter((s) => s.speaker === 'rep' && s.question)
    .map((s) => {
      const role: RepQuestion['role'] = repTurns[0] && s.turn === repTurns[0].i ? 'opener' : askSentences.has(`${s.start}:${s.quote}`) ? 'ask' : objectionReplyTurns.has(s.turn) ? 'objection' : 'discovery';
      const at = nextTurn(s.turn, 'prospect');
      const answer = at === null ? [] : byTurn(at);
      return { moment: moment(s), turn: s.turn, open: L.OPEN_QUESTION.test(s.lower), role, answer: answer.map(moment), pain: answer.some((a) => L.PAIN.test(a.lower)) };
    });

  // ── what the rep committed to alone, and how the call ended ──
  const repCommit = sentences.find((s) => s.speaker === 'rep' && /\b(i will|i'll) (try|call|send|email|follow|reach|check)\b/.test(s.lower));
  const anyAccepted = asks.some((a) => a.accepted);
  const lastRep = [...sentences].reverse().find((s) => s.speaker === 'rep');
  const signOff = !anyAccepted && lastRep && L.SIGN_OFF.test(lastRep.lower) && !lastRep.question ? moment(lastRep) : null;

  // ── talk ratio (seconds spoken) and the prospect's tone ──
  const spoken = (who: 'rep' | 'prospect') => turns.filter((t) => (who === 'rep' ? t.speaker === 'rep' : t.speaker !== 'rep')).reduce((n, t) => n + Math.max(0, t.end - t.start), 0);
  const rep = spoken('rep');
  const prospect = spoken('prospect');
  const total = rep + prospect;
  const prospectTurns = turns.filter((t) => t.speaker !== 'rep' && !(voicemailS && t === turns[voicemailS.turn]));
  const scores = prospectTurns.map((t) => afinn.analyze(t.text).comparative);
  const sentiment = scores.length ? Math.max(-1, Math.min(1, scores.reduce((a, b) => a + b, 0) / scores.length / 1.5)) : 0;

  return {
    turns,
    sentences,
    voicemail: voicemailS ? moment(voicemailS) : null,
    gatekeeper: gatekeeperS ? moment(gatekeeperS) : null,
    doNotCall: dncS ? moment(dncS) : null,
    objections,
    pricingQuestions: sentences.filter((s) => prospectSide(s) && s.question && L.PRICING_QUESTION.test(s.lower)).map(moment),
    interest: sentences.filter((s) => prospectSide(s) && L.INTEREST.test(s.lower)).map(moment),
    pain: sentences.filter((s) => prospectSide(s) && L.PAIN.test(s.lower) && !(voicemailS && s.turn === voicemailS.turn)).map(moment),
    opener,
    questions,
    asks,
    repCommitment: repCommit ? moment(repCommit) : null,
    signOff,
    talkRatio: total > 0 ? { rep: round2(rep / total), prospect: round2(prospect / total) } : { rep: 0, prospect: 0 },
    sentiment: round2(sentiment),
  };
}

const round2 = (n: number) => Math.round(n * 100) / 100;

function OBJECTION_TAGS_OF(s: Sentence): string[] {
  // "what does pricing look like?" is a buying signal, not an objection; "can you just send me some info?" is one
  const entries = s.question ? L.OBJECTIONS.filter((o) => L.QUESTION_OBJECTIONS.has(o.tag)) : L.OBJECTIONS;
  return entries.filter((o) => o.patterns.some((re) => re.test(s.lower))).map((o) => o.tag);
}
