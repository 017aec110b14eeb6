import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { Check, ListTodo, Plus } from 'lucide-react';
import { toast } from 'sonner';
import { Badge, Button, ButtonLink, Card, CardHeader, Checkbox, EmptyState, Skeleton, cn } from '../../ui/index.ts';
import { invalidateTasks, taskApi, useTasks } from './api.ts';
import { CreateTaskModal } from './CreateTaskModal.tsx';
import { formatDue, plural } from './format.ts';
import { RescheduleButton, SnoozeButton } from './TaskActions.tsx';
import type { Snooze, TaskItem } from './types.ts';

const SECTIONS = [
  { bucket: 'overdue', title: 'Overdue' },
  { bucket: 'today', title: 'Due today' },
  { bucket: 'upcoming', title: 'Upcoming' },
  { bucket: 'unscheduled', title: 'No due date' },
] as const;

const KIND_LABEL: Record<TaskItem['kind'], string> = { follow_up: 'Follow-up', callback: 'Callback', nurture: 'Nurture', other: 'Task' };

/** Runs a task mutation: success toast, the server's message on failure, and fresh queue/figures. */
function useTaskAction() {
  const qc = useQueryClient();
  return async (fn: () => Promise<unknown>, done: string, undo?: () => Promise<unknown>) => {
    try {
      await fn();
      const action = undo && {
        label: 'Undo',
        onClick: () => void undo().then(() => invalidateTasks(qc), (e: unknown) => toast.error(e instanceof Error ? e.message : 'Not undone')),
      };
      toast.success(done, action ? { action } : undefined);
    } catch (e) {
      toast.error(e instanceof Error ? e.message : 'Something went wrong');
    } finally {
      invalidateTasks(qc);
    }
  };
}

/** The rep's open tasks, overdue → due today → upcoming, with single and bulk actions. */
export function TaskQueue({ leadId, leadName }: { leadId?: string | null; leadName?: string | null }) {
  const tasks = useTasks({ bucket: 'open', owner: leadId ? 'all' : 'me', leadId });
  const act = useTaskAction();
  const [selected, setSelected] = useState<string[]>([]);
  const [creating, setCreating] = useState(false);
  const items = useMemo(() => tasks.data?.items ?? [], [tasks.data]);
  const visible = new Set(items.map((t) => t.id));
  const sel = selected.filter((id) => visible.has(id));

  const toggle = (id: string) => setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s, id]));
  const bulkDone = (n: number, what: string) => `${plural(n, 'task')} ${what}`;

  return (
    <Card aria-busy={tasks.isLoading}>
      <CardHeader
        title={leadId ? `Tasks for ${leadName ?? 'this lead'}` : 'Task queue'}
        subtitle={tasks.data ? `${tasks.data.counts.overdue} overdue · ${tasks.data.counts.today} due today · ${tasks.data.counts.upcoming} upcoming` : undefined}
        actions={
          <>
            {leadId && <ButtonLink to="/dialer" size="sm" variant="ghost">Show all tasks</ButtonLink>}
            <Button size="sm" onClick={() => setCreating(true)}><Plus aria-hidden className="h-3.5 w-3.5" /> New task</Button>
          </>
        }
      />
      {sel.length > 0 && (
        <div role="toolbar" aria-label="Selected tasks" className="flex flex-wrap items-center gap-2 border-b border-default bg-brand-50 px-4 py-1.5 text-sm dark:bg-brand-700/20">
          <span className="font-medium">{sel.length} selected</span>
          <Button size="sm" onClick={() => void act(() => taskApi.bulk({ action: 'complete', ids: sel }), bulkDone(sel.length, 'completed')).then(() => setSelected([]))}>
            <Check aria-hidden className="h-3.5 w-3.5" /> Complete
          </Button>
          <SnoozeButton label="Snooze selected" onSnooze={(snooze: Snooze) => act(() => taskApi.bulk({ action: 'snooze', ids: sel, snooze }), bulkDone(sel.length, 'snoozed')).then(() => setSelected([]))} />
          <RescheduleButton label="Reschedule selected" dueAt={null} onReschedule={(dueAt) => act(() => taskApi.bulk({ action: 'reschedule', ids: sel, dueAt }), bulkDone(sel.length, 'rescheduled')).then(() => setSelected([]))} />
          <Button size="sm" variant="ghost" onClick={() => setSelected([])}>Clear</Button>
        </div>
      )}
      {tasks.isLoading ? (
        <div className="space-y-2 p-4">{[0, 1, 2].map((i) => <Skeleton key={i} className="h-9 w-full" />)}</div>
      ) : tasks.isError ? (
        <EmptyState title="Could not load tasks" action={<Button onClick={() => void tasks.refetch()}>Try again</Button>}>{tasks.error.message}</EmptyState>
      ) : items.length === 0 ? (
        <EmptyState icon={<ListTodo className="h-8 w-8" />} title="Nothing due" action={<ButtonLink to="/dialer/new" variant="primary">Start a New session</ButtonLink>}>
          {leadId ? 'This lead has no open tasks.' : 'No follow-ups or callbacks are waiting — start a New session and make some.'}
        </EmptyState>
      ) : (
        <div>
          {SECTIONS.map(({ bucket, title }) => {
            const rows = items.filter((t) => (t.bucket ?? 'unscheduled') === bucket);
            if (!rows.length) return null;
            const allSel = rows.every((r) => sel.includes(r.id));
            return (
              <section key={bucket} aria-label={title}>
                <div className="flex items-center gap-2 bg-panel-2 px-4 py-1 text-xs font-semibold uppercase tracking-wide text-muted">
                  <Checkbox
                    aria-label={`Select all ${title.toLowerCase()}`}
                    checked={allSel}
                    onChange={() => setSelected((s) => (allSel ? s.filter((id) => !rows.some((r) => r.id === id)) : [...new Set([...s, ...rows.map((r) => r.id)])]))}
                  />
                  <span className={cn(bucket === 'overdue' && 'text-red-600 dark:text-red-400')}>{title}</span>
                  <span>{rows.length}</span>
                </div>
                <ul>
                  {rows.map((t) => (
                    <TaskRow key={t.id} task={t} selected={sel.includes(t.id)} onToggle={() => toggle(t.id)} act={act} />
                  ))}
                </ul>
              </section>
            );
          })}
        </div>
      )}
      <CreateTaskModal open={creating} onClose={() => setCreating(false)} leadId={leadId ?? null} leadName={leadName ?? null} />
    </Card>
  );
}

