import { useState, type FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { MoreHorizontal, Save } from 'lucide-react';
import { toast } from 'sonner';
import { api } from '../../app/api.ts';
import { hasRole, useMe } from '../../app/session.tsx';
import { useAsyncForm } from '../../app/useAsyncForm.ts';
import { Button, Checkbox, Field, Input, Menu, Modal, Select } from '../../ui/index.ts';
import { FormError } from '../auth/AuthShell.tsx';
import { leadKeys, useViews } from './api.ts';
import { activeFilters, sameFilters, useLeadFilters, viewFilters, viewSort } from './filters.ts';
import type { SavedView } from './types.ts';

/** View picker (mine + shared), save the current filters as a view, update / rename / delete. */
export function SavedViews() {
  const me = useMe();
  const qc = useQueryClient();
  const views = useViews();
  const { filters, sort, viewId, applyView } = useLeadFilters();
  const [modal, setModal] = useState<null | { mode: 'create' } | { mode: 'rename'; view: SavedView }>(null);
  const list = views.data ?? [];
  const current = list.find((v) => v.id === viewId) ?? null;
  const mine = list.filter((v) => v.isMine);
  const shared = list.filter((v) => !v.isMine);
  const canEdit = !!current && (current.isMine || hasRole(me.data, 'admin'));
  const modified = !!current && (!sameFilters(viewFilters(current), filters) || viewSort(current) !== sort);

  async function update(v: SavedView, body: Record<string, unknown>, message: string) {
    try {
      await api.patch(`/api/v1/views/${v.id}`, body);
      await qc.invalidateQueries({ queryKey: leadKeys.views });
      toast.success(message);
    } catch (e) {
      toast.error((e as Error).message);
    }
  }
  async function remove(v: SavedView) {
    if (!confirm(`Delete the view "${v.name}"? Leads are not affected.`)) return;
    try {
      await api.del(`/api/v1/views/${v.id}`);
      applyView(null);
      await qc.invalidateQueries({ queryKey: leadKeys.views });
      toast.success(`View "${v.name}" deleted`);
    } catch (e) {
      toast.error((e as Error).message);
    }
  }

  return (
    <div className="flex items-center gap-1.5">
      <Select
        aria-label="Saved view"
        className="!w-auto max-w-56"
        value={current?.id ?? ''}
        onChange={(e) => applyView(list.find((v) => v.id === e.target.value) ?? null)}
      >
        <option value="">{viewId && !current && views.isLoading ? 'Loading views…' : 'All leads'}</option>
        {mine.length > 0 && (
          <optgroup label="My views">
            {mine.map((v) => <option key={v.id} value={v.id}>{v.name}{v.shared ? ' (shared)' : ''}</option>)}
          </optgroup>
        )}
        {shared.length > 0 && (
          <optgroup label="Shared with the workspace">
            {shared.map((v) => <option key={v.id} value={v.id}>{v.name}</option>)}
          </optgroup>
        )}
      </Select>
      {current && modified && canEdit && (
        <Button size="sm" variant="secondary" onClick={() => void update(current, { filters: activeFilters(filters), sort }, `View "${current.name}" updated`)}>
          Update view
        </Button>
      )}
      {current && canEdit ? (
        <Menu
          label={`Actions for view ${current.name}`}
          align="end"
          trigger={(p) => (
            <Button {...p} size="sm" variant="ghost" aria-label={`Actions for view ${current.name}`} title="View actions">
              <MoreHorizontal aria-hidden className="h-4 w-4" />
            </Button>
          )}
          items={[
            { label: 'Save as new view…', onSelect: () => setModal({ mode: 'create' }) },
            { label: 'Rename…', onSelect: () => setModal({ mode: 'rename', view: current }) },
            { label: current.shared ? 'Make private' : 'Share with workspace', onSelect: () => void update(current, { shared: !current.shared }, current.shared ? 'View is now private' : 'View shared with the workspace') },
            { label: 'Delete view', danger: true, onSelect: () => void remove(current) },
          ]}
        />
      ) : (
        <Button size="sm" variant="ghost" onClick={() => setModal({ mode: 'create' })}>
          <Save aria-hidden className="h-3.5 w-3.5" /> Save view
        </Button>
      )}
      {modal && (
        <SaveViewModal
          key={modal.mode === 'rename' ? modal.view.id : 'new'}
          rename={modal.mode === 'rename' ? modal.view : null}
          onClose={() => setModal(null)}
          onSaved={(v) => {
            setModal(null);
            if (modal.mode === 'create') applyView(v);
          }}
        />
      )}
    </div>
  );
}

function SaveViewModal({ rename, onClose, onSaved }: { rename: SavedView | null; onClose: () => void; onSaved: (v: SavedView) => void }) {
  const qc = useQueryClient();
  const { filters, sort } = useLeadFilters();
  const [name, setName] = useState(rename?.name ?? '');
  const [shared, setShared] = useState(rename?.shared ?? false);
  const { busy, error, fields, run } = useAsyncForm();
  const n = Object.keys(activeFilters(filters)).length;
  function submit(e: FormEvent) {
    e.preventDefault();
    void run(async () => {
      const v = rename
        ? await api.patch<SavedView>(`/api/v1/views/${rename.id}`, { name })
        : await api.post<SavedView>('/api/v1/views', { name, filters: activeFilters(filters), sort, shared });
      await qc.invalidateQueries({ queryKey: leadKeys.views });
      toast.success(rename ? 'View renamed' : `View "${name}" saved`);
      onSaved(v);
    });
  }
  return (
    <Modal
      open
      onClose={onClose}
      title={rename ? 'Rename view' : 'Save view'}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" form="save-view-form" variant="primary" loading={busy}>{rename ? 'Rename' : 'Save view'}</Button>
        </>
      }
    >
      <form id="save-view-form" className="space-y-3" onSubmit={submit} noValidate>
        <FormError message={error} />
        <Field label="View name" error={fields.name}>{(p) => <Input {...p} autoFocus value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. Hot leads — follow up this week" />}</Field>
        {!rename && (
          <>
            <label className="flex items-center gap-2 text-sm">
              <Checkbox checked={shared} onChange={(e) => setShared(e.target.checked)} />
              Share with the workspace
            </label>
            <p className="text-xs text-muted">
              Saves {n === 0 ? 'no filters (all leads)' : `${n} filter${n === 1 ? '' : 's'}`} and the current sort. Shared views appear for every member.
            </p>
          </>
        )}
      </form>
    </Modal>
  );
}
