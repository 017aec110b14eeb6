import { describe, expect, it } from 'vitest';
import { areaCodeInfo } from '../../platform/normalize/area-codes.ts';
import { humanIn, insideWindow, intersect, nextOpening } from './hours.ts';

const FED = { start: 8, end: 21 };
const at = (iso: string) => new Date(iso);
const zonesOf = (phone: string) => areaCodeInfo(phone)?.timeZones ?? [];

describe('calling hours in the called party’s zone', () => {
  it('New York on the spring-forward day (2026-03-08): opens at 8:00 EDT = 12:00Z, eleven hours after 1:00 EST', () => {
    const ny = ['America/New_York'];
    expect(insideWindow('America/New_York', FED, at('2026-03-08T11:59:00Z'))).toBe(false); // 7:59 EDT
    expect(insideWindow('America/New_York', FED, at('2026-03-08T12:00:00Z'))).toBe(true);
    expect(nextOpening(ny, FED, at('2026-03-08T06:00:00Z'))).toEqual(at('2026-03-08T12:00:00Z'));
    // the evening before still closes at 21:00 EST = 02:00Z
    expect(insideWindow('America/New_York', FED, at('2026-03-08T01:59:00Z'))).toBe(true);
    expect(insideWindow('America/New_York', FED, at('2026-03-08T02:00:00Z'))).toBe(false);
  });

  it('New York on the fall-back day (2026-11-01): opens at 8:00 EST = 13:00Z, closes at 21:00 EST = 02:00Z', () => {
    expect(insideWindow('America/New_York', FED, at('2026-11-01T12:30:00Z'))).toBe(false); // 7:30 EST (would be 8:30 EDT)
    expect(nextOpening(['America/New_York'], FED, at('2026-11-01T12:30:00Z'))).toEqual(at('2026-11-01T13:00:00Z'));
    expect(insideWindow('America/New_York', FED, at('2026-11-02T01:59:00Z'))).toBe(true);
    expect(insideWindow('America/New_York', FED, at('2026-11-02T02:00:00Z'))).toBe(false);
    // the repeated 1:00–2:00 hour changes nothing: 21:00 the evening before is 01:00Z
    expect(nextOpening(['America/New_York'], FED, at('2026-11-01T01:00:00Z'))).toEqual(at('2026-11-01T13:00:00Z'));
  });

  it('Arizona (602) keeps standard time: same as Denver in winter, an hour behind in summer', () => {
    const az = zonesOf('+16025550100');
    expect(az).toEqual(['America/Phoenix']);
    expect(insideWindow(az[0], FED, at('2026-01-15T15:00:00Z'))).toBe(true); // 8:00 MST
    expect(insideWindow('America/Denver', FED, at('2026-01-15T15:00:00Z'))).toBe(true);
    expect(insideWindow(az[0], FED, at('2026-07-01T14:30:00Z'))).toBe(false); // 7:30 MST in July
    expect(insideWindow('America/Denver', FED, at('2026-07-01T14:30:00Z'))).toBe(true); // 8:30 MDT
    expect(nextOpening(az, FED, at('2026-07-01T14:30:00Z'))).toEqual(at('2026-07-01T15:00:00Z'));
  });

  it('Hawaii (808) and Alaska (907)', () => {
    const hi = zonesOf('+18085550100');
    expect(nextOpening(hi, FED, at('2026-07-01T17:59:00Z'))).toEqual(at('2026-07-01T18:00:00Z')); // 8:00 HST
    expect(insideWindow(hi[0], FED, at('2026-07-02T06:59:00Z'))).toBe(true); // 20:59 HST
    expect(insideWindow(hi[0], FED, at('2026-07-02T07:00:00Z'))).toBe(false);
    // 907's exchanges also ring on Adak (an hour behind Anchorage) and, per the metadata, in Honolulu
    // time: Anchorage alone opens at 16:00Z in July, the whole code only at 18:00Z (the stricter
    // reading; a lead's own time zone overrides it)
    const ak = zonesOf('+19075550100');
    expect(ak).toEqual(expect.arrayContaining(['America/Anchorage', 'America/Adak', 'Pacific/Honolulu']));
    expect(nextOpening(['America/Anchorage'], FED, at('2026-07-01T15:00:00Z'))).toEqual(at('2026-07-01T16:00:00Z'));
    expect(nextOpening(ak, FED, at('2026-07-01T15:00:00Z'))).toEqual(at('2026-07-01T18:00:00Z'));
  });

  it('a split code (850, Eastern + Central) is open only when both halves are', () => {
    const fl = zonesOf('+18505550100');
    // 8:30 Eastern but 7:30 Central
    expect(fl.every((z) => insideWindow(z, FED, at('2026-07-01T12:30:00Z')))).toBe(false);
    expect(nextOpening(fl, FED, at('2026-07-01T12:30:00Z'))).toEqual(at('2026-07-01T13:00:00Z'));
    // 21:00 Eastern, 20:00 Central: closed until Central's 8:00 the next morning
    expect(nextOpening(fl, FED, at('2026-07-02T01:00:00Z'))).toEqual(at('2026-07-02T13:00:00Z'));
  });

  it('zones whose windows never overlap have no opening', () => {
    expect(nextOpening(['UTC', 'Asia/Kolkata'], { start: 8, end: 9 }, at('2026-07-01T00:00:00Z'))).toBeNull();
  });

  it('state rules only narrow the window; durations read like a person wrote them', () => {
    expect(intersect(FED, [{ start: 8, end: 20 }, { end: 19 }])).toEqual({ start: 8, end: 19 });
    expect(intersect(FED, [{ start: 7, end: 22 }])).toEqual(FED);
    expect(humanIn(at('2026-07-01T11:12:00Z'), at('2026-07-01T12:00:00Z'))).toBe('in 48 min');
    expect(humanIn(at('2026-07-01T07:00:00Z'), at('2026-07-01T12:05:00Z'))).toBe('in 5 h 5 min');
    expect(humanIn(at('2026-07-01T07:00:00Z'), at('2026-07-03T09:00:00Z'))).toBe('in 2 d 2 h');
  });
});
