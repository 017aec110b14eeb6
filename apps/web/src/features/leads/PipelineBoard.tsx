import { useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { DndContext, DragOverlay, PointerSensor, closestCorners, useDraggable, useDroppable, useSensor, useSensors, type Announcements, type DragEndEvent, type DragStartEvent } from '@dnd-kit/core';
import { CalendarClock, MoreHorizontal, Plus } from 'lucide-react';
import { toast } from 'sonner';
import { Avatar, Button, Card, EmptyState, Menu, RelativeTime, Skeleton, cn } from '../../ui/index.ts';
import { filterQuery, invalidateLeads, leadKeys, patchLead, useBoard } from './api.ts';
import { formatMoney, formatPhone, isOverdue, plural, toNumber } from './format.ts';
import { useLeadFilters } from './filters.ts';
import { useLeadsPage } from './LeadsPage.tsx';
import type { BoardColumn, LeadListItem } from './types.ts';

type Board = { stages: BoardColumn[] };

/** Moves a card between columns in a cached board (optimistic update). */
function moveInBoard(board: Board | undefined, leadId: string, to: string): Board | undefined {
  if (!board) return board;
  let lead: LeadListItem | undefined;
  const stages = board.stages.map((s) => {
    const hit = s.leads.find((l) => l.id === leadId);
    if (!hit) return s;
    lead = hit;
    return { ...s, count: s.count - 1, leads: s.leads.filter((l) => l.id !== leadId) };
  });
  if (!lead) return board;
  const moved = { ...lead, stage: to };
  return { stages: stages.map((s) => (s.key === to ? { ...s, count: s.count + 1, leads: [moved, ...s.leads] } : s)) };
}

function columnValue(c: BoardColumn) {
  const server = toNumber(c.totalValue ?? null);
  if (server !== null) return { value: server, partial: false };
  return { value: c.leads.reduce((sum, l) => sum + (toNumber(l.value) ?? 0), 0), partial: c.count > c.leads.length };
}

/** Kanban by stage: drag a card (or use its "Move to…" menu) to change the lead's stage. */
export function PipelineBoard() {
  const { filters, filterSearch } = useLeadFilters();
  const board = useBoard(filters);
  const qc = useQueryClient();
  const { openAddLead } = useLeadsPage();
  const [dragging, setDragging] = useState<LeadListItem | null>(null);
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 6 } }));
  const key = leadKeys.board(filterQuery(filters));
  const columns = board.data?.stages ?? [];

  async function move(lead: LeadListItem, to: string) {
    if (lead.stage === to) return;
    const target = columns.find((c) => c.key === to);
    await qc.cancelQueries({ queryKey: key });
    const before = qc.getQueryData<Board>(key);
    qc.setQueryData<Board>(key, (old) => moveInBoard(old, lead.id, to));
    try {
      await patchLead(lead.id, { stage: to });
      toast.success(`${lead.name} moved to ${target?.label ?? to}`);
    } catch (e) {
      qc.setQueryData(key, before);
      toast.error(`Could not move ${lead.name}: ${(e as Error).message}`);
    } finally {
      invalidateLeads(qc);
    }
  }

  const nameOf = (id: string | number) => columns.flatMap((c) => c.leads).find((l) => l.id === id)?.name ?? 'the lead';
  const stageOf = (id: string | number | undefined) => columns.find((c) => c.key === id)?.label ?? 'no stage';
  const announcements: Announcements = {
    onDragStart: ({ active }) => `Picked up ${nameOf(active.id)}.`,
    onDragOver: ({ active, over }) => (over ? `${nameOf(active.id)} is over ${stageOf(over.id)}.` : `${nameOf(active.id)} is not over a stage.`),
    onDragEnd: ({ active, over }) => (over ? `${nameOf(active.id)} dropped in ${stageOf(over.id)}.` : `${nameOf(active.id)} dropped; nothing changed.`),
    onDragCancel: ({ active }) => `Moving ${nameOf(active.id)} was cancelled.`,
  };

  function onDragStart(e: DragStartEvent) {
    setDragging((e.active.data.current as { lead: LeadListItem } | undefined)?.lead ?? null);
  }
  function onDragEnd(e: DragEndEvent) {
    setDragging(null);
    const lead = (e.active.data.current as { lead: LeadListItem } | undefined)?.lead;
    const to = e.over?.id ? String(e.over.id) : null;
    if (lead && to) void move(lead, to);
  }

  if (board.isError && !board.data) {
    return (
      <div className="p-5">
        <Card>
          <EmptyState title="Could not load the pipeline" action={<Button onClick={() => void board.refetch()}>Try again</Button>}>
            {(board.error as Error).message}
          </EmptyState>
        </Card>
      </div>
    );
  }

  const listLink = (stage: string) => {
    const sp = new URLSearchParams(filterSearch.slice(1));
    sp.set('stage', stage);
    sp.delete('view');
    return `/leads?${sp.toString()}`;
  };

  return (
    <DndContext
      sensors={sensors}
      collisionDetection={closestCorners}
      onDragStart={onDragStart}
      onDragEnd={onDragEnd}
      onDragCancel={() => setDragging(null)}
      accessibility={{ announcements, screenReaderInstructions: { draggable: 'Drag with the mouse, or use the card’s “Move to” menu to change its stage with the keyboard.' } }}
    >
      <div className={cn('flex min-h-0 flex-1 gap-3 overflow-x-auto p-4', board.isPlaceholderData && 'opacity-60')} aria-busy={board.isFetching} aria-label="Pipeline board" role="region">
        {!board.data &&
          Array.from({ length: 6 }, (_, i) => (
            <div key={i} className="flex w-72 shrink-0 flex-col gap-2 rounded-lg border border-default bg-panel-2 p-2">
              <Skeleton className="h-5 w-32" />
              {Array.from({ length: 4 }, (_, j) => <Skeleton key={j} className="h-20 w-full" />)}
            </div>
          ))}
        {columns.map((c) => (
          <Column key={c.key} column={c} columns={columns} onMove={move} onAdd={() => openAddLead(c.key)} moreHref={listLink(c.key)} draggingId={dragging?.id ?? null} />
        ))}
      </div>
      <DragOverlay dropAnimation={null}>{dragging ? <CardBody lead={dragging} overlay /> : null}</DragOverlay>
    </DndContext>
  );
}

