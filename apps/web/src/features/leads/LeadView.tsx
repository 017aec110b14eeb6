import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { ArrowLeft, Check, MoreHorizontal, Pencil, SearchX, Trash2, X } from 'lucide-react';
import { toast } from 'sonner';
import { api, ApiError } from '../../app/api.ts';
import { Button, ButtonLink, Card, EmptyState, Input, Menu, RelativeTime, Select, Skeleton, exactTime } from '../../ui/index.ts';
import { bulk, invalidateLeads, useLead, useMembers, usePatchLead, useStages } from './api.ts';
import { ContactsCard } from './Contacts.tsx';
import { toNumber } from './format.ts';
import { InlineInput, SaveHint, useSaveState } from './inline.tsx';
import { AccountCard, CustomFieldsCard, DetailsCard, TagsCard, TaskSummaryCard } from './LeadCards.tsx';
import { Timeline } from './Timeline.tsx';
import { LeadMessagesCard } from '../messaging/LeadMessagesCard.tsx';
import type { LeadDetail } from './types.ts';
import { BestWindowLine } from '../dashboard/BestWindowLine.tsx';

/** One lead: header (stage, owner, value), account notes, contacts, task summary, timeline. */
export function LeadView() {
  const { id = '' } = useParams();
  const lead = useLead(id);

  if (lead.isLoading) {
    return (
      <div className="flex h-full flex-col overflow-auto" aria-busy="true">
        <div className="border-b border-default bg-panel px-5 py-4"><Skeleton className="h-6 w-64" /><Skeleton className="mt-2 h-4 w-40" /></div>
        <div className="grid gap-4 p-5 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
          <div className="space-y-4"><Skeleton className="h-64 w-full" /><Skeleton className="h-40 w-full" /></div>
          <div className="space-y-4"><Skeleton className="h-32 w-full" /><Skeleton className="h-48 w-full" /></div>
        </div>
      </div>
    );
  }
  if (lead.isError || !lead.data) {
    const e = lead.error;
    const missing = e instanceof ApiError && [400, 403, 404].includes(e.status);
    return (
      <div className="p-5">
        <Card>
          <EmptyState
            icon={<SearchX className="h-8 w-8" />}
            title={missing ? 'Lead not found' : 'Could not load this lead'}
            action={
              <div className="flex gap-2">
                {!missing && <Button onClick={() => void lead.refetch()}>Try again</Button>}
                <ButtonLink to="/leads" variant="primary"><ArrowLeft aria-hidden className="h-4 w-4" /> Back to leads</ButtonLink>
              </div>
            }
          >
            {missing ? 'This lead does not exist, was deleted, or belongs to another workspace.' : (e as Error | null)?.message}
          </EmptyState>
        </Card>
      </div>
    );
  }
  return <LeadPage lead={lead.data} />;
}

function LeadPage({ lead }: { lead: LeadDetail }) {
  const save = usePatchLead(lead.id);
  return (
    <div className="flex h-full flex-col overflow-auto dark:[color-scheme:dark]">
      <LeadHeader lead={lead} save={save} />
      <div className="grid items-start gap-4 p-5 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <div className="space-y-4">
          <AccountCard lead={lead} save={save} />
          <CustomFieldsCard lead={lead} save={save} />
          <div className="grid gap-4 xl:grid-cols-2">
            <TagsCard lead={lead} save={save} />
            <DetailsCard lead={lead} save={save} />
          </div>
        </div>
        <div className="space-y-4">
          <BestWindowLine leadId={lead.id} />
          <TaskSummaryCard lead={lead} />
          <ContactsCard lead={lead} />
          <LeadMessagesCard leadId={lead.id} />
          <Timeline leadId={lead.id} />
        </div>
      </div>
    </div>
  );
}

