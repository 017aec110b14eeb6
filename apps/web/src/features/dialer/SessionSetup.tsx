import { useState } from 'react';
import { useNavigate } from 'react-router';
import { CalendarClock, Flame, Leaf, PhoneIncoming, Play, SlidersHorizontal, Sparkles } from 'lucide-react';
import { toast } from 'sonner';
import { ApiError } from '../../app/api.ts';
import { Alert, Button, Card, CardHeader, Checkbox, Field, Input, PageHeader, Select, Skeleton, cn } from '../../ui/index.ts';
import { useFacets, useMembers, useStages, useViews } from '../leads/api.ts';
import { sessionApi, useModes } from './api.ts';
import { DIAL_MODE_ORDER, type CallVia, type DialCustomSource, type DialFilters, type DialMode } from './types.ts';
import { powerApi } from '../power-dialer/api.ts';
import { DEFAULT_DRAFT, PowerConfigFields, type PowerConfigDraft } from '../power-dialer/PowerConfigFields.tsx';

const ICONS: Record<DialMode, typeof Sparkles> = { new: Sparkles, followups: CalendarClock, interested: Flame, nurture: Leaf, callbacks: PhoneIncoming, custom: SlidersHorizontal };
type CustomKind = 'view' | 'stage' | 'tag';

/** Session setup: an explicit choice of what to call (nothing pre-selected, SPEC §1.6), filters, and how to dial. */
export function SessionSetup() {
  const navigate = useNavigate();
  const [mode, setMode] = useState<DialMode | null>(null);
  const [filters, setFilters] = useState<DialFilters>({ owner: 'me' });
  const [customKind, setCustomKind] = useState<CustomKind>('view');
  const [customValue, setCustomValue] = useState('');
  const [callVia, setCallVia] = useState<CallVia | 'power'>('provider');
  const [power, setPower] = useState<PowerConfigDraft>(DEFAULT_DRAFT);
  const [shared, setShared] = useState(false);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const modes = useModes(filters);
  const facets = useFacets();
  const members = useMembers();
  const byMode = new Map((modes.data ?? []).map((m) => [m.mode, m]));

  const custom: DialCustomSource | undefined =
    mode !== 'custom' || !customValue ? undefined : customKind === 'view' ? { viewId: customValue } : customKind === 'stage' ? { stage: customValue } : { filters: { tags: customValue } };
  const ready = mode !== null && (mode !== 'custom' || custom !== undefined);

  async function start() {
    if (!mode) return;
    setBusy(true);
    setError(null);
    try {
      if (callVia === 'power') {
        const p = await powerApi.start({ mode, custom, filters, config: power, shared, name: name.trim() || undefined });
        navigate(`/dialer/power/${p.id}`);
        return;
      }
      const s = await sessionApi.start({ mode, custom, filters, callVia });
      if (s.counts.total === 0) toast.info('Nothing to call with these choices — the session is empty.');
      navigate(`/dialer/sessions/${s.id}`);
    } catch (e) {
      setError(e instanceof ApiError || e instanceof Error ? e.message : 'Could not start the session.');
      setBusy(false);
    }
  }

  const setFilter = <K extends keyof DialFilters>(k: K, v: DialFilters[K]) => setFilters((f) => ({ ...f, [k]: v }));

  return (
    <div className="flex h-full flex-col overflow-hidden">
      <PageHeader title="Start a session" subtitle="Choose what to call. The queue is frozen when you start." />
      <div className="flex-1 overflow-auto p-5">
        <div className="mx-auto max-w-5xl space-y-4">
          <section aria-labelledby="modes-h">
            <h2 id="modes-h" className="mb-2 text-sm font-semibold">What to call</h2>
            <div role="radiogroup" aria-label="Dial mode" className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
              {DIAL_MODE_ORDER.map((m) => {
                const info = byMode.get(m);
                const Icon = ICONS[m];
                const on = mode === m;
                return (
                  <button
                    key={m}
                    type="button"
                    role="radio"
                    aria-checked={on}
                    data-testid={`mode-${m}`}
                    onClick={() => setMode(m)}
                    className={cn('flex flex-col gap-1 rounded-lg border bg-panel p-4 text-left transition-colors hover:border-brand-500', on ? 'border-brand-600 ring-2 ring-brand-500/40' : 'border-default')}
                  >
                    <span className="flex items-center justify-between gap-2">
                      <span className="flex items-center gap-2 font-semibold"><Icon aria-hidden className="h-4 w-4 text-brand-600" /> {info?.label ?? m}</span>
                      {modes.isLoading ? <Skeleton className="h-6 w-8" /> : m === 'custom' ? null : <span className="text-2xl font-semibold tabular-nums" aria-label={`${info?.count ?? 0} leads`}>{info?.count ?? 0}</span>}
                    </span>
                    <span className="text-xs text-muted">{info?.description ?? ''}</span>
                  </button>
                );
              })}
            </div>
            {modes.isError && <Alert tone="error" className="mt-2">{modes.error.message}</Alert>}
          </section>

          {mode === 'custom' && <CustomSource kind={customKind} value={customValue} onKind={(k) => { setCustomKind(k); setCustomValue(''); }} onValue={setCustomValue} />}

          <div className="grid gap-4 md:grid-cols-2">
            <Card>
              <CardHeader title="Filters" subtitle="Optional; narrow any mode." />
              <div className="grid grid-cols-2 gap-3 p-4">
                <Field label="Owner">
                  {(p) => (
                    <Select {...p} value={filters.owner ?? 'me'} onChange={(e) => setFilter('owner', e.target.value)}>
                      <option value="me">My leads</option>
                      <option value="all">Everyone's</option>
                      <option value="none">Unassigned</option>
                      {members.data?.map((m) => <option key={m.id} value={m.id}>{m.name || m.email}</option>)}
                    </Select>
                  )}
                </Field>
                <Field label="Segment">
                  {(p) => (
                    <Select {...p} value={filters.segment ?? ''} onChange={(e) => setFilter('segment', e.target.value || undefined)}>
                      <option value="">Any segment</option>
                      {facets.data?.segments.map((s) => <option key={s.value} value={s.value}>{s.value}</option>)}
                    </Select>
                  )}
                </Field>
                <Field label="Source">
                  {(p) => (
                    <Select {...p} value={filters.source ?? ''} onChange={(e) => setFilter('source', e.target.value || undefined)}>
                      <option value="">Any source</option>
                      {facets.data?.sources.map((s) => <option key={s.value} value={s.value}>{s.value}</option>)}
                    </Select>
                  )}
                </Field>
                <label className="flex items-start gap-2 self-end pb-1 text-sm">
                  <Checkbox className="mt-0.5" checked={!!filters.callableNow} onChange={(e) => setFilter('callableNow', e.target.checked || undefined)} />
                  <span>Callable now <span className="block text-xs text-muted">8 AM–9 PM in the lead's time zone</span></span>
                </label>
              </div>
            </Card>
            <Card>
              <CardHeader title="Call via" />
              <div role="radiogroup" aria-label="Call via" className="space-y-2 p-4 text-sm">
                <label className="flex items-start gap-2">
                  <input type="radio" name="callVia" checked={callVia === 'provider'} onChange={() => setCallVia('provider')} className="mt-0.5 accent-brand-600" />
                  <span><span className="font-medium">Softphone</span> <span className="block text-xs text-muted">The workspace's telephony provider (Sandbox until Twilio is set up) places the call.</span></span>
                </label>
                <label className="flex items-start gap-2">
                  <input type="radio" name="callVia" checked={callVia === 'tel'} onChange={() => setCallVia('tel')} className="mt-0.5 accent-brand-600" />
                  <span><span className="font-medium">My phone app (tel: link)</span> <span className="block text-xs text-muted">Dial from OpenPhone or any app that handles tel: links; its webhooks bring duration and recording.</span></span>
                </label>
                <label className="flex items-start gap-2">
                  <input type="radio" name="callVia" checked={callVia === 'power'} onChange={() => setCallVia('power')} className="mt-0.5 accent-brand-600" data-testid="call-via-power" />
                  <span><span className="font-medium">Power dialer</span> <span className="block text-xs text-muted">The server dials 1–3 lines for you and connects the first person who answers; voicemails and no-answers are handled.</span></span>
                </label>
              </div>
            </Card>
          </div>

          {callVia === 'power' && (
            <Card>
              <CardHeader title="Power dialer" subtitle="Lines, pacing, redial and voicemail; change them any time during the session." />
              <div className="space-y-3 p-4">
                <PowerConfigFields value={power} onChange={setPower} />
                <div className="grid gap-3 border-t border-default pt-3 sm:grid-cols-2">
                  <label className="flex items-start gap-2 text-sm">
                    <Checkbox className="mt-0.5" checked={shared} onChange={(e) => setShared(e.target.checked)} />
                    <span>Shared campaign <span className="block text-xs text-muted">Teammates can join; everyone's lines pool over this queue.</span></span>
                  </label>
                  <Field label="Name (optional)">{(p) => <Input {...p} value={name} maxLength={80} placeholder="e.g. Tuesday cold list" onChange={(e) => setName(e.target.value)} />}</Field>
                </div>
              </div>
            </Card>
          )}
          {error && <Alert tone="error" title="Session not started">{error}</Alert>}
          <div className="flex items-center justify-end gap-3">
            {!mode && <span className="text-sm text-muted">Choose what to call to start.</span>}
            <Button variant="primary" onClick={() => void start()} disabled={!ready} loading={busy}><Play aria-hidden className="h-4 w-4" /> Start session</Button>
          </div>
        </div>
      </div>
    </div>
  );
}