function Column({ column: c, columns, onMove, onAdd, moreHref, draggingId }: { column: BoardColumn; columns: BoardColumn[]; onMove: (l: LeadListItem, to: string) => void; onAdd: () => void; moreHref: string; draggingId: string | null }) {
  const { setNodeRef, isOver } = useDroppable({ id: c.key });
  const { value, partial } = columnValue(c);
  const more = c.count - c.leads.length;
  const headingId = `col-${c.key}`;
  return (
    <section
      ref={setNodeRef}
      aria-labelledby={headingId}
      data-stage={c.key}
      className={cn('flex max-h-full w-72 shrink-0 flex-col rounded-lg border bg-panel-2 transition-colors', isOver ? 'border-brand-500 ring-2 ring-brand-500/30' : 'border-default')}
    >
      <header className="flex items-start justify-between gap-2 border-b border-default px-3 py-2" style={{ boxShadow: `inset 0 3px 0 ${c.color ?? '#94a3b8'}` }}>
        <div className="min-w-0">
          <h2 id={headingId} className="flex items-center gap-1.5 text-sm font-semibold">
            <span aria-hidden className="h-2.5 w-2.5 shrink-0 rounded-full" style={{ background: c.color ?? '#94a3b8' }} />
            <span className="truncate">{c.label}</span>
            <span className="rounded-full bg-panel px-1.5 text-xs font-medium tabular-nums text-muted" aria-label={plural(c.count, 'lead')}>{c.count.toLocaleString()}</span>
          </h2>
          <p className="mt-0.5 text-xs tabular-nums text-muted" title={partial ? `Sum of the ${c.leads.length} leads shown` : 'Total value in this stage'}>
            {formatMoney(value, true) || '$0'}{partial && '+'}
          </p>
        </div>
        <Button size="sm" variant="ghost" aria-label={`Add a lead in ${c.label}`} title={`Add a lead in ${c.label}`} onClick={onAdd}>
          <Plus aria-hidden className="h-3.5 w-3.5" />
        </Button>
      </header>
      <ol className="min-h-24 flex-1 space-y-2 overflow-y-auto p-2" aria-label={`${c.label} leads`}>
        {c.leads.map((l) => (
          <DraggableCard key={l.id} lead={l} columns={columns} onMove={onMove} hidden={draggingId === l.id} />
        ))}
        {c.leads.length === 0 && <li className="rounded-md border border-dashed border-default px-3 py-6 text-center text-xs text-muted">No leads — drop one here</li>}
        {more > 0 && (
          <li className="pt-1 text-center">
            <Link to={moreHref} className="text-xs font-medium text-brand-600 hover:underline dark:text-brand-100">
              +{more.toLocaleString()} more — open in list
            </Link>
          </li>
        )}
      </ol>
    </section>
  );
}

