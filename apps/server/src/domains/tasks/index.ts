export { taskRoutes } from './task.routes.ts';
export { workCtx, actorOf, isManager, requireUser, resolveOwnerFilter, type WorkCtx } from './ctx.ts';
export { clockAt, workspaceClock, formatLocal, safeZone, type WorkspaceClock } from './clock.ts';
export { insertTask, selectTasksByIds, toTaskItem, TASK_COLUMNS, TASK_FROM, type TaskRow, type NewTask } from './task.repo.ts';
export { afterTaskChange, applyTransition } from './task.service.ts';
export { snoozeUntil } from './snooze.ts';
