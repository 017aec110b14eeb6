import { SnoozeSchema, TaskBulkResultSchema, TaskBulkSchema, TaskCreateSchema, TaskItemSchema, TaskListQuerySchema, TaskListResponseSchema, TaskUpdateSchema } from '@flywheel/contracts';
import { defineRoute, uuidParam } from '../../platform/http/route.ts';
import { workCtx } from './ctx.ts';
import { listTasks } from './task-list.ts';
import { bulkTasks, completeTask, createTask, patchTask, reopenTask, snoozeTask } from './task.service.ts';

const tags = ['tasks'];

/** Tasks live in the Dialer (SPEC §1.4): the queue, and every action on a task. */
export const taskRoutes = [
  defineRoute({
    method: 'GET', url: '/api/v1/tasks', auth: 'workspace', tags,
    summary: 'The task queue: overdue → due today → upcoming, with bucket counts',
    query: TaskListQuerySchema, response: TaskListResponseSchema,
    handler: (c) => listTasks(workCtx(c), c.query),
  }),
  defineRoute({
    method: 'POST', url: '/api/v1/tasks', auth: 'workspace', tags,
    summary: 'Create a task on a lead',
    body: TaskCreateSchema, response: TaskItemSchema, successStatus: 201,
    handler: (c) => createTask(workCtx(c), c.body),
  }),
  defineRoute({
    method: 'POST', url: '/api/v1/tasks/bulk', auth: 'workspace', tags,
    summary: 'Complete, cancel, snooze or reschedule many tasks',
    body: TaskBulkSchema, response: TaskBulkResultSchema,
    handler: (c) => bulkTasks(workCtx(c), c.body),
  }),
  defineRoute({
    method: 'PATCH', url: '/api/v1/tasks/:id', auth: 'workspace', tags,
    summary: 'Edit or reschedule a task (dueAt)',
    params: uuidParam, body: TaskUpdateSchema, response: TaskItemSchema,
    handler: (c) => patchTask(workCtx(c), c.params.id, c.body),
  }),
  defineRoute({
    method: 'POST', url: '/api/v1/tasks/:id/complete', auth: 'workspace', tags,
    summary: 'Complete a task', params: uuidParam, response: TaskItemSchema,
    handler: (c) => completeTask(workCtx(c), c.params.id),
  }),
  defineRoute({
    method: 'POST', url: '/api/v1/tasks/:id/reopen', auth: 'workspace', tags,
    summary: 'Reopen a completed or cancelled task', params: uuidParam, response: TaskItemSchema,
    handler: (c) => reopenTask(workCtx(c), c.params.id),
  }),
  defineRoute({
    method: 'POST', url: '/api/v1/tasks/:id/snooze', auth: 'workspace', tags,
    summary: 'Snooze a task (1h, 3h, tomorrow 09:00, next Monday 09:00, or a time)',
    params: uuidParam, body: SnoozeSchema, response: TaskItemSchema,
    handler: (c) => snoozeTask(workCtx(c), c.params.id, c.body),
  }),
];
