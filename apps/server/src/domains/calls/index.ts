export { seedWorkspaceDefaults, listDispositions, DispositionEffectsSchema, type Disposition, type DispositionEffects } from './dispositions.repo.ts';
export { insertCallSessions, type NewCallSession, type StatusChange } from './call-session.repo.ts';
export { insertAttempts, type NewAttempt } from './attempt.repo.ts';
