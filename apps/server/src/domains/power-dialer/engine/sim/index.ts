export { simulateCampaign, ISSUE_STATS, type SimOptions, type SimResult, type SimStats } from './simulate.ts';