function LeadHeader({ lead, save }: { lead: LeadDetail; save: (b: Record<string, unknown>) => Promise<unknown> }) {
  const stages = useStages();
  const members = useMembers();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [renaming, setRenaming] = useState(false);
  const [name, setName] = useState(lead.name);
  const stageSave = useSaveState();
  const ownerSave = useSaveState();
  const nameSave = useSaveState();
  const value = toNumber(lead.value);

  async function rename() {
    const n = name.trim();
    if (!n || n === lead.name) return setRenaming(false);
    if (await nameSave.run(() => save({ name: n }))) setRenaming(false);
  }

  async function changeStage(to: string) {
    const from = stages.data?.find((s) => s.key === lead.stage)?.label ?? lead.stage;
    const label = stages.data?.find((s) => s.key === to)?.label ?? to;
    if (await stageSave.run(() => save({ stage: to }))) toast.success(`Stage changed: ${from} → ${label}`);
    else toast.error('Stage not changed');
  }

  async function remove() {
    if (!confirm(`Delete ${lead.name}? You can undo right after.`)) return;
    try {
      await api.del(`/api/v1/leads/${lead.id}`);
      invalidateLeads(qc);
      navigate('/leads');
      toast.success(`Deleted ${lead.name}`, {
        duration: 10_000,
        action: {
          label: 'Undo',
          onClick: () =>
            void bulk({ ids: [lead.id], action: 'restore' })
              .then(() => {
                invalidateLeads(qc);
                toast.success(`Restored ${lead.name}`, { action: { label: 'Open', onClick: () => navigate(`/leads/${lead.id}`) } });
              })
              .catch((e: Error) => toast.error(`Could not restore: ${e.message}`)),
        },
      });
    } catch (e) {
      toast.error((e as Error).message);
    }
  }

  return (
    <header className="border-b border-default bg-panel px-5 py-3">
      <Link to="/leads" className="inline-flex items-center gap-1 text-xs text-muted hover:text-[var(--text)]">
        <ArrowLeft aria-hidden className="h-3 w-3" /> Leads
      </Link>
      <div className="mt-1 flex flex-wrap items-end justify-between gap-3">
        <div className="min-w-0">
          {renaming ? (
            <form className="flex items-center gap-1.5" onSubmit={(e) => { e.preventDefault(); void rename(); }}>
              <label htmlFor="lead-name" className="sr-only">Lead name</label>
              <Input id="lead-name" autoFocus value={name} onChange={(e) => setName(e.target.value)} onKeyDown={(e) => e.key === 'Escape' && (setName(lead.name), setRenaming(false))} className="!h-9 !w-80 !text-lg font-semibold" />
              <Button type="submit" size="sm" variant="primary" aria-label="Save name" loading={nameSave.status === 'saving'}><Check aria-hidden className="h-4 w-4" /></Button>
              <Button size="sm" variant="ghost" aria-label="Cancel rename" onClick={() => { setName(lead.name); setRenaming(false); }}><X aria-hidden className="h-4 w-4" /></Button>
              {nameSave.status === 'error' && <SaveHint status="error" error={nameSave.error} />}
            </form>
          ) : (
            <div className="flex items-center gap-1.5">
              <h1 className="truncate text-xl font-semibold">{lead.name}</h1>
              <Button size="sm" variant="ghost" aria-label="Rename lead" title="Rename" onClick={() => { setName(lead.name); setRenaming(true); }}>
                <Pencil aria-hidden className="h-3.5 w-3.5" />
              </Button>
            </div>
          )}
          <p className="text-xs text-muted">
            Added <span title={exactTime(lead.createdAt)}><RelativeTime date={lead.createdAt} /></span>
            {' · '}last touched <RelativeTime date={lead.lastTouchedAt} empty="never" />
          </p>
        </div>
        <div className="flex flex-wrap items-end gap-3">
          <div className="flex flex-col gap-1">
            <label htmlFor="lead-stage" className="flex items-center justify-between gap-2 text-xs font-medium text-muted">Stage <SaveHint status={stageSave.status} error={stageSave.error} /></label>
            <div className="flex items-center gap-1.5">
              <span aria-hidden className="h-2.5 w-2.5 rounded-full" style={{ background: stages.data?.find((s) => s.key === lead.stage)?.color ?? '#94a3b8' }} />
              <Select id="lead-stage" value={lead.stage} onChange={(e) => void changeStage(e.target.value)} className="!w-40" disabled={stageSave.status === 'saving'}>
                {!stages.data?.some((s) => s.key === lead.stage) && <option value={lead.stage}>{lead.stage}</option>}
                {stages.data?.map((s) => <option key={s.key} value={s.key}>{s.label}</option>)}
              </Select>
            </div>
          </div>
          <div className="flex flex-col gap-1">
            <label htmlFor="lead-owner" className="flex items-center justify-between gap-2 text-xs font-medium text-muted">Owner <SaveHint status={ownerSave.status} error={ownerSave.error} /></label>
            <Select id="lead-owner" value={lead.ownerId ?? ''} onChange={(e) => void ownerSave.run(() => save({ ownerId: e.target.value || null }))} className="!w-44">
              <option value="">Unassigned</option>
              {lead.ownerId && !members.data?.some((m) => m.id === lead.ownerId) && <option value={lead.ownerId}>{lead.ownerName ?? 'Former member'}</option>}
              {members.data?.map((m) => <option key={m.id} value={m.id}>{m.name || m.email}</option>)}
            </Select>
          </div>
          <InlineInput
            label="Value"
            prefix="$"
            inputMode="decimal"
            className="w-32"
            value={value === null ? '' : String(value)}
            onSave={(v) => {
              const n = Number(v.replace(/[$,\s]/g, ''));
              if (v !== '' && !Number.isFinite(n)) return Promise.reject(new Error('Enter a number'));
              return save({ value: v === '' ? null : n });
            }}
          />
          <Menu
            label="More actions"
            align="end"
            trigger={(p) => <Button {...p} variant="ghost" aria-label="More actions"><MoreHorizontal aria-hidden className="h-4 w-4" /></Button>}
            items={[{ label: 'Delete lead', icon: <Trash2 aria-hidden className="h-3.5 w-3.5" />, danger: true, onSelect: () => void remove() }]}
          />
        </div>
      </div>
    </header>
  );
}
