export * from './types.ts';
export { decidePacing, DEFAULT_ESTIMATES, abandonUpperBound, targetLevel, estimatesOf, humanChance, freeByArrival, linesOf } from './pacing.ts';
export { nextForItem, ABANDON_REDIAL_MS } from './redial.ts';
