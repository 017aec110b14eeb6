import { useEffect, useMemo, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { DndContext, KeyboardSensor, PointerSensor, closestCenter, useSensor, useSensors, type DragEndEvent } from '@dnd-kit/core';
import { SortableContext, arrayMove, sortableKeyboardCoordinates, useSortable, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { ArrowDown, ArrowUp, GripVertical, Plus, Trash2 } from 'lucide-react';
import { toast } from 'sonner';
import { api, ApiError } from '../../app/api.ts';
import { hasRole, useMe } from '../../app/session.tsx';
import { Badge, Button, Card, CardHeader, Field, Input, Modal, Select, Skeleton, cn } from '../../ui/index.ts';
import { FormError } from '../auth/AuthShell.tsx';
import { invalidateLeads, useStages } from '../leads/api.ts';
import type { Stage, StageKind } from '../leads/types.ts';

interface Row {
  id: string;
  key?: string;
  label: string;
  kind: StageKind;
  color: string;
  count: number;
}

const PALETTE = ['#64748b', '#0ea5e9', '#8b5cf6', '#f59e0b', '#10b981', '#14b8a6', '#ec4899', '#6366f1', '#22c55e', '#ef4444'];
let seq = 0;

const toRows = (stages: Stage[]): Row[] => stages.map((s) => ({ id: s.key, key: s.key, label: s.label, kind: s.kind, color: s.color ?? '#64748b', count: s.count ?? 0 }));

/** Stage editor: order, names, kinds and colors of the pipeline; removing a stage moves its leads. */
export function PipelineSettings() {
  const me = useMe();
  const qc = useQueryClient();
  const stages = useStages();
  const canEdit = hasRole(me.data, 'admin');
  const [rows, setRows] = useState<Row[]>([]);
  const [moveTo, setMoveTo] = useState<Record<string, string>>({});
  const [removing, setRemoving] = useState<Row | null>(null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const focusId = useRef<string | null>(null);

  const original = useMemo(() => toRows(stages.data ?? []), [stages.data]);
  const [base, setBase] = useState<Row[]>([]);
  const sig = (rs: Row[]) => JSON.stringify(rs.map((r) => [r.key ?? null, r.label, r.kind, r.color]));
  const dirty = sig(rows) !== sig(base) || Object.keys(moveTo).length > 0;

  // server → draft, unless the admin is in the middle of editing (or just saved)
  const dirtyRef = useRef(dirty);
  const forceSync = useRef(false);
  dirtyRef.current = dirty;
  useEffect(() => {
    if (dirtyRef.current && !forceSync.current) return;
    forceSync.current = false;
    setRows(original);
    setBase(original);
  }, [original]);

  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  useEffect(() => {
    if (!focusId.current) return;
    document.getElementById(`stage-label-${focusId.current}`)?.focus();
    focusId.current = null;
  });

  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 4 } }), useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }));
  const update = (id: string, patch: Partial<Row>) => setRows((rs) => rs.map((r) => (r.id === id ? { ...r, ...patch } : r)));
  const move = (i: number, d: number) => setRows((rs) => (i + d < 0 || i + d >= rs.length ? rs : arrayMove(rs, i, i + d)));
  function onDragEnd(e: DragEndEvent) {
    if (!e.over || e.active.id === e.over.id) return;
    setRows((rs) => arrayMove(rs, rs.findIndex((r) => r.id === e.active.id), rs.findIndex((r) => r.id === e.over!.id)));
  }
  function add() {
    const id = `new-${++seq}`;
    const used = new Set(rows.map((r) => r.color));
    setRows((rs) => {
      // new open stages go before the won/lost ones
      const firstClosed = rs.findIndex((r) => r.kind !== 'open');
      const at = firstClosed === -1 ? rs.length : firstClosed;
      const next = [...rs];
      next.splice(at, 0, { id, label: '', kind: 'open', color: PALETTE.find((c) => !used.has(c)) ?? PALETTE[0], count: 0 });
      return next;
    });
    focusId.current = id;
  }
  /** leads that land in a row: its own plus those moved into it from removed stages */
  const incoming = (r: Row) => r.count + Object.entries(moveTo).filter(([, to]) => to === r.key).reduce((n, [from]) => n + (original.find((o) => o.key === from)?.count ?? 0), 0);
  function remove(r: Row) {
    if (r.key && incoming(r) > 0) setRemoving(r);
    else {
      setRows((rs) => rs.filter((x) => x.id !== r.id));
    }
  }
  function confirmRemove(r: Row, target: string) {
    setMoveTo((m) => {
      const next: Record<string, string> = {};
      for (const [from, to] of Object.entries(m)) next[from] = to === r.key ? target : to;
      next[r.key!] = target;
      return next;
    });
    setRows((rs) => rs.filter((x) => x.id !== r.id));
    setRemoving(null);
  }
  function discard() {
    setRows(original);
    setBase(original);
    setMoveTo({});
    setError(null);
    setFieldErrors({});
  }

  function validate(): string | null {
    const errs: Record<string, string> = {};
    const seen = new Map<string, number>();
    rows.forEach((r, i) => {
      const l = r.label.trim().toLowerCase();
      if (!l) errs[`stages.${i}.label`] = 'Give the stage a name.';
      else if (seen.has(l)) errs[`stages.${i}.label`] = 'Two stages have this name.';
      seen.set(l, i);
    });
    setFieldErrors(errs);
    if (!rows.some((r) => r.kind === 'open')) return 'Keep at least one open stage — new leads start there.';
    return Object.keys(errs).length ? 'Please correct the highlighted stages.' : null;
  }

  async function save() {
    const v = validate();
    setError(v);
    if (v) return;
    setSaving(true);
    try {
      await api.put('/api/v1/pipeline/stages', {
        stages: rows.map((r) => ({ ...(r.key ? { key: r.key } : {}), label: r.label.trim(), kind: r.kind, color: r.color })),
        ...(Object.keys(moveTo).length ? { moveTo } : {}),
      });
      const moved = Object.keys(moveTo).length;
      setMoveTo({});
      forceSync.current = true;
      await qc.invalidateQueries({ queryKey: ['pipeline', 'stages'] });
      invalidateLeads(qc);
      toast.success(moved ? 'Pipeline saved — leads moved out of the removed stages' : 'Pipeline saved');
    } catch (e) {
      if (e instanceof ApiError) {
        setFieldErrors(e.fields);
        setError(Object.keys(e.fields).length ? e.fields.stages ?? e.fields.moveTo ?? 'Please correct the highlighted stages.' : e.message);
      } else setError('Network error — check your connection and try again.');
    } finally {
      setSaving(false);
    }
  }

  const rowError = (i: number) => fieldErrors[`stages.${i}.label`] ?? fieldErrors[`stages.${i}`] ?? fieldErrors[`stages[${i}].label`];
  const removedCount = Object.keys(moveTo).length;

  return (
    <Card className="dark:[color-scheme:dark]">
      <CardHeader
        title="Pipeline stages"
        subtitle="The one canonical stage of every lead. Order here is the order of the board. Won and lost stages close a lead."
        actions={canEdit && <Button size="sm" onClick={add}><Plus aria-hidden className="h-3.5 w-3.5" /> Add stage</Button>}
      />
      <div className="space-y-3 p-4">
        <FormError message={error} />
        {!canEdit && <p className="text-sm text-muted">Only admins can change the pipeline. This is how it is set up now.</p>}
        {stages.isLoading && <div className="space-y-2">{Array.from({ length: 6 }, (_, i) => <Skeleton key={i} className="h-10 w-full" />)}</div>}
        {stages.isError && <p className="text-sm text-red-600 dark:text-red-400">Could not load the stages: {(stages.error as Error).message}</p>}
        <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd}>
          <SortableContext items={rows.map((r) => r.id)} strategy={verticalListSortingStrategy}>
            <ol className="space-y-1.5" aria-label="Stages in order">
              {rows.map((r, i) => (
                <StageRow
                  key={r.id}
                  row={r}
                  index={i}
                  last={i === rows.length - 1}
                  canEdit={canEdit}
                  error={rowError(i)}
                  count={incoming(r)}
                  onChange={(p) => update(r.id, p)}
                  onMove={(d) => move(i, d)}
                  onRemove={() => remove(r)}
                />
              ))}
            </ol>
          </SortableContext>
        </DndContext>
        {removedCount > 0 && (
          <ul className="space-y-0.5 rounded-md bg-panel-2 px-3 py-2 text-xs text-muted" aria-label="Leads to move on save">
            {Object.entries(moveTo).map(([from, to]) => {
              const f = original.find((o) => o.key === from);
              const t = rows.find((x) => x.key === to);
              return <li key={from}>On save: {f?.count ?? 0} lead{f?.count === 1 ? '' : 's'} in “{f?.label ?? from}” move to “{t?.label ?? to}”.</li>;
            })}
          </ul>
        )}
        {canEdit && (
          <div className="flex items-center gap-2 border-t border-default pt-3">
            <Button variant="primary" onClick={() => void save()} loading={saving} disabled={!dirty}>Save pipeline</Button>
            <Button variant="ghost" onClick={discard} disabled={!dirty || saving}>Discard changes</Button>
            {dirty && <span className="text-xs text-muted">Unsaved changes</span>}
          </div>
        )}
      </div>
      {removing && (
        <RemoveStageModal
          row={removing}
          count={incoming(removing)}
          targets={rows.filter((x) => x.key && x.id !== removing.id)}
          onCancel={() => setRemoving(null)}
          onConfirm={(t) => confirmRemove(removing, t)}
        />
      )}
    </Card>
  );
}

