export type EmailResult = { ok: true; email: string } | { ok: false; reason: string };

// Practical address check (what CRMs accept): local@domain.tld, no spaces, one @.
const EMAIL_RE = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[A-Za-z]{2,}$/;

/** Trims, strips "Name <addr>" and mailto:, lower-cases. */
export function normalizeEmail(raw: string): EmailResult {
  let s = raw.trim();
  if (!s) return { ok: false, reason: 'empty' };
  const angle = /<([^>]+)>/.exec(s);
  if (angle) s = angle[1];
  s = s.replace(/^mailto:/i, '').trim().toLowerCase();
  if (!EMAIL_RE.test(s)) return { ok: false, reason: `"${raw.trim()}" is not a valid email address` };
  return { ok: true, email: s };
}
