import { useState, type FormEvent } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { CheckCircle2, PlugZap, XCircle } from 'lucide-react';
import { toast } from 'sonner';
import type { AiSettings as Settings, AiTestResult } from '@flywheel/contracts';
import { api } from '../../app/api.ts';
import { hasRole, useMe } from '../../app/session.tsx';
import { useAsyncForm } from '../../app/useAsyncForm.ts';
import { Alert, Badge, Button, Card, CardHeader, Field, Input, RelativeTime, Skeleton } from '../../ui/index.ts';
import { FormError } from '../auth/AuthShell.tsx';

const URL_BASE = '/api/v1/settings/ai';
const KEY = ['settings', 'ai'] as const;

const PRESETS = [
  { label: 'OpenAI', baseUrl: 'https://api.openai.com/v1', model: 'gpt-4o-mini' },
  { label: 'Ollama (this machine)', baseUrl: 'http://localhost:11434/v1', model: 'llama3.1' },
  { label: 'vLLM', baseUrl: 'http://localhost:8000/v1', model: '' },
];

/** Settings → AI: the offline analyzer by default, or any OpenAI-compatible endpoint with JSON-schema outputs. */
export function AiSettings() {
  const me = useMe();
  const admin = hasRole(me.data, 'admin');
  const s = useQuery({ queryKey: KEY, queryFn: () => api.get<Settings>(URL_BASE), enabled: admin });
  if (!admin) return <p className="text-sm text-muted">Only admins can change the AI settings.</p>;
  if (s.isLoading) return <Skeleton className="h-96 w-full" />;
  if (s.isError || !s.data) return <Alert tone="error" title="Could not load AI settings">{s.error?.message}</Alert>;
  return <AiForms s={s.data} />;
}

