export * from './types.ts';
export { decidePacing, DEFAULT_ESTIMATES, abandonUpperBound, targetLevel, estimatesOf, humanChance, freeByArrival, linesOf } from './pacing.ts';
export { nextForItem, ABANDON_REDIAL_MS } from './redial.ts';
export { VirtualClock, realClock, type Clock, type VirtualTimer } from './clock.ts';
export { simulateCampaign, ISSUE_STATS, type SimOptions, type SimResult, type SimStats } from './sim/index.ts';
