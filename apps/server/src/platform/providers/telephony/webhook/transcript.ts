import type { TranscriptTurn } from '../../ai/port.ts';

// Twilio's transcription is one block of text with no timing; speaking runs at ~150 words a
// minute, so turn times are estimated from word counts (marked as estimates by being derived).
const WORDS_PER_SECOND = 2.5;

/**
 * Lines "Rep: …" / "Prospect: …" (the sandbox carrier's and our own transcripts) become speaker
 * turns with estimated start/end seconds; any other text is one 'unknown' turn.
 */
export function transcriptFromText(text: string): TranscriptTurn[] {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  const labelled = lines.map((l) => /^(rep|agent|prospect|customer|lead)\s*:\s*(.*)$/i.exec(l));
  const turns: { speaker: TranscriptTurn['speaker']; text: string }[] =
    lines.length > 0 && labelled.every((m) => m !== null)
      ? labelled.map((m) => ({ speaker: /^(rep|agent)$/i.test(m![1]) ? 'rep' : 'prospect', text: m![2] }))
      : text.trim() ? [{ speaker: 'unknown', text: text.trim() }] : [];
  let t = 0;
  return turns.map((turn) => {
    const words = turn.text.split(/\s+/).filter(Boolean).length;
    const start = Math.round(t * 10) / 10;
    t += Math.max(1, words / WORDS_PER_SECOND);
    return { speaker: turn.speaker, start, end: Math.round(t * 10) / 10, text: turn.text };
  });
}
