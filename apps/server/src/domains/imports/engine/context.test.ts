import { describe, expect, it } from 'vitest';
import { stageResolver } from './context.ts';

const stages = [
  { key: 'new', label: 'New', kind: 'open' },
  { key: 'contacted', label: 'Contacted', kind: 'open' },
  { key: 'interested', label: 'Interested', kind: 'open' },
  { key: 'won', label: 'Sold', kind: 'won' },
  { key: 'lost', label: 'Lost', kind: 'lost' },
] as const;

describe('stageResolver', () => {
  const resolve = stageResolver(stages.map((s) => ({ ...s })));
  it('matches keys and labels in any case and spacing', () => {
    expect(resolve('INTERESTED')).toBe('interested');
    expect(resolve(' sold ')).toBe('won');
  });
  it("maps other CRMs' lifecycle and lead statuses to the stage with that meaning", () => {
    expect(resolve('Lead')).toBe('new'); // HubSpot lifecycle stage
    expect(resolve('Marketing Qualified Lead')).toBe('new');
    expect(resolve('Open - Not Contacted')).toBe('new'); // Salesforce lead status
    expect(resolve('Working - Contacted')).toBe('contacted');
    expect(resolve('Opportunity')).toBe('interested');
    expect(resolve('Closed Won')).toBe('won');
    expect(resolve('Closed - Not Converted')).toBe('lost');
  });
  it('falls back to the first open stage when the pipeline has no stage of that meaning', () => {
    const custom = stageResolver([{ key: 'prospect', label: 'Prospect', kind: 'open' }, { key: 'client', label: 'Client', kind: 'won' }]);
    expect(custom('Opportunity')).toBe('prospect');
    expect(custom('Banana')).toBeNull();
  });
});
