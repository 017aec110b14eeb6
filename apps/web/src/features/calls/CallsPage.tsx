import { Fragment, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { ChevronDown, ChevronRight, Link2, PhoneCall, X } from 'lucide-react';
import { toast } from 'sonner';
import { api, qs } from '../../app/api.ts';
import { Badge, Button, ButtonLink, EmptyState, Modal, PageHeader, RelativeTime, Skeleton, Table, Td, Th, cn } from '../../ui/index.ts';
import { formatPhone } from '../leads/format.ts';
import { CallAftermath } from '../dialer/CallPanel.tsx';
import { formatDuration } from '../dialer/format.ts';
import { LeadPicker, type PickedLead } from '../dialer/LeadPicker.tsx';
import { CALL_STATUS_LABELS, type CallSession } from '../dialer/types.ts';

const PAGE = 100;

/** Every call session: status, lead, provider duration, recording/transcript; by session; unmatched calls to link. */
export function CallsPage() {
  const [params, setParams] = useSearchParams();
  const sessionId = params.get('session');
  const unmatched = params.get('tab') === 'unmatched';
  const query = { dialSessionId: sessionId ?? undefined, unmatched: unmatched ? 'true' : undefined, limit: PAGE };
  const calls = useQuery({
    queryKey: ['calls', 'list', query],
    queryFn: () => api.get<{ items: CallSession[]; total: number }>(`/api/v1/calls${qs(query)}`),
    placeholderData: keepPreviousData,
    refetchInterval: (q) => (q.state.data?.items.some((c) => c.durationSeconds === null || c.transcriptStatus === 'pending') ? 5000 : false),
  });
  const [open, setOpen] = useState<string | null>(null);
  const [linking, setLinking] = useState<CallSession | null>(null);

  const tab = (u: boolean) => {
    const p = new URLSearchParams(params);
    if (u) p.set('tab', 'unmatched');
    else p.delete('tab');
    setParams(p);
  };

  return (
    <div className="flex h-full flex-col overflow-hidden">
      <PageHeader title="Calls" subtitle="Every call as the provider reported it." />
      <div className="flex flex-wrap items-center gap-2 border-b border-default bg-panel px-5 py-2">
        <nav aria-label="Call lists" className="flex gap-1">
          {[false, true].map((u) => (
            <button key={String(u)} type="button" aria-current={unmatched === u ? 'page' : undefined} onClick={() => tab(u)} className={cn('rounded-md px-2.5 py-1 text-sm', unmatched === u ? 'bg-brand-50 font-medium text-brand-700 dark:bg-brand-700/30 dark:text-brand-100' : 'text-muted hover:bg-panel-2')}>
              {u ? 'Unmatched calls' : 'All calls'}
            </button>
          ))}
        </nav>
        {sessionId && (
          <span className="inline-flex items-center gap-1 rounded-full border border-default bg-panel-2 px-2 py-0.5 text-xs" data-testid="session-filter">
            Session {sessionId.slice(0, 8)}
            <button type="button" aria-label="Show calls of every session" onClick={() => { const p = new URLSearchParams(params); p.delete('session'); setParams(p); }}><X aria-hidden className="h-3 w-3" /></button>
          </span>
        )}
        {calls.data && <span className="ml-auto text-xs text-muted" data-testid="call-count">{calls.data.total} calls</span>}
      </div>
      <div className="flex-1 overflow-auto">
        {calls.isLoading ? (
          <div className="space-y-2 p-5">{[0, 1, 2, 3].map((i) => <Skeleton key={i} className="h-8 w-full" />)}</div>
        ) : calls.isError ? (
          <EmptyState title="Could not load calls" action={<Button onClick={() => void calls.refetch()}>Try again</Button>}>{calls.error.message}</EmptyState>
        ) : !calls.data?.items.length ? (
          <EmptyState icon={<PhoneCall className="h-8 w-8" />} title={unmatched ? 'No unmatched calls' : 'No calls yet'} action={unmatched ? undefined : <ButtonLink to="/dialer/new" variant="primary">Start a session</ButtonLink>}>
            {unmatched ? 'Every call reported by your providers was matched to a lead.' : sessionId ? 'No call was placed in this session.' : 'Calls you place from the Dialer, and calls your phone app reports, show up here.'}
          </EmptyState>
        ) : (
          <Table aria-label="Calls">
            <thead>
              <tr>
                <Th className="w-8"><span className="sr-only">Details</span></Th>
                <Th>When</Th>
                <Th>Lead</Th>
                <Th>Number</Th>
                <Th>Status</Th>
                <Th>Duration</Th>
                <Th>Outcome</Th>
                <Th>Recording / transcript</Th>
                {unmatched && <Th><span className="sr-only">Actions</span></Th>}
              </tr>
            </thead>
            <tbody>
              {calls.data.items.map((c) => (
                <Fragment key={c.id}>
                  <tr data-testid="call-row" data-call-id={c.id}>
                    <Td>
                      <button type="button" aria-expanded={open === c.id} aria-label={open === c.id ? 'Hide details' : 'Show details'} onClick={() => setOpen(open === c.id ? null : c.id)} className="rounded p-0.5 hover:bg-panel-2">
                        {open === c.id ? <ChevronDown aria-hidden className="h-4 w-4" /> : <ChevronRight aria-hidden className="h-4 w-4" />}
                      </button>
                    </Td>
                    <Td><RelativeTime date={c.startedAt} /></Td>
                    <Td>{c.leadId ? <Link to={`/leads/${c.leadId}`} className="hover:underline">{c.leadName ?? 'Lead'}</Link> : <span className="text-muted">No lead</span>}</Td>
                    <Td className="tabular-nums">{formatPhone(c.direction === 'outbound' ? c.to : c.from)}</Td>
                    <Td><Badge tone={c.status === 'completed' ? 'green' : ['failed', 'busy', 'no_answer', 'canceled'].includes(c.status) ? 'amber' : 'brand'}>{CALL_STATUS_LABELS[c.status]}</Badge></Td>
                    <Td className="tabular-nums">{c.durationSeconds === null ? <span className="text-muted">pending</span> : formatDuration(c.durationSeconds)}</Td>
                    <Td>{c.attempt ? c.attempt.dispositionLabel : <span className="text-muted">Not logged</span>}</Td>
                    <Td><CallAftermathCompact call={c} /></Td>
                    {unmatched && <Td><Button size="sm" onClick={() => setLinking(c)}><Link2 aria-hidden className="h-3.5 w-3.5" /> Link to lead</Button></Td>}
                  </tr>
                  {open === c.id && (
                    <tr>
                      <td colSpan={unmatched ? 9 : 8} className="border-b border-default bg-panel-2 px-6 py-3"><CallDetails call={c} /></td>
                    </tr>
                  )}
                </Fragment>
              ))}
            </tbody>
          </Table>
        )}
      </div>
      <LinkCallModal call={linking} onClose={() => setLinking(null)} />
    </div>
  );
}

function CallAftermathCompact({ call }: { call: CallSession }) {
  const parts = [call.recordingStatus === null ? 'Not recorded' : call.recordingStatus === 'completed' ? 'Recording' : call.recordingStatus === 'pending' || call.recordingStatus === 'in_progress' ? 'Recording pending' : 'No recording', call.transcriptStatus === 'completed' ? 'Transcript' : call.transcriptStatus === 'pending' ? 'Transcript pending' : null];
  return <span className="text-xs text-muted">{parts.filter(Boolean).join(' · ')}</span>;
}

function CallDetails({ call }: { call: CallSession }) {
  return (
    <div className="space-y-2 text-sm">
      <CallAftermath call={call} />
      <p className="text-xs text-muted">{call.provider} · {call.direction} · {formatPhone(call.from)} → {formatPhone(call.to)}{call.attempt?.notes ? ` · notes: ${call.attempt.notes}` : ''}</p>
      {call.summary && <p><span className="font-medium">Summary:</span> {call.summary}</p>}
      {call.transcript?.length ? (
        <ol aria-label="Transcript" className="max-h-72 space-y-1 overflow-auto rounded-md border border-default bg-panel p-3">
          {call.transcript.map((t, i) => (
            <li key={i} className="grid grid-cols-[5rem_1fr] gap-2">
              <span className={cn('text-xs font-medium', t.speaker === 'rep' ? 'text-brand-600' : 'text-muted')}>{t.speaker === 'rep' ? 'Rep' : t.speaker === 'prospect' ? 'Prospect' : 'Speaker'}</span>
              <span>{t.text}</span>
            </li>
          ))}
        </ol>
      ) : (
        <p className="text-xs text-muted">{call.transcriptStatus === 'pending' ? 'Transcript pending — it appears when the provider delivers it.' : 'No transcript.'}</p>
      )}
    </div>
  );
}

function LinkCallModal({ call, onClose }: { call: CallSession | null; onClose: () => void }) {
  const qc = useQueryClient();
  const [lead, setLead] = useState<PickedLead | null>(null);
  const [busy, setBusy] = useState(false);
  async function link() {
    if (!call || !lead) return;
    setBusy(true);
    try {
      await api.post(`/api/v1/calls/${call.id}/link`, { leadId: lead.id });
      toast.success(`Call linked to ${lead.name}`);
      void qc.invalidateQueries({ queryKey: ['calls'] });
      setLead(null);
      onClose();
    } catch (e) {
      toast.error(e instanceof Error ? e.message : 'Not linked');
    } finally {
      setBusy(false);
    }
  }
  return (
    <Modal open={!!call} onClose={() => { setLead(null); onClose(); }} title="Link call to a lead" footer={<><Button onClick={() => { setLead(null); onClose(); }}>Cancel</Button><Button variant="primary" disabled={!lead} loading={busy} onClick={() => void link()}>Link</Button></>}>
      {call && <p className="mb-2 text-sm text-muted">{formatPhone(call.from)} → {formatPhone(call.to)}, <RelativeTime date={call.startedAt} /></p>}
      {call && <LeadPicker value={lead} onChange={setLead} autoFocus />}
    </Modal>
  );
}
