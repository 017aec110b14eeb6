import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { toast } from 'sonner';
import { CalendarCheck, CalendarX, RefreshCw } from 'lucide-react';
import { CALDAV_EVENTS, type CaldavCalendar, type CaldavStatus, type CaldavTestResult } from '@flywheel/contracts';
import { api, ApiError } from '../../app/api.ts';
import { useRealtime } from '../../app/realtime.ts';
import { Alert, Badge, Button, Card, CardHeader, Checkbox, EmptyState, Field, Input, Kbd, RelativeTime, Select, Skeleton } from '../../ui/index.ts';

const KEY = ['caldav'];
const STATUS = { ok: { tone: 'green', label: 'In sync' }, pending: { tone: 'amber', label: 'Waiting for first sync' }, error: { tone: 'red', label: 'Sync failing' } } as const;
const REMINDER_CHOICES = [0, 5, 10, 15, 30, 60];
const EXAMPLES = 'e.g. https://caldav.fastmail.com/dav/, https://cloud.example.com/remote.php/dav/ or https://caldav.icloud.com/';

/** Settings → Calendar sync: the member's CalDAV calendar for callbacks/follow-ups, and their reminder lead time. */
export function CalendarSyncSettings() {
  const qc = useQueryClient();
  const status = useQuery({ queryKey: KEY, queryFn: () => api.get<CaldavStatus>('/api/v1/caldav') });
  const refresh = useCallback(() => void qc.invalidateQueries({ queryKey: KEY }), [qc]);
  useRealtime(CALDAV_EVENTS.syncStatus, refresh);
  const [editing, setEditing] = useState(false);
  const c = status.data?.connection ?? null;

  // while a sync is waiting, look again shortly (the realtime event usually gets there first)
  useEffect(() => {
    if (!c?.syncPending) return;
    const id = setInterval(refresh, 5000);
    return () => clearInterval(id);
  }, [c?.syncPending, refresh]);

  const toggle = useMutation({
    mutationFn: (enabled: boolean) => api.patch<CaldavStatus>('/api/v1/caldav/connection', { enabled }),
    onSuccess: (s) => { qc.setQueryData(KEY, s); toast.success(s.connection?.enabled ? 'Calendar sync resumed' : 'Calendar sync paused'); },
    onError: (e: Error) => toast.error(e.message),
  });
  const resync = useMutation({
    mutationFn: () => api.post<CaldavStatus>('/api/v1/caldav/resync'),
    onSuccess: (s) => { qc.setQueryData(KEY, s); toast.success('Full resync started'); },
    onError: (e: Error) => toast.error(e.message),
  });
  const disconnect = useMutation({
    mutationFn: () => api.del<CaldavStatus>('/api/v1/caldav/connection'),
    onSuccess: (s) => { qc.setQueryData(KEY, s); toast.success('Calendar disconnected; the stored password was deleted'); },
    onError: (e: Error) => toast.error(e.message),
  });

  if (status.isPending) return <Card><div className="space-y-2 p-4"><Skeleton className="h-6" /><Skeleton className="h-6" /></div></Card>;
  if (status.isError) return <Alert tone="error" title="Could not load calendar sync">{status.error.message}</Alert>;

  return (
    <div className="space-y-4">
      <Card>
        <CardHeader
          title="Calendar sync"
          subtitle="Your open callbacks and follow-ups with a due time appear as events in a CalDAV calendar (Fastmail, iCloud, Nextcloud, Radicale…), with an alarm before each. Rescheduling moves the event; completing or deleting the task removes it."
          actions={c && !editing ? <>
            <Button size="sm" onClick={() => resync.mutate()} loading={resync.isPending} disabled={!c.enabled} title="Rewrite every event and remove stray ones"><RefreshCw aria-hidden className="h-3.5 w-3.5" /> Full resync</Button>
            <Button size="sm" onClick={() => setEditing(true)}>Change</Button>
          </> : undefined}
        />
        <div className="p-4">
          {!c && !editing ? (
            <EmptyState icon={<CalendarX aria-hidden />} title="No calendar connected" action={<Button variant="primary" onClick={() => setEditing(true)}>Connect a calendar</Button>}>
              Connect your work calendar so callbacks show up on your phone and watch even when Flywheel is closed.
            </EmptyState>
          ) : editing ? (
            <ConnectForm current={status.data.connection} onDone={(s) => { if (s) qc.setQueryData(KEY, s); setEditing(false); }} />
          ) : c ? (
            <div className="space-y-3 text-sm" data-testid="caldav-connection">
              <div className="flex flex-wrap items-center gap-2">
                <CalendarCheck aria-hidden className="h-4 w-4 text-muted" />
                <span className="font-medium">{c.calendarName || c.calendarUrl}</span>
                <span className="text-muted">· {c.username} on {hostOf(c.serverUrl)}</span>
                {c.enabled ? <Badge tone={STATUS[c.status].tone}>{STATUS[c.status].label}</Badge> : <Badge tone="neutral">Paused</Badge>}
                {c.enabled && c.syncPending && c.status !== 'pending' && <span className="text-xs text-muted">changes waiting…</span>}
              </div>
              {c.status === 'error' && c.lastError && (
                <Alert tone="error" title="The last sync failed">
                  {c.lastError} We retry by ourselves with growing pauses; fix the account with “Change” if it asks for it.
                </Alert>
              )}
              <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
                <dt className="text-muted">Events in the calendar</dt><dd className="tabular-nums">{c.eventCount}</dd>
                <dt className="text-muted">Last sync</dt><dd><RelativeTime date={c.lastSyncAt} empty="not yet" /></dd>
                <dt className="text-muted">Last successful sync</dt><dd><RelativeTime date={c.lastSuccessAt} empty="never" /></dd>
                <dt className="text-muted">Password</dt><dd>stored encrypted (never shown)</dd>
              </dl>
              <div className="flex flex-wrap items-center gap-3 pt-1">
                <label className="inline-flex items-center gap-2">
                  <Checkbox checked={c.enabled} disabled={toggle.isPending} onChange={(e) => toggle.mutate(e.target.checked)} />
                  Sync enabled
                </label>
                <Button size="sm" variant="danger" loading={disconnect.isPending} onClick={() => { if (confirm('Disconnect this calendar? The stored password is deleted. Events already in the calendar stay there.')) disconnect.mutate(); }}>Disconnect</Button>
              </div>
            </div>
          ) : null}
        </div>
      </Card>
      <ReminderCard minutes={status.data.reminders.minutesBefore} onSaved={(s) => qc.setQueryData(KEY, s)} />
    </div>
  );
}