function StageRow({ row: r, index, last, canEdit, error, count, onChange, onMove, onRemove }: { row: Row; index: number; last: boolean; canEdit: boolean; error?: string; count: number; onChange: (p: Partial<Row>) => void; onMove: (d: number) => void; onRemove: () => void }) {
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({ id: r.id, disabled: !canEdit });
  const name = r.label || 'new stage';
  return (
    <li
      ref={setNodeRef}
      style={{ transform: CSS.Transform.toString(transform), transition }}
      className={cn('rounded-md border border-default bg-panel px-2 py-1.5', isDragging && 'relative z-10 shadow-lg ring-2 ring-brand-500/40')}
      data-stage-row={r.key ?? r.id}
    >
      <div className="flex flex-wrap items-center gap-2">
        {canEdit && (
          <button type="button" {...attributes} {...listeners} aria-label={`Reorder ${name} (drag, or press space then arrow keys)`} className="cursor-grab touch-none rounded p-1 text-muted hover:bg-panel-2 active:cursor-grabbing">
            <GripVertical aria-hidden className="h-4 w-4" />
          </button>
        )}
        <span className="w-5 text-right text-xs tabular-nums text-muted" aria-hidden>{index + 1}</span>
        <input
          type="color"
          aria-label={`Color of ${name}`}
          value={r.color}
          disabled={!canEdit}
          onChange={(e) => onChange({ color: e.target.value })}
          className="h-7 w-8 cursor-pointer rounded border border-default bg-panel p-0.5 disabled:cursor-default"
        />
        <Input
          id={`stage-label-${r.id}`}
          aria-label={`Name of stage ${index + 1}`}
          aria-invalid={error ? true : undefined}
          value={r.label}
          disabled={!canEdit}
          placeholder="Stage name"
          onChange={(e) => onChange({ label: e.target.value })}
          className={cn('!h-7 min-w-40 flex-1', error && 'border-red-500')}
        />
        <Select aria-label={`Kind of ${name}`} value={r.kind} disabled={!canEdit} onChange={(e) => onChange({ kind: e.target.value as StageKind })} className="!h-7 !w-28">
          <option value="open">Open</option>
          <option value="won">Won</option>
          <option value="lost">Lost</option>
        </Select>
        <span className="w-20 text-right">
          {r.key ? <Badge tone={count ? 'neutral' : undefined} className={cn(!count && 'text-muted')}>{count.toLocaleString()} lead{count === 1 ? '' : 's'}</Badge> : <Badge tone="brand">new</Badge>}
        </span>
        {canEdit && (
          <span className="flex items-center">
            <Button size="sm" variant="ghost" aria-label={`Move ${name} up`} disabled={index === 0} onClick={() => onMove(-1)}><ArrowUp aria-hidden className="h-3.5 w-3.5" /></Button>
            <Button size="sm" variant="ghost" aria-label={`Move ${name} down`} disabled={last} onClick={() => onMove(1)}><ArrowDown aria-hidden className="h-3.5 w-3.5" /></Button>
            <Button size="sm" variant="ghost" aria-label={`Remove ${name}`} onClick={onRemove}><Trash2 aria-hidden className="h-3.5 w-3.5" /></Button>
          </span>
        )}
      </div>
      {error && <p className="ml-16 mt-1 text-xs text-red-600 dark:text-red-400">{error}</p>}
    </li>
  );
}

