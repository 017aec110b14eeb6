import { describe, expect, it } from 'vitest';
import { SCRIPT_CATEGORIES, SCRIPT_MODES, scriptVariablesIn, unknownScriptVariables } from '@flywheel/contracts';
import { CATEGORY_LABELS, SCRIPT_MODE_LABELS, SCRIPT_MODE_ORDER, categoryLabel, unknownVariables, variablesIn } from './scriptText.tsx';

describe('script text helpers (browser side)', () => {
  it('lists the same modes and categories as the contract', () => {
    expect([...SCRIPT_MODE_ORDER]).toEqual([...SCRIPT_MODES]);
    expect(Object.keys(SCRIPT_MODE_LABELS).sort()).toEqual([...SCRIPT_MODES].sort());
    expect(Object.keys(CATEGORY_LABELS)).toEqual([...SCRIPT_CATEGORIES]);
  });

  it.each([
    'Hi {FirstName}, {FirstName} again — {Company} in {City}',
    'Typos: {Frist} {LeadType} {first name} {} {FullName}',
    'No variables at all',
  ])('finds the same variables and unknown ones as the server: %s', (body) => {
    expect(variablesIn(body)).toEqual(scriptVariablesIn(body));
    expect(unknownVariables(body)).toEqual(unknownScriptVariables(body));
  });

  it('labels suggested categories and capitalises a team’s own', () => {
    expect(categoryLabel('objection')).toBe('Objection handling');
    expect(categoryLabel('gatekeepers')).toBe('Gatekeepers');
  });
});