function CustomSource({ kind, value, onKind, onValue }: { kind: CustomKind; value: string; onKind: (k: CustomKind) => void; onValue: (v: string) => void }) {
  const views = useViews();
  const stages = useStages();
  const facets = useFacets();
  return (
    <Card>
      <CardHeader title="Custom: call these leads" />
      <div className="flex flex-wrap items-end gap-3 p-4">
        <Field label="From">
          {(p) => (
            <Select {...p} value={kind} onChange={(e) => onKind(e.target.value === 'stage' ? 'stage' : e.target.value === 'tag' ? 'tag' : 'view')} className="!w-40">
              <option value="view">A saved view</option>
              <option value="stage">A pipeline stage</option>
              <option value="tag">A tag</option>
            </Select>
          )}
        </Field>
        <Field label={kind === 'view' ? 'Saved view' : kind === 'stage' ? 'Stage' : 'Tag'} className="min-w-64">
          {(p) => (
            <Select {...p} value={value} onChange={(e) => onValue(e.target.value)}>
              <option value="">Choose…</option>
              {kind === 'view' && views.data?.map((v) => <option key={v.id} value={v.id}>{v.name}</option>)}
              {kind === 'stage' && stages.data?.map((s) => <option key={s.key} value={s.key}>{s.label}</option>)}
              {kind === 'tag' && facets.data?.tags.map((t) => <option key={t.value} value={t.value}>{t.value}</option>)}
            </Select>
          )}
        </Field>
      </div>
    </Card>
  );
}
