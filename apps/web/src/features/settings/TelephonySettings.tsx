import { useState, type FormEvent } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Copy } from 'lucide-react';
import { toast } from 'sonner';
import type { TelephonySettings as Settings } from '@flywheel/contracts';
import { api } from '../../app/api.ts';
import { hasRole, useMe } from '../../app/session.tsx';
import { useAsyncForm } from '../../app/useAsyncForm.ts';
import { Alert, Badge, Button, Card, CardHeader, Field, Input, Skeleton, Table, Td, Th, cn } from '../../ui/index.ts';
import { FormError } from '../auth/AuthShell.tsx';

const URL_BASE = '/api/v1/settings/telephony';
const KEY = ['settings', 'telephony'] as const;

/** Settings → Telephony: who places calls, the webhook URLs partners need, and their credentials. */
export function TelephonySettings() {
  const me = useMe();
  const admin = hasRole(me.data, 'admin');
  const s = useQuery({ queryKey: KEY, queryFn: () => api.get<Settings>(URL_BASE), enabled: admin });
  if (!admin) return <p className="text-sm text-muted">Only admins can change telephony settings.</p>;
  if (s.isLoading) return <Skeleton className="h-96 w-full" />;
  if (s.isError || !s.data) return <Alert tone="error" title="Could not load telephony settings">{s.error?.message}</Alert>;
  return <TelephonyForms s={s.data} />;
}

function useSave() {
  const qc = useQueryClient();
  return (next: Settings, msg: string) => {
    qc.setQueryData(KEY, next);
    toast.success(msg);
  };
}

function TelephonyForms({ s }: { s: Settings }) {
  const saved = useSave();
  const [busy, setBusy] = useState(false);
  async function choose(adapter: 'sandbox' | 'twilio') {
    setBusy(true);
    try {
      saved(await api.put<Settings>(`${URL_BASE}/mode`, { adapter }), adapter === 'twilio' ? 'Calls now go through Twilio' : 'Calls now go through the Sandbox');
    } catch (e) {
      toast.error(e instanceof Error ? e.message : 'Not changed');
    } finally {
      setBusy(false);
    }
  }
  return (
    <div className="space-y-4">
      <Card>
        <CardHeader title="Provider" subtitle="Who places the Dialer's calls." actions={<Badge tone={s.mode === 'live' ? 'green' : s.mode === 'sandbox' ? 'amber' : 'red'}>{s.mode === 'live' ? 'Live' : s.mode === 'sandbox' ? 'Sandbox' : 'Not configured'}</Badge>} />
        <div role="radiogroup" aria-label="Telephony provider" className="grid gap-2 p-4 sm:grid-cols-2">
          {(['sandbox', 'twilio'] as const).map((a) => (
            <button
              key={a}
              type="button"
              role="radio"
              aria-checked={s.adapter === a}
              disabled={busy || (a === 'twilio' && !s.twilio)}
              onClick={() => void choose(a)}
              className={cn('rounded-lg border p-3 text-left text-sm disabled:opacity-50', s.adapter === a ? 'border-brand-600 ring-2 ring-brand-500/40' : 'border-default hover:bg-panel-2')}
            >
              <span className="font-semibold">{a === 'sandbox' ? 'Sandbox' : 'Twilio'}</span>
              <span className="block text-xs text-muted">{a === 'sandbox' ? 'A simulated carrier: realistic calls, no account, no charges.' : s.twilio ? `Account ${s.twilio.accountSid}` : 'Connect an account below first.'}</span>
            </button>
          ))}
        </div>
        {s.reason && <Alert tone="warning" className="mx-4 mb-4">{s.reason}</Alert>}
      </Card>
      <WebhookUrls urls={s.webhookUrls} />
      <TwilioForm s={s} />
      {s.twilio && <BrowserCallingForm s={s} />}
      <OpenPhoneForm s={s} />
      <Card>
        <CardHeader title="Sandbox test numbers" subtitle={`Any number ending in these four digits has a fixed fate. Caller id ${s.sandbox.callerId}; calls play at ${s.sandbox.timeScale === 1 ? 'real time' : `${s.sandbox.timeScale}× real time`}.`} />
        <Table aria-label="Sandbox test numbers">
          <thead><tr><Th>Ends in</Th><Th>Example</Th><Th>What happens</Th></tr></thead>
          <tbody>
            {s.sandbox.magicNumbers.map((m) => (
              <tr key={m.suffix}><Td className="font-mono">{m.suffix}</Td><Td className="font-mono">{m.example}</Td><Td>{m.behaviour}</Td></tr>
            ))}
          </tbody>
        </Table>
      </Card>
    </div>
  );
}

