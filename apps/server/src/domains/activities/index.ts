export { recordActivity, recordActivityRows, diffFields, type ActivityInput } from './activity.repo.ts';
