import { describe, expect, it } from 'vitest';
import { areaCodeInfo, areaCodeTable } from './area-codes.ts';

describe('areaCodeInfo', () => {
  it.each([
    ['+14155550100', 'US', 'CA', ['America/Los_Angeles']],
    ['+18085550100', 'US', 'HI', ['Pacific/Honolulu']],
    // Arizona keeps standard time all year: its own zone, not Denver's
    ['+16025550100', 'US', 'AZ', ['America/Phoenix']],
    ['+14165550100', 'CA', 'ON', ['America/Toronto']],
    ['+16045550100', 'CA', 'BC', ['America/Vancouver']],
    ['+13055550100', 'US', 'FL', ['America/New_York']],
  ])('%s → %s/%s %j', (phone, country, region, timeZones) => {
    expect(areaCodeInfo(phone)).toEqual({ areaCode: phone.slice(2, 5), country, region, timeZones });
  });

  it('Alaska (907) rings in Alaska time, and lists the Aleutian zone too', () => {
    const ak = areaCodeInfo('+19075550100');
    expect(ak?.region).toBe('AK');
    expect(ak?.timeZones).toEqual(expect.arrayContaining(['America/Anchorage', 'America/Adak']));
  });

  it('a split code lists every zone its exchanges ring in: 850 is Eastern and Central Florida', () => {
    expect(areaCodeInfo('+18505550100')).toEqual({ areaCode: '850', country: 'US', region: 'FL', timeZones: ['America/New_York', 'America/Chicago'] });
    // the Navajo Nation in northern Arizona keeps daylight time
    expect(areaCodeInfo('+19285550100')?.timeZones).toEqual(['America/Phoenix', 'America/Denver']);
  });

  it('unknown codes, other countries and malformed input → null', () => {
    expect(areaCodeInfo('+19995550100')).toBeNull();
    expect(areaCodeInfo('+442079460958')).toBeNull();
    expect(areaCodeInfo('4155550100')).toBeNull();
    expect(areaCodeInfo(null)).toBeNull();
  });

  it('covers every US state and Canadian province, with a valid zone for every code', () => {
    const t = areaCodeTable();
    const regions = new Set([...t.values()].map((i) => i.region));
    for (const r of ['AL', 'AK', 'AZ', 'AR', 'CA', 'CO', 'CT', 'DE', 'DC', 'FL', 'GA', 'HI', 'ID', 'IL', 'IN', 'IA', 'KS', 'KY', 'LA', 'ME', 'MD', 'MA', 'MI', 'MN', 'MS', 'MO', 'MT', 'NE', 'NV', 'NH', 'NJ', 'NM', 'NY', 'NC', 'ND', 'OH', 'OK', 'OR', 'PA', 'RI', 'SC', 'SD', 'TN', 'TX', 'UT', 'VT', 'VA', 'WA', 'WV', 'WI', 'WY', 'AB', 'BC', 'MB', 'NB', 'NL', 'NS', 'ON', 'QC', 'SK']) {
      expect(regions, r).toContain(r);
    }
    expect(t.size).toBeGreaterThan(400);
    for (const i of t.values()) expect(i.timeZones.length, i.areaCode).toBeGreaterThan(0);
    // built once per process
    expect(areaCodeTable()).toBe(t);
  });
});
