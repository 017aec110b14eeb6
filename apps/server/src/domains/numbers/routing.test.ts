import { describe, expect, it } from 'vitest';
import { best, routeCallerId, type Candidate } from './routing.ts';

let seq = 0;
const num = (e164: string, over: Partial<Candidate> = {}): Candidate => ({
  id: `n${++seq}`, e164, areaCode: e164.slice(2, 5), region: null, status: 'healthy', healthScore: null, isDefault: false, calls24h: 0, ...over,
});

const ny = num('+12125550101', { region: 'NY' });
const ny2 = num('+16465550102', { region: 'NY' });
const il = num('+13125550103', { region: 'IL' });
const ca = num('+14155550104', { region: 'CA', isDefault: true });

describe('routeCallerId', () => {
  it('exact area code first', () => {
    expect(routeCallerId([ca, il, ny, ny2], { areaCode: '212', region: 'NY' })).toMatchObject({ tier: 'area_code', number: { e164: ny.e164 } });
  });

  it('same state when no number shares the area code', () => {
    expect(routeCallerId([ca, il, ny2], { areaCode: '718', region: 'NY' })).toMatchObject({ tier: 'state', number: { e164: ny2.e164 } });
  });

  it('healthiest checked number when neither area code nor state match', () => {
    const pool = [ca, num('+13125550105', { region: 'IL', healthScore: 80 }), num('+15125550106', { region: 'TX', healthScore: 95 })];
    expect(routeCallerId(pool, { areaCode: '907', region: 'AK' })).toMatchObject({ tier: 'healthiest', number: { e164: '+15125550106' } });
  });

  it('the default number when nothing matches and nothing was checked', () => {
    expect(routeCallerId([il, ca, ny], { areaCode: '907', region: 'AK' })).toMatchObject({ tier: 'default', number: { e164: ca.e164 } });
  });

  it('without a default: the least used usable number', () => {
    const a = num('+13125550107', { calls24h: 5 });
    const b = num('+13125550108', { calls24h: 2 });
    expect(routeCallerId([a, b], { areaCode: null, region: null })).toMatchObject({ tier: 'default', number: { e164: b.e164 } });
  });

  it('skips flagged numbers at every tier', () => {
    const flaggedNy = num('+12125550109', { region: 'NY', status: 'flagged', healthScore: 40 });
    expect(routeCallerId([flaggedNy, ny2, ca], { areaCode: '212', region: 'NY' })).toMatchObject({ tier: 'state', number: { e164: ny2.e164 } });
    const flaggedDefault = num('+14155550110', { isDefault: true, status: 'flagged' });
    expect(routeCallerId([flaggedDefault, il], { areaCode: '907', region: 'AK' })).toMatchObject({ tier: 'default', number: { e164: il.e164 } });
  });

  it('null when every number is flagged (the account caller id is used)', () => {
    expect(routeCallerId([num('+12125550111', { status: 'flagged' })], { areaCode: '212', region: 'NY' })).toBeNull();
    expect(routeCallerId([], { areaCode: '212', region: 'NY' })).toBeNull();
  });

  it('a usable override wins; a flagged or unknown override is ignored', () => {
    expect(routeCallerId([ny, il], { areaCode: '212', region: 'NY' }, il.e164)).toMatchObject({ tier: 'override', number: { e164: il.e164 } });
    const bad = num('+13125550112', { status: 'flagged' });
    expect(routeCallerId([ny, bad], { areaCode: '212', region: 'NY' }, bad.e164)).toMatchObject({ tier: 'area_code', number: { e164: ny.e164 } });
    expect(routeCallerId([ny], { areaCode: '212', region: 'NY' }, '+19995550000')).toMatchObject({ tier: 'area_code' });
  });

  it('a monitor number is used only when no healthy equal exists', () => {
    const m = num('+12125550113', { status: 'monitor', healthScore: 85 });
    const h = num('+12125550114', { status: 'healthy', healthScore: 100, calls24h: 50 });
    expect(routeCallerId([m, h], { areaCode: '212', region: null })?.number.e164).toBe(h.e164);
    expect(routeCallerId([m], { areaCode: '212', region: null })?.number.e164).toBe(m.e164);
  });
});

describe('best (spread across equals)', () => {
  it('least used in the last 24 h, then the lowest number (deterministic)', () => {
    const a = num('+12125550120', { calls24h: 3 });
    const b = num('+12125550121', { calls24h: 1 });
    const c = num('+12125550119', { calls24h: 1 });
    expect(best([a, b, c])?.e164).toBe(c.e164);
    expect(best([b, a, c])?.e164).toBe(c.e164);
  });

  it('spreads volume: repeated picks with counting rotate through equals', () => {
    const pool = [num('+13125550130'), num('+13125550131'), num('+13125550132')];
    const used: string[] = [];
    for (let i = 0; i < 6; i++) {
      const p = routeCallerId(pool, { areaCode: '312', region: null });
      if (!p) throw new Error('no pick');
      used.push(p.number.e164);
      p.number.calls24h++;
    }
    expect(used).toEqual(['+13125550130', '+13125550131', '+13125550132', '+13125550130', '+13125550131', '+13125550132']);
  });

  it('a higher health score beats lower volume', () => {
    const a = num('+12125550140', { healthScore: 90, calls24h: 0 });
    const b = num('+12125550141', { healthScore: 100, calls24h: 9 });
    expect(best([a, b])?.e164).toBe(b.e164);
  });
});
