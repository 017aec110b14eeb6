import { describe, expect, it } from 'vitest';
import { redactUrl } from './redact-url.ts';

describe('redactUrl', () => {
  it('hides the token of URLs that are their own credential, and nothing else', () => {
    expect(redactUrl('/calendar/cal_abcDEF123456789012345.ics')).toBe('/calendar/[token]');
    expect(redactUrl('/voicemail/vm_0123456789abcdef?x=1')).toBe('/voicemail/[token]?x=1');
    expect(redactUrl('/api/v1/leads/123?q=calendar')).toBe('/api/v1/leads/123?q=calendar');
    expect(redactUrl('/api/v1/calendar-feed')).toBe('/api/v1/calendar-feed');
  });
});
