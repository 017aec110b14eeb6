import { useState, type FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Mail, MessageCircle, Send, Trash2, Webhook } from 'lucide-react';
import { toast } from 'sonner';
import type { NotificationChannel, WeeklyBriefSettings } from '@flywheel/contracts';
import { api } from '../../app/api.ts';
import { hasRole, useMe } from '../../app/session.tsx';
import { useAsyncForm } from '../../app/useAsyncForm.ts';
import { Alert, Badge, Button, ButtonLink, Card, CardHeader, Checkbox, Field, Input, Select, Skeleton } from '../../ui/index.ts';
import { FormError } from '../auth/AuthShell.tsx';
import { briefKeys, useBriefSettings, useChannels } from './api.ts';
import { WEEKDAYS } from './format.ts';

const ICON = { email: Mail, telegram: MessageCircle, webhook: Webhook } as const;
const ZONES = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : ['UTC', 'America/New_York', 'America/Chicago', 'America/Denver', 'America/Los_Angeles'];

/** Settings → Notifications: when the weekly brief goes out, and the email / Telegram / webhook channels it goes through. */
export function NotificationsSettings() {
  const me = useMe();
  const manager = hasRole(me.data, 'manager');
  const admin = hasRole(me.data, 'admin');
  const settings = useBriefSettings(manager);
  const channels = useChannels(manager);
  if (!manager) return <p className="text-sm text-muted">Only managers and admins see notification settings.</p>;
  return (
    <div className="space-y-4">
      {settings.isLoading ? <Skeleton className="h-40 w-full" /> : settings.data ? <ScheduleForm s={settings.data} readOnly={!admin} /> : <Alert tone="error">{settings.error?.message}</Alert>}
      <Card>
        <CardHeader title="Channels" subtitle="Besides the in-app notification center, the weekly brief goes to every channel that is on." actions={<ButtonLink to="/brief" size="sm">Open briefs</ButtonLink>} />
        {channels.isLoading && <Skeleton className="m-4 h-20" />}
        {channels.data?.data.length === 0 && <p className="px-4 pb-3 text-sm text-muted">No channel yet: the brief reaches people in the app only.</p>}
        <ul className="divide-y divide-default">
          {channels.data?.data.map((c) => <ChannelRow key={c.id} c={c} admin={admin} />)}
        </ul>
        {admin && <AddChannel />}
      </Card>
    </div>
  );
}

function ScheduleForm({ s, readOnly }: { s: WeeklyBriefSettings; readOnly: boolean }) {
  const qc = useQueryClient();
  const [f, setF] = useState(s);
  const { busy, error, fields, run } = useAsyncForm();
  function submit(e: FormEvent) {
    e.preventDefault();
    void run(async () => {
      qc.setQueryData(briefKeys.settings, await api.put<WeeklyBriefSettings>('/api/v1/settings/weekly-brief', f));
      toast.success('Schedule saved');
    });
  }
  return (
    <Card>
      <CardHeader title="Weekly brief" subtitle="A summary of the last week: calls, connects, talk time, sold and meetings, numbers, lead types, best call windows, biggest changes, playbook rules used." />
      <form className="grid gap-3 p-4 sm:grid-cols-5" onSubmit={submit} aria-label="Weekly brief schedule">
        <div className="sm:col-span-5"><FormError message={error} /></div>
        <label className="flex items-center gap-2 text-sm sm:col-span-5"><Checkbox checked={f.enabled} disabled={readOnly} onChange={(e) => setF({ ...f, enabled: e.target.checked })} /> Send the weekly brief</label>
        <Field label="Day" error={fields.weekday}>{(p) => <Select {...p} disabled={readOnly} value={f.weekday} onChange={(e) => setF({ ...f, weekday: Number(e.target.value) })}>{WEEKDAYS.slice(1).map((d, i) => <option key={d} value={i + 1}>{d}</option>)}</Select>}</Field>
        <Field label="Hour" error={fields.hour}>{(p) => <Select {...p} disabled={readOnly} value={f.hour} onChange={(e) => setF({ ...f, hour: Number(e.target.value) })}>{Array.from({ length: 24 }, (_, h) => <option key={h} value={h}>{String(h).padStart(2, '0')}:00</option>)}</Select>}</Field>
        <Field label="Time zone" error={fields.timezone}>{(p) => <Select {...p} disabled={readOnly} value={f.timezone} onChange={(e) => setF({ ...f, timezone: e.target.value })}>{(ZONES.includes(f.timezone) ? ZONES : [f.timezone, ...ZONES]).map((z) => <option key={z} value={z}>{z}</option>)}</Select>}</Field>
        <Field label="In the app, to" error={fields.audience}>{(p) => <Select {...p} disabled={readOnly} value={f.audience} onChange={(e) => setF({ ...f, audience: e.target.value as WeeklyBriefSettings['audience'] })}><option value="managers">Managers and admins</option><option value="everyone">Everyone</option></Select>}</Field>
        <div className="flex items-end">{!readOnly && <Button type="submit" variant="primary" loading={busy}>Save</Button>}</div>
      </form>
    </Card>
  );
}