function hostOf(url: string): string {
  try { return new URL(url).host; } catch { return url; }
}

function ConnectForm({ current, onDone }: { current: CaldavStatus['connection']; onDone: (s: CaldavStatus | null) => void }) {
  const [serverUrl, setServerUrl] = useState(current?.serverUrl ?? '');
  const [username, setUsername] = useState(current?.username ?? '');
  const [password, setPassword] = useState('');
  const [calendars, setCalendars] = useState<CaldavCalendar[] | null>(null);
  const [calendarUrl, setCalendarUrl] = useState(current?.calendarUrl ?? '');
  const [error, setError] = useState<ApiError | null>(null);
  // the stored password is reused only for the same account
  const sameAccount = !!current && current.serverUrl === serverUrl.trim() && current.username === username.trim();
  const creds = () => ({ serverUrl: serverUrl.trim(), username: username.trim(), ...(password ? { password } : {}) });

  const test = useMutation({
    mutationFn: () => api.post<CaldavTestResult>('/api/v1/caldav/test', creds()),
    onSuccess: (r) => {
      setError(null);
      setCalendars(r.calendars);
      if (!r.calendars.some((cal) => cal.url === calendarUrl)) setCalendarUrl(r.calendars[0]?.url ?? '');
      if (!r.calendars.length) toast.warning('Connected, but this account has no calendar that accepts events.');
    },
    onError: (e: Error) => { setCalendars(null); setError(e instanceof ApiError ? e : new ApiError(0, 'network', e.message)); },
  });
  const save = useMutation({
    mutationFn: () => api.put<CaldavStatus>('/api/v1/caldav/connection', { ...creds(), calendarUrl, enabled: true }),
    onSuccess: (s) => { toast.success(`Connected to ${s.connection?.calendarName}; syncing now`); onDone(s); },
    onError: (e: Error) => setError(e instanceof ApiError ? e : new ApiError(0, 'network', e.message)),
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (test.isPending || save.isPending) return;
    if (calendars && calendarUrl) save.mutate();
    else test.mutate();
  };
  const fields = error?.fields ?? {};
  return (
    <form className="max-w-xl space-y-3" onSubmit={submit} onKeyDown={(e) => { if (e.key === 'Escape') onDone(null); }}>
      <Field label="CalDAV server URL" hint={EXAMPLES} error={fields.serverUrl}>
        {(p) => <Input {...p} autoFocus type="url" required value={serverUrl} placeholder="https://caldav.fastmail.com/dav/" onChange={(e) => { setServerUrl(e.target.value); setCalendars(null); }} />}
      </Field>
      <Field label="Username" error={fields.username}>
        {(p) => <Input {...p} required autoComplete="username" value={username} onChange={(e) => { setUsername(e.target.value); setCalendars(null); }} />}
      </Field>
      <Field label="Password" hint={sameAccount ? 'Leave empty to keep the stored password.' : 'Many providers (iCloud, Fastmail, Google) need an app-specific password.'} error={fields.password}>
        {(p) => <Input {...p} type="password" autoComplete="new-password" required={!sameAccount} value={password} placeholder={sameAccount ? '••••••••  (stored)' : ''} onChange={(e) => { setPassword(e.target.value); setCalendars(null); }} />}
      </Field>
      {error && !Object.keys(fields).length && <Alert tone="error" title="Could not connect">{error.message}</Alert>}
      {calendars && (
        calendars.length ? (
          <Field label="Calendar" hint="Callbacks and follow-ups are written to this calendar." error={fields.calendarUrl}>
            {(p) => (
              <Select {...p} value={calendarUrl} onChange={(e) => setCalendarUrl(e.target.value)}>
                {calendars.map((cal) => <option key={cal.url} value={cal.url}>{cal.name}</option>)}
              </Select>
            )}
          </Field>
        ) : <Alert tone="warning">This account has no calendar that accepts events. Create one in your calendar app, then test again.</Alert>
      )}
      <div className="flex items-center gap-2">
        {calendars ? <>
          <Button type="submit" variant="primary" loading={save.isPending} disabled={!calendarUrl}>Save and sync</Button>
          <Button type="button" onClick={() => test.mutate()} loading={test.isPending}>Test again</Button>
        </> : <Button type="submit" variant="primary" loading={test.isPending}>Test connection</Button>}
        <Button type="button" variant="ghost" onClick={() => onDone(null)}>Cancel</Button>
        <span className="ml-auto text-xs text-muted"><Kbd>Enter</Kbd> {calendars ? 'save' : 'test'} · <Kbd>Esc</Kbd> cancel</span>
      </div>
    </form>
  );
}

function ReminderCard({ minutes, onSaved }: { minutes: number; onSaved: (s: CaldavStatus) => void }) {
  const save = useMutation({
    mutationFn: (minutesBefore: number) => api.put<CaldavStatus>('/api/v1/caldav/reminders', { minutesBefore }),
    onSuccess: (s) => { onSaved(s); toast.success(s.reminders.minutesBefore ? `Reminders ${s.reminders.minutesBefore} min before` : 'Early reminders off'); },
    onError: (e: Error) => toast.error(e.message),
  });
  const choices = REMINDER_CHOICES.includes(minutes) ? REMINDER_CHOICES : [...REMINDER_CHOICES, minutes].sort((a, b) => a - b);
  return (
    <Card>
      <CardHeader title="Callback reminders" subtitle="A notification in Flywheel before each of your callbacks and follow-ups is due (once per due time; a rescheduled one reminds again). Calendar alarms use the same lead time." />
      <div className="p-4">
        <Field label="Remind me">
          {(p) => (
            <Select {...p} className="max-w-56" value={minutes} disabled={save.isPending} onChange={(e) => save.mutate(Number(e.target.value))}>
              {choices.map((m) => <option key={m} value={m}>{m === 0 ? 'Off (only when due)' : m >= 60 ? `${m / 60} hour${m === 60 ? '' : 's'} before` : `${m} minutes before`}</option>)}
            </Select>
          )}
        </Field>
      </div>
    </Card>
  );
}

/** Toasts for "callback due soon" (mount once in the app shell). */
export function useCallbackReminderToasts() {
  const onReminder = useCallback((payload: unknown) => {
    const p = payload as { leadName: string | null; title: string; dueAt: string; leadId: string | null };
    const mins = Math.max(0, Math.round((new Date(p.dueAt).getTime() - Date.now()) / 60_000));
    toast.info(`Callback ${mins > 0 ? `in ${mins} min` : 'due now'}: ${p.leadName ?? p.title}`, {
      description: p.title,
      action: p.leadId ? { label: 'Open', onClick: () => { location.assign(`/dialer?lead=${p.leadId}`); } } : undefined,
      duration: 15_000,
    });
  }, []);
  useRealtime(CALDAV_EVENTS.callbackReminder, onReminder);
}