function WebhookUrls({ urls }: { urls: Settings['webhookUrls'] }) {
  const rows: [string, string, string][] = [
    ['Twilio voice status callback', urls.twilioVoice, 'Twilio number → Voice → Call status changes'],
    ['Twilio recording callback', urls.twilioRecording, 'Sent with each recorded call'],
    ['Twilio TwiML (outbound calls)', urls.twilioTwiml, 'Used by the app when it places calls'],
    ['OpenPhone webhook', urls.openphone, 'OpenPhone → Integrations → Webhooks: call.completed, recording, transcript, summary'],
  ];
  return (
    <Card>
      <CardHeader title="Webhook URLs" subtitle="Paste these into your provider's console. Requests must be signed; unsigned ones are refused." />
      <ul className="divide-y divide-[var(--border)]">
        {rows.map(([label, url, hint]) => (
          <li key={label} className="flex flex-wrap items-center justify-between gap-2 px-4 py-2">
            <div className="min-w-0">
              <div className="text-sm font-medium">{label}</div>
              <code className="block break-all text-xs">{url}</code>
              <div className="text-xs text-muted">{hint}</div>
            </div>
            <Button size="sm" aria-label={`Copy ${label}`} onClick={() => void navigator.clipboard.writeText(url).then(() => toast.success('Copied'), () => toast.error('Copy failed — select the URL instead'))}>
              <Copy aria-hidden className="h-3.5 w-3.5" /> Copy
            </Button>
          </li>
        ))}
      </ul>
    </Card>
  );
}

function TwilioForm({ s }: { s: Settings }) {
  const saved = useSave();
  const [f, setF] = useState({ accountSid: s.twilio?.accountSid ?? '', authToken: '', callerId: s.twilio?.callerId ?? '' });
  const { busy, error, fields, run } = useAsyncForm();
  function submit(e: FormEvent) {
    e.preventDefault();
    void run(async () => {
      saved(await api.put<Settings>(`${URL_BASE}/twilio`, f), 'Twilio connected');
      setF((x) => ({ ...x, authToken: '' }));
    });
  }
  async function disconnect() {
    if (!confirm('Disconnect Twilio? Calls go through the Sandbox again.')) return;
    try {
      saved(await api.del<Settings>(`${URL_BASE}/twilio`), 'Twilio disconnected');
    } catch (e) {
      toast.error(e instanceof Error ? e.message : 'Not disconnected');
    }
  }
  return (
    <Card>
      <CardHeader title="Twilio" subtitle={s.twilio ? `Connected${s.twilio.authTokenSet ? ' · auth token stored encrypted' : ''}` : 'Not connected'} actions={s.twilio && <Button size="sm" variant="ghost" onClick={() => void disconnect()}>Disconnect</Button>} />
      <form className="grid gap-3 p-4 sm:grid-cols-3" onSubmit={submit}>
        <div className="sm:col-span-3"><FormError message={error} /></div>
        <Field label="Account SID" error={fields.accountSid}>{(p) => <Input {...p} value={f.accountSid} onChange={(e) => setF({ ...f, accountSid: e.target.value })} placeholder="AC…" autoComplete="off" />}</Field>
        <Field label="Auth token" error={fields.authToken} hint={s.twilio?.authTokenSet ? 'Stored; type a new one to replace it.' : 'Write-only: never shown again.'}>
          {(p) => <Input {...p} type="password" value={f.authToken} onChange={(e) => setF({ ...f, authToken: e.target.value })} autoComplete="new-password" />}
        </Field>
        <Field label="Caller id" error={fields.callerId}>{(p) => <Input {...p} value={f.callerId} onChange={(e) => setF({ ...f, callerId: e.target.value })} placeholder="+14155552671" />}</Field>
        <div className="sm:col-span-3"><Button type="submit" variant="primary" loading={busy} disabled={!f.accountSid || !f.authToken || !f.callerId}>{s.twilio ? 'Update Twilio' : 'Connect Twilio'}</Button></div>
      </form>
    </Card>
  );
}

