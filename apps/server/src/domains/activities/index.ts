export { recordActivity, diffFields, type ActivityInput } from './activity.repo.ts';
