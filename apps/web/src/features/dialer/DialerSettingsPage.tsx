import { useEffect, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { toast } from 'sonner';
import { api } from '../../app/api.ts';
import { hasRole, useMe } from '../../app/session.tsx';
import { useAsyncForm } from '../../app/useAsyncForm.ts';
import { Alert, Button, Card, CardHeader, Field, Input, Select, Skeleton, Textarea } from '../../ui/index.ts';
import { FormError } from '../auth/AuthShell.tsx';
import { dialerKeys, urls, useDialerSettings } from './api.ts';
import { ScriptText } from './LeadContext.tsx';
import { fillScript } from '@flywheel/contracts/dialer-constants';
import { SCRIPT_VARIABLES, type DialerSettings } from './types.ts';
import type { CalendarFeed } from '@flywheel/contracts';

// what the preview fills the variables with; State is left empty on purpose to show an unfilled one
const SAMPLE: Partial<Record<(typeof SCRIPT_VARIABLES)[number], string>> = {
  FirstName: 'Maria', LastName: 'Lopez', FullName: 'Maria Lopez', Company: 'Harbor Dental Group', City: 'San Diego', Segment: 'Healthcare', RepName: 'Olivia Owner', RepFirstName: 'Olivia',
};
// the server fills the run screen's script with the same function
const fillSample = (body: string) => fillScript(body, SAMPLE).body;

const HOURS = Array.from({ length: 25 }, (_, h) => h);

/** Settings → Dialer: the call script (variables, live preview), the working day, auto-advance. */
export function DialerSettingsPage() {
  const me = useMe();
  const settings = useDialerSettings();
  if (settings.isLoading) return <Skeleton className="h-96 w-full" />;
  if (settings.isError || !settings.data) return <Alert tone="error" title="Could not load the Dialer settings">{settings.error?.message}</Alert>;
  return <DialerSettingsForm initial={settings.data} canEdit={hasRole(me.data, 'manager')} />;
}

function DialerSettingsForm({ initial, canEdit }: { initial: DialerSettings; canEdit: boolean }) {
  const qc = useQueryClient();
  const [s, setS] = useState(initial);
  const { busy, error, fields, run } = useAsyncForm();
  const scriptRef = useRef<HTMLTextAreaElement>(null);
  useEffect(() => setS(initial), [initial]);
  const set = <K extends keyof DialerSettings>(k: K, v: DialerSettings[K]) => setS((x) => ({ ...x, [k]: v }));

  function insertVariable(v: string) {
    const el = scriptRef.current;
    const token = `{${v}}`;
    if (!el) return set('script', s.script + token);
    const { selectionStart: a, selectionEnd: b } = el;
    set('script', s.script.slice(0, a) + token + s.script.slice(b));
    requestAnimationFrame(() => {
      el.focus();
      el.setSelectionRange(a + token.length, a + token.length);
    });
  }

  function save(e: { preventDefault(): void }) {
    e.preventDefault();
    void run(async () => {
      const saved = await api.put<DialerSettings>(urls.settings, s);
      qc.setQueryData(dialerKeys.settings, saved);
      toast.success('Dialer settings saved');
    });
  }

  return (
    <form onSubmit={save} className="space-y-4">
      {!canEdit && <Alert tone="info">Only managers and admins change the script and the working day.</Alert>}
      <FormError message={error} />
      <Card>
        <CardHeader title="Call script" subtitle="Shown on the run screen with the lead's values filled in; unfilled variables stay highlighted." />
        <div className="grid gap-4 p-4 lg:grid-cols-2">
          <div className="space-y-3">
            <Field label="Title" error={fields.scriptTitle}>{(p) => <Input {...p} value={s.scriptTitle} disabled={!canEdit} onChange={(e) => set('scriptTitle', e.target.value)} />}</Field>
            <Field label="Script" error={fields.script}>{(p) => <Textarea {...p} ref={scriptRef} value={s.script} disabled={!canEdit} onChange={(e) => set('script', e.target.value)} className="!min-h-64 font-mono text-xs" />}</Field>
            <div>
              <p className="mb-1 text-xs font-medium text-muted">Variables (click to insert)</p>
              <div className="flex flex-wrap gap-1">
                {SCRIPT_VARIABLES.map((v) => <Button key={v} size="sm" disabled={!canEdit} onClick={() => insertVariable(v)}>{`{${v}}`}</Button>)}
              </div>
            </div>
          </div>
          <div>
            <p className="mb-1 text-xs font-medium text-muted">Preview (a sample lead without a state)</p>
            <div className="rounded-md border border-default bg-panel-2 p-3" aria-label="Script preview">
              <p className="mb-2 text-sm font-semibold">{s.scriptTitle}</p>
              {s.script ? <ScriptText body={fillSample(s.script)} /> : <p className="text-sm text-muted">Write the script on the left.</p>}
            </div>
          </div>
        </div>
      </Card>
      <Card>
        <CardHeader title="Working day and pace" subtitle="Pace on the Dialer home spreads the daily target over these hours (workspace time zone)." />
        <div className="grid grid-cols-3 gap-3 p-4">
          <Field label="Day starts" error={fields.workdayStartHour}>
            {(p) => <Select {...p} value={s.workdayStartHour} disabled={!canEdit} onChange={(e) => set('workdayStartHour', Number(e.target.value))}>{HOURS.slice(0, 24).map((h) => <option key={h} value={h}>{`${h}h`}</option>)}</Select>}
          </Field>
          <Field label="Day ends" error={fields.workdayEndHour}>
            {(p) => <Select {...p} value={s.workdayEndHour} disabled={!canEdit} onChange={(e) => set('workdayEndHour', Number(e.target.value))}>{HOURS.slice(1).map((h) => <option key={h} value={h}>{`${h}h`}</option>)}</Select>}
          </Field>
          <Field label="Auto-advance (seconds, 0 = off)" error={fields.autoAdvanceSeconds}>
            {(p) => <Input {...p} type="number" min={0} max={30} value={s.autoAdvanceSeconds} disabled={!canEdit} onChange={(e) => set('autoAdvanceSeconds', Math.max(0, Math.min(30, Math.round(Number(e.target.value) || 0))))} />}
          </Field>
        </div>
      </Card>
      {canEdit && <div className="flex justify-end"><Button type="submit" variant="primary" loading={busy}>Save</Button></div>}
      <CalendarFeedCard />
    </form>
  );
}

/**
 * The member's private calendar feed. Only the token's hash is stored, so the URL is shown once
 * (first visit or after "New URL"); afterwards the card says a feed exists and offers to rotate.
 */
function CalendarFeedCard() {
  const [feed, setFeed] = useState<CalendarFeed | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => { void api.get<CalendarFeed>('/api/v1/calendar-feed').then(setFeed, () => setFeed(null)); }, []);
  async function rotate() {
    setBusy(true);
    try { setFeed(await api.post<CalendarFeed>('/api/v1/calendar-feed/rotate')); toast.success('New calendar URL: the old one no longer works'); } finally { setBusy(false); }
  }
  return (
    <Card>
      <CardHeader title="Calendar feed" subtitle="Your open callbacks and follow-ups (last 7 days to 90 days ahead) in Google Calendar, Outlook or Apple Calendar: subscribe by URL." />
      <div className="space-y-2 p-4 text-sm">
        {feed?.url ? (
          <>
            <Alert tone="info">Copy this URL now: it is shown only once. Anyone with it can see your callbacks.</Alert>
            <Input readOnly value={feed.url} aria-label="Calendar feed URL" onFocus={(e) => e.target.select()} />
          </>
        ) : feed ? <p className="text-muted">Your feed exists (created {new Date(feed.createdAt ?? '').toLocaleString()}). Its URL was shown once; get a new one if you lost it.</p> : null}
        <Button type="button" loading={busy} onClick={() => void rotate()}>New URL</Button>
      </div>
    </Card>
  );
}