/** Browser calling (Twilio Voice SDK): the API key that signs each rep's device token, and the TwiML App. */
function BrowserCallingForm({ s }: { s: Settings }) {
  const saved = useSave();
  const current = s.twilio?.voiceSdk ?? null;
  const [f, setF] = useState({ apiKeySid: current?.apiKeySid ?? '', apiKeySecret: '', twimlAppSid: current?.twimlAppSid ?? '' });
  const { busy, error, fields, run } = useAsyncForm();
  function submit(e: FormEvent) {
    e.preventDefault();
    void run(async () => {
      saved(await api.put<Settings>(`${URL_BASE}/twilio/voice-sdk`, { apiKeySid: f.apiKeySid, apiKeySecret: f.apiKeySecret, ...(f.twimlAppSid.trim() ? { twimlAppSid: f.twimlAppSid } : {}) }), 'Browser calling is on');
      setF((x) => ({ ...x, apiKeySecret: '' }));
    });
  }
  async function remove() {
    if (!confirm("Turn browser calling off? Reps' browsers stop receiving calls until a key is set again.")) return;
    try {
      saved(await api.del<Settings>(`${URL_BASE}/twilio/voice-sdk`), 'Browser calling is off');
    } catch (e) {
      toast.error(e instanceof Error ? e.message : 'Not removed');
    }
  }
  return (
    <Card>
      <CardHeader
        title="Browser calling"
        subtitle={current ? `On · key ${current.apiKeySid.slice(0, 8)}… · secret stored encrypted` : "Reps hear and talk in the browser (Twilio Voice SDK). Create an API key in the Twilio console (Account → API keys) and paste it here."}
        actions={current && <Button size="sm" variant="ghost" onClick={() => void remove()}>Turn off</Button>}
      />
      <form className="grid gap-3 p-4 sm:grid-cols-3" onSubmit={submit} aria-label="Browser calling">
        <div className="sm:col-span-3"><FormError message={error} /></div>
        <Field label="API key SID" error={fields.apiKeySid}>{(p) => <Input {...p} value={f.apiKeySid} onChange={(e) => setF({ ...f, apiKeySid: e.target.value })} placeholder="SK…" autoComplete="off" />}</Field>
        <Field label="API key secret" error={fields.apiKeySecret} hint={current?.secretSet ? 'Stored; type it again to change the key.' : 'Shown once by Twilio; write-only here.'}>
          {(p) => <Input {...p} type="password" value={f.apiKeySecret} onChange={(e) => setF({ ...f, apiKeySecret: e.target.value })} autoComplete="new-password" />}
        </Field>
        <Field label="TwiML App SID (optional)" error={fields.twimlAppSid} hint="For calls started from the browser.">{(p) => <Input {...p} value={f.twimlAppSid} onChange={(e) => setF({ ...f, twimlAppSid: e.target.value })} placeholder="AP…" autoComplete="off" />}</Field>
        <div className="sm:col-span-3"><Button type="submit" variant="primary" loading={busy} disabled={!f.apiKeySid || !f.apiKeySecret}>{current ? 'Replace key' : 'Turn on browser calling'}</Button></div>
      </form>
    </Card>
  );
}

function OpenPhoneForm({ s }: { s: Settings }) {
  const saved = useSave();
  const [secret, setSecret] = useState('');
  const [numbers, setNumbers] = useState(s.openphone.phoneNumbers.join(', '));
  const { busy, error, fields, run } = useAsyncForm();
  function submit(e: FormEvent) {
    e.preventDefault();
    const phoneNumbers = numbers.split(/[\s,]+/).filter(Boolean);
    void run(async () => {
      saved(await api.put<Settings>(`${URL_BASE}/openphone`, { signingSecret: secret, phoneNumbers }), 'OpenPhone signing secret saved');
      setSecret('');
    });
  }
  return (
    <Card>
      <CardHeader title="OpenPhone" subtitle={s.openphone.signingSecretSet ? 'Signing secret stored — calls from the OpenPhone app are matched to your leads.' : 'For reps who dial from the OpenPhone app (tel: links).'} />
      <form className="grid gap-3 p-4 sm:grid-cols-2" onSubmit={submit}>
        <div className="sm:col-span-2"><FormError message={error} /></div>
        <Field label="Webhook signing secret" error={fields.signingSecret} hint="Write-only: never shown again.">{(p) => <Input {...p} type="password" value={secret} onChange={(e) => setSecret(e.target.value)} autoComplete="new-password" />}</Field>
        <Field label="Your OpenPhone numbers" error={fields.phoneNumbers} hint="Comma-separated, international format.">{(p) => <Input {...p} value={numbers} onChange={(e) => setNumbers(e.target.value)} placeholder="+14155552671" />}</Field>
        <div className="sm:col-span-2"><Button type="submit" variant="primary" loading={busy} disabled={!secret}>Save</Button></div>
      </form>
    </Card>
  );
}
