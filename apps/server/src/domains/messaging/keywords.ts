/**
 * SMS keywords (SPEC §6, CTIA): a message that is exactly one of these words — any case, with
 * surrounding whitespace, quotes and trailing punctuation tolerated ("Stop.", " stop ", "STOP!!")
 * — is a command. The same word inside a sentence ("don't stop calling") is not.
 */
export const OPT_OUT_KEYWORDS = ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'OPTOUT', 'REVOKE'] as const;
export const OPT_IN_KEYWORDS = ['START', 'UNSTOP', 'YES'] as const;
export const HELP_KEYWORDS = ['HELP', 'INFO'] as const;

export type KeywordKind = 'opt_out' | 'opt_in' | 'help';
export interface Keyword {
  kind: KeywordKind;
  /** The keyword as normalised (upper case), e.g. STOP. */
  keyword: string;
}

const KINDS = new Map<string, KeywordKind>([
  ...OPT_OUT_KEYWORDS.map((k) => [k, 'opt_out'] as const),
  ...OPT_IN_KEYWORDS.map((k) => [k, 'opt_in'] as const),
  ...HELP_KEYWORDS.map((k) => [k, 'help'] as const),
]);

// quotes and brackets around the word; punctuation (and emoji-free symbols) after it
const WRAP = /^["'“”‘’«»([]+|["'“”‘’«»)\]]+$/gu;
const TRAILING = /[\s.!?,;:…¡¿\-–—~*]+$/u;

/** The command an inbound text is, or null for an ordinary message. */
export function parseKeyword(body: string): Keyword | null {
  let s = body.normalize('NFKC').trim();
  for (let i = 0; i < 3; i++) s = s.replace(TRAILING, '').replace(WRAP, '').trim();
  if (s.length === 0 || s.length > 12 || /\s/.test(s)) return null;
  const keyword = s.toUpperCase();
  const kind = KINDS.get(keyword);
  return kind ? { kind, keyword } : null;
}