function TaskRow({ task: t, selected, onToggle, act }: { task: TaskItem; selected: boolean; onToggle: () => void; act: ReturnType<typeof useTaskAction> }) {
  const overdue = t.bucket === 'overdue';
  return (
    <li data-testid="task-row" data-task-id={t.id} className={cn('flex flex-wrap items-center gap-x-3 gap-y-1 border-b border-default px-4 py-2 last:border-b-0', selected && 'bg-brand-50/60 dark:bg-brand-700/10')}>
      <Checkbox aria-label={`Select ${t.title}`} checked={selected} onChange={onToggle} />
      <div className="min-w-0 flex-1">
        <div className="flex items-center gap-2">
          <span className="truncate font-medium">{t.title}</span>
          <Badge tone={t.kind === 'callback' ? 'amber' : 'neutral'} className="shrink-0 whitespace-nowrap">{KIND_LABEL[t.kind]}</Badge>
          {t.snoozeCount > 0 && <span className="shrink-0 whitespace-nowrap text-xs text-muted">snoozed {plural(t.snoozeCount, 'time')}</span>}
        </div>
        <div className="flex gap-2 text-xs text-muted">
          {t.leadId ? <Link to={`/leads/${t.leadId}`} className="truncate hover:underline">{t.leadName ?? 'Lead'}</Link> : <span>No lead</span>}
          <span aria-hidden>·</span>
          <span className={cn(overdue && 'font-medium text-red-600 dark:text-red-400')}>{overdue ? 'Overdue — ' : ''}{formatDue(t.dueAt)}</span>
        </div>
      </div>
      <div className="flex items-center gap-1">
        <Button size="sm" onClick={() => void act(() => taskApi.complete(t.id), `Completed: ${t.title}`, () => taskApi.reopen(t.id))} aria-label={`Complete ${t.title}`}>
          <Check aria-hidden className="h-3.5 w-3.5" /> Complete
        </Button>
        <SnoozeButton onSnooze={(s) => act(() => taskApi.snooze(t.id, s), `Snoozed: ${t.title}`)} />
        <RescheduleButton dueAt={t.dueAt} onReschedule={(dueAt) => act(() => taskApi.update(t.id, { dueAt }), `Rescheduled: ${t.title}`)} />
      </div>
    </li>
  );
}
