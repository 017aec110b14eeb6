import type { TranscriptTurn } from './port.ts';

/** Lower case, straight apostrophes, punctuation to spaces: how quotes are compared with the transcript. */
export function normalizeText(s: string): string {
  return s
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[^a-z0-9' ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export interface GroundedEvidence {
  start: number;
  end: number;
  quote: string;
}

const round = (n: number) => Math.round(n * 10) / 10;

/**
 * Finds a quote in the transcript (invariant 5: a model may not invent what was said). Returns the
 * quote with start/end inside the turn that says it, or null when no turn says it. When the quote
 * is in several turns, the one nearest the claimed start wins.
 */
export function groundQuote(transcript: TranscriptTurn[], ev: { quote: string; start?: number | null; end?: number | null }): GroundedEvidence | null {
  const nq = normalizeText(ev.quote);
  if (nq.length < 2) return null;
  const hits = transcript.filter((t) => normalizeText(t.text).includes(nq));
  if (hits.length === 0) return null;
  const claimed = typeof ev.start === 'number' ? ev.start : null;
  const turn = claimed === null ? hits[0] : hits.reduce((best, t) => (Math.abs(t.start - claimed) < Math.abs(best.start - claimed) ? t : best));
  // keep the claimed times when they fall inside the turn; otherwise the turn's own
  const inside = claimed !== null && typeof ev.end === 'number' && claimed >= turn.start && ev.end <= turn.end && ev.end >= claimed;
  return { start: round(inside ? claimed : turn.start), end: round(inside ? (ev.end as number) : turn.end), quote: ev.quote.trim() };
}

/** Grounds every piece of evidence; the ones no turn says are dropped. */
export function groundAll(transcript: TranscriptTurn[], evs: { quote: string; start?: number | null; end?: number | null }[]): GroundedEvidence[] {
  return evs.map((e) => groundQuote(transcript, e)).filter((e): e is GroundedEvidence => e !== null);
}