function DraggableCard({ lead, columns, onMove, hidden }: { lead: LeadListItem; columns: BoardColumn[]; onMove: (l: LeadListItem, to: string) => void; hidden: boolean }) {
  const { setNodeRef, listeners } = useDraggable({ id: lead.id, data: { lead } });
  return (
    <li ref={setNodeRef} {...listeners} data-lead-id={lead.id} className={cn('touch-none select-none', hidden && 'opacity-30')}>
      <CardBody
        lead={lead}
        menu={
          <Menu
            label={`Move ${lead.name} to…`}
            heading="Move to…"
            align="end"
            trigger={(p) => (
              <button {...p} type="button" aria-label={`Move ${lead.name} to another stage`} title="Move to…" className="rounded p-0.5 text-muted hover:bg-panel-2 hover:text-[var(--text)]" onPointerDown={(e) => e.stopPropagation()}>
                <MoreHorizontal aria-hidden className="h-4 w-4" />
              </button>
            )}
            items={columns.map((c) => ({
              label: (
                <span className="flex items-center gap-2">
                  <span aria-hidden className="h-2 w-2 rounded-full" style={{ background: c.color ?? '#94a3b8' }} />
                  {c.label}
                  {c.key === lead.stage && <span className="text-xs text-muted">(current)</span>}
                </span>
              ),
              disabled: c.key === lead.stage,
              current: c.key === lead.stage,
              onSelect: () => onMove(lead, c.key),
            }))}
          />
        }
      />
    </li>
  );
}

function CardBody({ lead, menu, overlay }: { lead: LeadListItem; menu?: ReactNode; overlay?: boolean }) {
  const overdue = isOverdue(lead.nextTaskAt);
  const contact = lead.primaryEmail || formatPhone(lead.primaryPhone);
  return (
    <article aria-label={lead.name} className={cn('cursor-grab rounded-md border border-default bg-panel p-2.5 shadow-sm hover:border-brand-500/60 active:cursor-grabbing', overlay && 'w-68 rotate-2 shadow-lg ring-2 ring-brand-500/40')}>
      <div className="flex items-start justify-between gap-2">
        <Link to={`/leads/${lead.id}`} className="min-w-0 truncate text-sm font-medium hover:text-brand-600 hover:underline" draggable={false}>
          {lead.name}
        </Link>
        {menu}
      </div>
      {contact && <p className="mt-0.5 truncate text-xs text-muted">{contact}</p>}
      <div className="mt-2 flex items-center justify-between gap-2">
        <div className="min-w-0 text-xs">
          {lead.nextTaskAt || lead.nextTaskTitle ? (
            <span className={cn('flex items-center gap-1', overdue ? 'font-medium text-red-600 dark:text-red-400' : 'text-muted')}>
              <CalendarClock aria-hidden className="h-3 w-3 shrink-0" />
              <span className="truncate">{lead.nextTaskTitle || 'Task'}</span>
              {lead.nextTaskAt && <RelativeTime date={lead.nextTaskAt} className="shrink-0" />}
              {overdue && <span className="sr-only">(overdue)</span>}
            </span>
          ) : <span className="text-muted">No next task</span>}
        </div>
        <div className="flex shrink-0 items-center gap-1.5">
          {toNumber(lead.value) !== null && <span className="text-xs font-medium tabular-nums">{formatMoney(lead.value, true)}</span>}
          <Avatar name={lead.ownerName} className="h-5 w-5 text-[9px]" />
        </div>
      </div>
    </article>
  );
}
