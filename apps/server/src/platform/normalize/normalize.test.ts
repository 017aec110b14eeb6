import { describe, expect, it } from 'vitest';
import { normalizePhone } from './phone.ts';
import { normalizeEmail } from './email.ts';

describe('normalizePhone', () => {
  it.each([
    ['(415) 555-2671', 'US', '+14155552671'],
    ['415.555.2671', 'US', '+14155552671'],
    ['+44 20 7946 0958', 'US', '+442079460958'],
    ['0049 30 901820', 'US', '+4930901820'],
    ['030 901820', 'DE', '+4930901820'],
    ['1.4155552671E10', 'US', '+14155552671'],
  ])('%s (%s) → %s', (raw, country, e164) => {
    expect(normalizePhone(raw, country)).toMatchObject({ ok: true, e164 });
  });
  it.each([['123'], ['call me'], ['']])('rejects %j', (raw) => {
    expect(normalizePhone(raw, 'US').ok).toBe(false);
  });
});

describe('normalizeEmail', () => {
  it('lower-cases and strips display names', () => {
    expect(normalizeEmail('  Ana <Ana.Lopez@Example.COM> ')).toEqual({ ok: true, email: 'ana.lopez@example.com' });
    expect(normalizeEmail('mailto:bob@x.io')).toEqual({ ok: true, email: 'bob@x.io' });
  });
  it('rejects garbage', () => {
    expect(normalizeEmail('bob@').ok).toBe(false);
    expect(normalizeEmail('not an email').ok).toBe(false);
  });
});