function ChannelRow({ c, admin }: { c: NotificationChannel; admin: boolean }) {
  const qc = useQueryClient();
  const [testing, setTesting] = useState(false);
  const Icon = ICON[c.kind];
  const refresh = () => qc.invalidateQueries({ queryKey: briefKeys.channels });
  async function test() {
    setTesting(true);
    try {
      const r = await api.post<{ ok: boolean; error: string | null }>(`/api/v1/notification-channels/${c.id}/test`);
      if (r.ok) toast.success(`Test message sent to ${c.name}`);
      else toast.error(r.error ?? 'Not delivered');
      await refresh();
    } catch (e) {
      toast.error(e instanceof Error ? e.message : 'Not sent');
    } finally {
      setTesting(false);
    }
  }
  async function toggle() {
    try {
      await api.patch(`/api/v1/notification-channels/${c.id}`, { enabled: !c.enabled });
      await refresh();
    } catch (e) {
      toast.error(e instanceof Error ? e.message : 'Not changed');
    }
  }
  async function remove() {
    if (!confirm(`Remove the channel "${c.name}"?`)) return;
    try {
      await api.del(`/api/v1/notification-channels/${c.id}`);
      await refresh();
      toast.success('Channel removed');
    } catch (e) {
      toast.error(e instanceof Error ? e.message : 'Not removed');
    }
  }
  const where = c.kind === 'email' ? c.config.recipients?.join(', ') : c.kind === 'telegram' ? `chat ${c.config.chatId}` : c.config.url;
  return (
    <li className="flex flex-wrap items-center gap-3 px-4 py-2.5 text-sm" data-testid="channel">
      <Icon aria-hidden className="h-4 w-4 text-muted" />
      <div className="min-w-0 flex-1">
        <span className="font-medium">{c.name}</span> {!c.enabled && <Badge>off</Badge>}
        <span className="block truncate text-xs text-muted">{where}</span>
        {c.lastError && <span className="block text-xs text-red-700 dark:text-red-400">Last error {c.lastErrorAt ? new Date(c.lastErrorAt).toLocaleString() : ''}: {c.lastError}</span>}
        {c.lastSuccessAt && <span className="block text-xs text-green-700 dark:text-green-400">Last delivered {new Date(c.lastSuccessAt).toLocaleString()}</span>}
      </div>
      {admin && (
        <div className="flex items-center gap-1.5">
          <Button size="sm" onClick={() => void test()} loading={testing}><Send aria-hidden className="h-3.5 w-3.5" /> Test</Button>
          <Button size="sm" variant="ghost" onClick={() => void toggle()}>{c.enabled ? 'Turn off' : 'Turn on'}</Button>
          <Button size="sm" variant="ghost" onClick={() => void remove()} aria-label={`Remove ${c.name}`}><Trash2 aria-hidden className="h-3.5 w-3.5" /></Button>
        </div>
      )}
    </li>
  );
}

function AddChannel() {
  const qc = useQueryClient();
  const [kind, setKind] = useState<'email' | 'telegram' | 'webhook'>('email');
  const [f, setF] = useState({ name: '', recipients: '', botToken: '', chatId: '', url: '' });
  const [secret, setSecret] = useState<string | null>(null);
  const { busy, error, fields, run } = useAsyncForm();
  function submit(e: FormEvent) {
    e.preventDefault();
    void run(async () => {
      const body = kind === 'email' ? { kind, name: f.name, recipients: f.recipients.split(/[\s,;]+/).filter(Boolean) } : kind === 'telegram' ? { kind, name: f.name, botToken: f.botToken, chatId: f.chatId } : { kind, name: f.name, url: f.url };
      const created = await api.post<NotificationChannel>('/api/v1/notification-channels', body);
      await qc.invalidateQueries({ queryKey: briefKeys.channels });
      setSecret(created.secret ?? null);
      setF({ name: '', recipients: '', botToken: '', chatId: '', url: '' });
      toast.success(`Channel "${created.name}" added`);
    });
  }
  return (
    <form className="grid gap-3 border-t border-default p-4 sm:grid-cols-4" onSubmit={submit} aria-label="Add a channel">
      <div className="sm:col-span-4"><FormError message={error} /></div>
      {secret && (
        <Alert tone="warning" className="sm:col-span-4" title="Signing secret — shown once">
          <code className="break-all">{secret}</code>
          <span className="block text-xs">Check <code>X-Flywheel-Signature: sha256=HMAC(secret, timestamp + "." + body)</code> with <code>X-Flywheel-Timestamp</code> on your side.</span>
        </Alert>
      )}
      <Field label="Kind">{(p) => <Select {...p} value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}><option value="email">Email</option><option value="telegram">Telegram bot</option><option value="webhook">Webhook</option></Select>}</Field>
      <Field label="Name" error={fields.name}>{(p) => <Input {...p} value={f.name} onChange={(e) => setF({ ...f, name: e.target.value })} placeholder={kind === 'email' ? 'Founders' : kind === 'telegram' ? 'Sales chat' : 'Ops webhook'} />}</Field>
      {kind === 'email' && <Field label="Recipients" error={fields.recipients} hint="Comma-separated">{(p) => <Input {...p} value={f.recipients} onChange={(e) => setF({ ...f, recipients: e.target.value })} placeholder="ceo@example.com, sales@example.com" />}</Field>}
      {kind === 'telegram' && (
        <>
          <Field label="Bot token" error={fields.botToken} hint="From @BotFather; write-only">{(p) => <Input {...p} type="password" autoComplete="new-password" value={f.botToken} onChange={(e) => setF({ ...f, botToken: e.target.value })} />}</Field>
          <Field label="Chat id" error={fields.chatId} hint="Add the bot to the chat first">{(p) => <Input {...p} value={f.chatId} onChange={(e) => setF({ ...f, chatId: e.target.value })} placeholder="-1001234567890" />}</Field>
        </>
      )}
      {kind === 'webhook' && <Field label="URL" error={fields.url} hint="Receives a signed JSON POST">{(p) => <Input {...p} value={f.url} onChange={(e) => setF({ ...f, url: e.target.value })} placeholder="https://example.com/hooks/flywheel" />}</Field>}
      <div className="flex items-end sm:col-span-4"><Button type="submit" variant="primary" loading={busy} disabled={!f.name}>Add channel</Button></div>
    </form>
  );
}