function RemoveStageModal({ row, count, targets, onCancel, onConfirm }: { row: Row; count: number; targets: Row[]; onCancel: () => void; onConfirm: (key: string) => void }) {
  const [target, setTarget] = useState(targets.find((t) => t.kind === 'open')?.key ?? targets[0]?.key ?? '');
  return (
    <Modal
      open
      onClose={onCancel}
      title={`Remove “${row.label || row.key}”`}
      footer={
        <>
          <Button onClick={onCancel}>Cancel</Button>
          <Button variant="danger" disabled={!target} onClick={() => onConfirm(target)}>Remove and move leads</Button>
        </>
      }
    >
      <div className="space-y-3">
        <p className="text-sm">
          {count.toLocaleString()} lead{count === 1 ? ' is' : 's are'} in this stage. Where should {count === 1 ? 'it' : 'they'} go? The move happens when you save the pipeline, and is logged on each lead.
        </p>
        <Field label="Move leads to">{(p) => (
          <Select {...p} value={target} onChange={(e) => setTarget(e.target.value)}>
            {targets.map((t) => <option key={t.id} value={t.key}>{t.label || t.key}</option>)}
          </Select>
        )}</Field>
        {targets.length === 0 && <p className="text-xs text-red-600">Add or keep another saved stage first.</p>}
      </div>
    </Modal>
  );
}