function AiForms({ s }: { s: Settings }) {
  const qc = useQueryClient();
  const [f, setF] = useState({ baseUrl: s.baseUrl ?? '', model: s.model ?? '', apiKey: '', timeoutSec: String(Math.round(s.timeoutMs / 1000)) });
  const { busy, error, fields, run } = useAsyncForm();
  const [testing, setTesting] = useState(false);
  const [test, setTest] = useState<AiTestResult | null>(null);
  const timeoutMs = Number(f.timeoutSec) * 1000;
  const body = () => ({ baseUrl: f.baseUrl.trim(), model: f.model.trim(), ...(f.apiKey ? { apiKey: f.apiKey } : {}), ...(f.timeoutSec ? { timeoutMs } : {}) });

  function saved(next: Settings, msg: string) {
    qc.setQueryData(KEY, next);
    toast.success(msg);
  }
  function submit(e: FormEvent) {
    e.preventDefault();
    void run(async () => {
      saved(await api.put<Settings>(URL_BASE, body()), 'AI endpoint saved');
      setF((x) => ({ ...x, apiKey: '' }));
    });
  }
  async function testConnection() {
    setTesting(true);
    setTest(null);
    try {
      // unsaved values from the form are tested as typed; empty fields fall back to the saved ones
      const b = { ...(f.baseUrl.trim() ? { baseUrl: f.baseUrl.trim() } : {}), ...(f.model.trim() ? { model: f.model.trim() } : {}), ...(f.apiKey ? { apiKey: f.apiKey } : {}), ...(f.timeoutSec ? { timeoutMs } : {}) };
      setTest(await api.post<AiTestResult>(`${URL_BASE}/test`, b));
    } catch (e) {
      setTest({ ok: false, model: null, latencyMs: 0, message: e instanceof Error ? e.message : 'The test failed.' });
    } finally {
      setTesting(false);
    }
  }
  async function remove() {
    if (!confirm('Remove the AI endpoint and its key? The offline analyzer answers again.')) return;
    try {
      saved(await api.del<Settings>(URL_BASE), 'AI endpoint removed');
      setF({ baseUrl: '', model: '', apiKey: '', timeoutSec: '30' });
      setTest(null);
    } catch (e) {
      toast.error(e instanceof Error ? e.message : 'Not removed');
    }
  }

  return (
    <div className="space-y-4">
      <Card>
        <CardHeader
          title="AI analysis"
          subtitle="Review suggestions (tags, rubric scores, objections, evidence moments) and call analysis."
          actions={<Badge tone={s.mode === 'live' ? 'green' : 'amber'}>{s.mode === 'live' ? `Live · ${s.provider}` : 'Offline analyzer'}</Badge>}
        />
        <div className="space-y-2 p-4 text-sm">
          {s.mode === 'offline' ? (
            <p>
              The built-in <strong>offline analyzer</strong> answers now: sales lexicons and rules over the transcript, no account, nothing leaves this server. Connect a model below for
              richer suggestions; if it ever fails, the offline analyzer answers instead and says why.
            </p>
          ) : (
            <p>
              Suggestions come from <strong>{s.model}</strong> at <code className="break-all text-xs">{s.baseUrl}</code>. Quotes the model cites are checked against the transcript; anything it cannot back is dropped.
            </p>
          )}
          {s.health && (s.health.lastSuccessAt || s.health.lastErrorAt) && (
            <p className="text-xs text-muted">
              {s.health.lastSuccessAt && <>Last answer <RelativeTime date={s.health.lastSuccessAt} />. </>}
              {s.health.lastErrorAt && <>Last error <RelativeTime date={s.health.lastErrorAt} />: {s.health.lastError}</>}
            </p>
          )}
        </div>
      </Card>

      <Card>
        <CardHeader
          title="OpenAI-compatible endpoint"
          subtitle={s.configured ? `Configured${s.apiKeySet ? ' · API key stored encrypted' : ' · no API key'}` : 'Not configured'}
          actions={s.configured && <Button size="sm" variant="ghost" onClick={() => void remove()}>Remove</Button>}
        />
        <form className="grid gap-3 p-4 sm:grid-cols-2" onSubmit={submit}>
          {error && <div className="sm:col-span-2"><FormError message={error} /></div>}
          <div className="flex flex-wrap items-center gap-2 sm:col-span-2 text-xs text-muted">
            Presets:
            {PRESETS.map((p) => (
              <Button key={p.label} size="sm" variant="ghost" onClick={() => setF((x) => ({ ...x, baseUrl: p.baseUrl, model: p.model || x.model }))}>{p.label}</Button>
            ))}
          </div>
          <Field label="Base URL" error={fields.baseUrl} hint="Up to /v1; requests go to …/chat/completions.">
            {(p) => <Input {...p} value={f.baseUrl} onChange={(e) => setF({ ...f, baseUrl: e.target.value })} placeholder="https://api.openai.com/v1" autoComplete="off" inputMode="url" />}
          </Field>
          <Field label="Model" error={fields.model} hint="Must support JSON-schema outputs.">
            {(p) => <Input {...p} value={f.model} onChange={(e) => setF({ ...f, model: e.target.value })} placeholder="gpt-4o-mini" autoComplete="off" />}
          </Field>
          <Field label="API key" error={fields.apiKey} hint={s.apiKeySet ? 'Stored; type a new one to replace it.' : 'Write-only: never shown again. Local servers may need none.'}>
            {(p) => <Input {...p} type="password" value={f.apiKey} onChange={(e) => setF({ ...f, apiKey: e.target.value })} autoComplete="new-password" placeholder={s.apiKeySet ? '••••••••' : 'sk-…'} />}
          </Field>
          <Field label="Timeout (seconds)" error={fields.timeoutMs}>
            {(p) => <Input {...p} type="number" min={1} max={120} value={f.timeoutSec} onChange={(e) => setF({ ...f, timeoutSec: e.target.value })} />}
          </Field>
          {test && (
            <div className="sm:col-span-2" role="status">
              <div className={test.ok ? 'flex items-start gap-2 rounded-md border border-green-200 bg-green-50 p-2 text-sm text-green-800 dark:border-green-800 dark:bg-green-900/30 dark:text-green-300' : 'flex items-start gap-2 rounded-md border border-red-200 bg-red-50 p-2 text-sm text-red-800 dark:border-red-800 dark:bg-red-900/30 dark:text-red-300'}>
                {test.ok ? <CheckCircle2 aria-hidden className="mt-0.5 h-4 w-4 shrink-0" /> : <XCircle aria-hidden className="mt-0.5 h-4 w-4 shrink-0" />}
                <span>{test.message}</span>
              </div>
            </div>
          )}
          <div className="flex flex-wrap gap-2 sm:col-span-2">
            <Button type="submit" variant="primary" loading={busy} disabled={!f.baseUrl.trim() || !f.model.trim()}>{s.configured ? 'Save changes' : 'Use this endpoint'}</Button>
            <Button onClick={() => void testConnection()} loading={testing} disabled={!(f.baseUrl.trim() || s.baseUrl) || !(f.model.trim() || s.model)}>
              {!testing && <PlugZap aria-hidden className="h-3.5 w-3.5" />} Test connection
            </Button>
          </div>
        </form>
      </Card>
    </div>
  );
}
