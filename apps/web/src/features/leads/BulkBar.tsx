import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Tag, Trash2, X } from 'lucide-react';
import { toast } from 'sonner';
import { useMe } from '../../app/session.tsx';
import { Button, Input, Menu, Popover, Select } from '../../ui/index.ts';
import { bulk, invalidateLeads, useFacets, useMembers, useStages } from './api.ts';
import { facetValues, plural } from './format.ts';
import type { BulkAction, LeadListItem } from './types.ts';

/** Actions on the selected rows: assign, tag, untag, stage, delete (with Undo). */
export function BulkBar({ selected, rows, onClear }: { selected: string[]; rows: LeadListItem[]; onClear: () => void }) {
  const qc = useQueryClient();
  const me = useMe();
  const members = useMembers();
  const stages = useStages();
  const facets = useFacets();
  const [busy, setBusy] = useState(false);
  const [tag, setTag] = useState('');
  const n = selected.length;
  const selectedRows = rows.filter((r) => selected.includes(r.id));
  const presentTags = [...new Set(selectedRows.flatMap((r) => r.tags))].sort();

  async function run(action: BulkAction, extra: { ownerId?: string | null; tags?: string[]; stage?: string }, message: (affected: number) => string) {
    setBusy(true);
    try {
      const r = await bulk({ ids: selected, action, ...extra });
      invalidateLeads(qc);
      const affected = r?.affected ?? n;
      if (action === 'delete') {
        const ids = [...selected];
        onClear();
        toast.success(message(affected), {
          duration: 10_000,
          action: {
            label: 'Undo',
            onClick: () => {
              void bulk({ ids, action: 'restore' })
                .then((x) => {
                  invalidateLeads(qc);
                  toast.success(`Restored ${plural(x?.affected ?? ids.length, 'lead')}`);
                })
                .catch((e: Error) => toast.error(`Could not restore: ${e.message}`));
            },
          },
        });
      } else toast.success(message(affected));
    } catch (e) {
      toast.error((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div role="region" aria-label="Bulk actions" className="flex flex-wrap items-center gap-2 border-b border-default bg-brand-50 px-5 py-1.5 dark:bg-brand-700/20">
      <span className="text-sm font-medium" aria-live="polite">{n} selected</span>
      <Select
        aria-label="Assign owner to selected"
        className="!h-7 !w-auto !text-xs"
        value=""
        disabled={busy}
        onChange={(e) => {
          const v = e.target.value;
          const ownerId = v === 'none' ? null : v;
          const who = v === 'none' ? 'nobody' : members.data?.find((m) => m.id === v)?.name || members.data?.find((m) => m.id === v)?.email || 'the owner';
          void run('assign', { ownerId }, (a) => (ownerId ? `Assigned ${plural(a, 'lead')} to ${who}` : `Unassigned ${plural(a, 'lead')}`));
        }}
      >
        <option value="" disabled>Assign owner…</option>
        {me.data && <option value={me.data.user.id}>Me</option>}
        {members.data?.filter((m) => m.id !== me.data?.user.id).map((m) => <option key={m.id} value={m.id}>{m.name || m.email}</option>)}
        <option value="none">Unassigned</option>
      </Select>
      <Select
        aria-label="Change stage of selected"
        className="!h-7 !w-auto !text-xs"
        value=""
        disabled={busy}
        onChange={(e) => {
          const s = stages.data?.find((x) => x.key === e.target.value);
          void run('stage', { stage: e.target.value }, (a) => `Moved ${plural(a, 'lead')} to ${s?.label ?? e.target.value}`);
        }}
      >
        <option value="" disabled>Change stage…</option>
        {stages.data?.map((s) => <option key={s.key} value={s.key}>{s.label}</option>)}
      </Select>
      <Popover
        label="Add tag to selected"
        trigger={(p) => (
          <Button {...p} size="sm" disabled={busy}>
            <Tag aria-hidden className="h-3.5 w-3.5" /> Add tag
          </Button>
        )}
      >
        {(close) => (
          <form
            className="flex items-center gap-1.5 p-1"
            onSubmit={(e) => {
              e.preventDefault();
              const t = tag.trim();
              if (!t) return;
              close();
              setTag('');
              void run('tag', { tags: [t] }, (a) => `Tagged ${plural(a, 'lead')} "${t}"`);
            }}
          >
            <label htmlFor="bulk-tag" className="sr-only">Tag</label>
            <Input id="bulk-tag" list="bulk-tag-options" value={tag} onChange={(e) => setTag(e.target.value)} placeholder="Tag name" className="!h-7 !w-40" />
            <datalist id="bulk-tag-options">
              {facetValues(facets.data?.tags).map((t) => <option key={t.value} value={t.value} />)}
            </datalist>
            <Button type="submit" size="sm" variant="primary">Add</Button>
          </form>
        )}
      </Popover>
      <Menu
        label="Remove tag from selected"
        heading={presentTags.length ? 'Remove tag' : 'The selected leads have no tags'}
        trigger={(p) => <Button {...p} size="sm" disabled={busy}>Remove tag</Button>}
        items={presentTags.map((t) => ({ label: t, onSelect: () => void run('untag', { tags: [t] }, (a) => `Removed "${t}" from ${plural(a, 'lead')}`) }))}
      />
      <Button size="sm" variant="danger" disabled={busy} onClick={() => void run('delete', {}, (a) => `Deleted ${plural(a, 'lead')}`)}>
        <Trash2 aria-hidden className="h-3.5 w-3.5" /> Delete
      </Button>
      <Button size="sm" variant="ghost" onClick={onClear} title="Clear selection (Esc)">
        <X aria-hidden className="h-3.5 w-3.5" /> Clear selection
      </Button>
    </div>
  );
}
