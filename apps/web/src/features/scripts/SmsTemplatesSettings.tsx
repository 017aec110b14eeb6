import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { toast } from 'sonner';
import { Archive, ArchiveRestore, MessageSquare, Pencil, Plus, Trash2 } from 'lucide-react';
import { SCRIPT_VARIABLES, SMS_BODY_MAX, type SmsTemplate } from '@flywheel/contracts';
import { ApiError, api } from '../../app/api.ts';
import { hasRole, useMe } from '../../app/session.tsx';
import { Alert, Badge, Button, Card, CardHeader, Checkbox, EmptyState, Field, Input, Kbd, Select, Skeleton, Textarea } from '../../ui/index.ts';
import { messagingKeys, useMessagingSettings, useSmsTemplates, type MessagingSettingsView } from '../messaging/api.ts';
import { SegmentCounter } from '../messaging/SegmentCounter.tsx';
import { LeadPicker, type PickedLead } from './LeadPicker.tsx';

interface Draft { name: string; category: string; body: string }
const EMPTY: Draft = { name: '', category: 'general', body: '' };
const TEN_DLC_TONE: Record<string, 'green' | 'amber' | 'red' | 'neutral'> = { approved: 'green', pending: 'amber', rejected: 'red', none: 'neutral' };

function TemplateEditor({ template, onDone }: { template: SmsTemplate | null; onDone: () => void }) {
  const qc = useQueryClient();
  const [draft, setDraft] = useState<Draft>(template ? { name: template.name, category: template.category, body: template.body } : EMPTY);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [lead, setLead] = useState<PickedLead | null>(null);
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  const [debounced, setDebounced] = useState(draft.body);
  useEffect(() => {
    const t = setTimeout(() => setDebounced(draft.body), 250);
    return () => clearTimeout(t);
  }, [draft.body]);
  const preview = useQuery({
    queryKey: ['sms-template-preview', lead?.id, debounced],
    queryFn: () => api.post<{ body: string; missing: string[] }>('/api/v1/sms-templates/preview', { leadId: lead?.id, body: debounced }),
    enabled: !!lead && debounced.trim().length > 0,
  });

  const save = useMutation({
    mutationFn: () => (template ? api.patch<SmsTemplate>(`/api/v1/sms-templates/${template.id}`, draft) : api.post<SmsTemplate>('/api/v1/sms-templates', draft)),
    onSuccess: (t) => {
      toast.success(`“${t.name}” saved`);
      void qc.invalidateQueries({ queryKey: ['sms-templates'] });
      onDone();
    },
    onError: (e: Error) => {
      setErrors(e instanceof ApiError ? e.fields : {});
      toast.error(e.message);
    },
  });

  function insertVariable(v: string) {
    const el = bodyRef.current;
    const token = `{${v}}`;
    const start = el?.selectionStart ?? draft.body.length;
    const end = el?.selectionEnd ?? draft.body.length;
    const body = draft.body.slice(0, start) + token + draft.body.slice(end);
    setDraft({ ...draft, body });
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(start + token.length, start + token.length);
    });
  }

  function onKey(e: KeyboardEvent) {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      if (!save.isPending) save.mutate();
    } else if (e.key === 'Escape') onDone();
  }

  return (
    <Card onKeyDown={onKey} data-testid="sms-template-editor">
      <CardHeader title={template ? `Edit “${template.name}”` : 'New SMS template'} actions={<Button size="sm" variant="ghost" onClick={onDone}>Cancel <Kbd>Esc</Kbd></Button>} />
      <div className="space-y-3 p-4">
        <div className="grid gap-3 sm:grid-cols-[2fr_1fr]">
          <Field label="Name" error={errors.name}>{(p) => <Input {...p} autoFocus value={draft.name} maxLength={120} onChange={(e) => setDraft({ ...draft, name: e.target.value })} />}</Field>
          <Field label="Category" error={errors.category}>{(p) => <Input {...p} value={draft.category} maxLength={40} onChange={(e) => setDraft({ ...draft, category: e.target.value })} />}</Field>
        </div>
        <Field label="Message" error={errors.body}>
          {(p) => <Textarea {...p} ref={bodyRef} rows={5} value={draft.body} maxLength={SMS_BODY_MAX} onChange={(e) => setDraft({ ...draft, body: e.target.value })} placeholder="Hi {FirstName}, this is {RepFirstName} — sorry I missed you…" />}
        </Field>
        <div className="flex flex-wrap gap-1" aria-label="Insert a variable">
          {SCRIPT_VARIABLES.map((v) => (
            <button key={v} type="button" className="rounded-full border border-default bg-panel-2 px-2 py-0.5 font-mono text-xs hover:bg-brand-50 dark:hover:bg-brand-700/20" onClick={() => insertVariable(v)}>
              {`{${v}}`}
            </button>
          ))}
        </div>
        <SegmentCounter body={draft.body} />
        <div className="space-y-2 rounded-md border border-default p-3">
          <div className="flex items-center justify-between gap-2">
            <span className="text-xs font-medium text-muted">Preview with a lead</span>
            <div className="w-64"><LeadPicker value={lead} onChange={setLead} /></div>
          </div>
          {lead && (preview.isFetching && !preview.data ? <Skeleton className="h-10 w-full" /> : preview.data && (
            <div>
              <p className="whitespace-pre-wrap rounded-2xl rounded-br-sm bg-brand-600 px-3 py-2 text-sm text-white" data-testid="sms-preview">{preview.data.body}</p>
              <SegmentCounter body={preview.data.body} className="mt-1" />
              {preview.data.missing.length > 0 && <p className="mt-1 text-xs text-amber-700 dark:text-amber-300">No value for {preview.data.missing.map((m) => `{${m}}`).join(', ')} on this lead: a text to them cannot be sent until it is edited.</p>}
            </div>
          ))}
          {preview.isError && <p className="text-xs text-red-700">{(preview.error as Error).message}</p>}
        </div>
        <div className="flex justify-end gap-2">
          <Button variant="primary" loading={save.isPending} disabled={!draft.name.trim() || !draft.body.trim()} onClick={() => save.mutate()}>
            Save <Kbd>Ctrl↵</Kbd>
          </Button>
        </div>
      </div>
    </Card>
  );
}

function AutoSmsSettings({ settings, templates, manager }: { settings: MessagingSettingsView; templates: SmsTemplate[]; manager: boolean }) {
  const qc = useQueryClient();
  const [form, setForm] = useState(settings);
  useEffect(() => setForm(settings), [settings]);
  const dirty = JSON.stringify(form) !== JSON.stringify(settings);
  const save = useMutation({
    mutationFn: () => api.put<MessagingSettingsView>('/api/v1/settings/messaging', { helpText: form.helpText, autoExhausted: form.autoExhausted, autoMissedCall: form.autoMissedCall }),
    onSuccess: (s) => { qc.setQueryData(messagingKeys.settings, s); toast.success('Messaging settings saved'); },
    onError: (e: Error) => toast.error(e.message),
  });
  const rule = (key: 'autoExhausted' | 'autoMissedCall', label: string, hint: string) => (
    <div className="grid items-center gap-2 sm:grid-cols-[1fr_1fr]">
      <label className="flex items-start gap-2 text-sm">
        <Checkbox checked={form[key].enabled} disabled={!manager} onChange={(e) => setForm({ ...form, [key]: { ...form[key], enabled: e.target.checked } })} />
        <span><span className="font-medium">{label}</span><span className="block text-xs text-muted">{hint}</span></span>
      </label>
      <Select aria-label={`${label} template`} value={form[key].templateId ?? ''} disabled={!manager} onChange={(e) => setForm({ ...form, [key]: { ...form[key], templateId: e.target.value || null } })}>
        <option value="">Choose a template…</option>
        {templates.filter((t) => t.active || t.id === form[key].templateId).map((t) => <option key={t.id} value={t.id}>{t.name}</option>)}
      </Select>
    </div>
  );
  return (
    <Card>
      <CardHeader
        title="Auto-SMS and replies"
        subtitle={<>10DLC registration: <Badge tone={TEN_DLC_TONE[settings.tenDlcStatus] ?? 'neutral'}>{settings.tenDlcStatus}</Badge> · provider: {settings.provider ?? 'not configured'}</>}
      />
      <div className="space-y-4 p-4">
        {settings.tenDlcStatus !== 'approved' && <Alert tone="info">No text is sent — manual or automatic — until the 10DLC registration is marked approved in Settings → Compliance.</Alert>}
        {rule('autoExhausted', 'After attempts are exhausted', 'The power dialer texts a lead once it gave up calling (at most once a day).')}
        {rule('autoMissedCall', 'After a missed inbound call', 'Texts back a lead whose call nobody answered (at most once a day).')}
        <Field label="HELP / INFO reply" hint="Sent to anyone who texts HELP or INFO: say who you are and how to opt out.">
          {(p) => <Textarea {...p} rows={2} maxLength={320} value={form.helpText} disabled={!manager} onChange={(e) => setForm({ ...form, helpText: e.target.value })} />}
        </Field>
        <p className="text-xs text-muted">STOP, STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT, OPTOUT and REVOKE opt a number out with one confirmation; START, UNSTOP and YES opt it back in.</p>
        {manager && (
          <div className="flex justify-end gap-2">
            <Button variant="ghost" disabled={!dirty} onClick={() => setForm(settings)}>Reset</Button>
            <Button variant="primary" disabled={!dirty} loading={save.isPending} onClick={() => save.mutate()}>Save</Button>
          </div>
        )}
      </div>
    </Card>
  );
}

/** Settings → SMS templates: the team's texts with variables and a segment counter, which ones auto-SMS uses, the HELP reply. */
export function SmsTemplatesSettings() {
  const me = useMe();
  const qc = useQueryClient();
  const manager = hasRole(me.data, 'manager');
  const [showArchived, setShowArchived] = useState(false);
  const [editing, setEditing] = useState<{ template: SmsTemplate | null } | null>(null);
  const list = useSmsTemplates(showArchived);
  const allTemplates = useSmsTemplates(true);
  const settings = useMessagingSettings();
  const refresh = () => void qc.invalidateQueries({ queryKey: ['sms-templates'] });
  const patch = useMutation({
    mutationFn: (t: SmsTemplate) => api.patch<SmsTemplate>(`/api/v1/sms-templates/${t.id}`, { active: !t.active }),
    onSuccess: (t) => { toast.success(t.active ? `“${t.name}” restored` : `“${t.name}” archived`); refresh(); },
    onError: (e: Error) => toast.error(e.message),
  });
  const remove = useMutation({
    mutationFn: (t: SmsTemplate) => api.del(`/api/v1/sms-templates/${t.id}`),
    onSuccess: (_r, t) => { toast.success(`“${t.name}” deleted`); refresh(); },
    onError: (e: Error) => toast.error(e.message),
  });

  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      const el = e.target as HTMLElement | null;
      if (!manager || editing || e.key.toLowerCase() !== 'n' || e.metaKey || e.ctrlKey || e.altKey) return;
      if (el && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName))) return;
      e.preventDefault();
      setEditing({ template: null });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [manager, editing]);

  const rows = list.data?.data ?? [];
  const usedBy = (id: string) => {
    const s = settings.data;
    return [s?.autoExhausted.enabled && s.autoExhausted.templateId === id && 'auto-SMS: exhausted', s?.autoMissedCall.enabled && s.autoMissedCall.templateId === id && 'auto-SMS: missed call'].filter(Boolean) as string[];
  };

  return (
    <div className="space-y-4">
      <Card>
        <CardHeader
          title="SMS templates"
          subtitle="Reusable texts with {FirstName}-style variables, filled from the lead when sent."
          actions={
            <>
              <label className="flex items-center gap-1 text-xs text-muted"><Checkbox checked={showArchived} onChange={(e) => setShowArchived(e.target.checked)} /> Show archived</label>
              {manager && <Button size="sm" variant="primary" onClick={() => setEditing({ template: null })}><Plus className="h-4 w-4" /> New <Kbd>N</Kbd></Button>}
            </>
          }
        />
        {list.isLoading ? (
          <div className="space-y-2 p-4"><Skeleton className="h-10 w-full" /><Skeleton className="h-10 w-full" /></div>
        ) : list.isError ? (
          <div className="p-4"><Alert tone="error">Could not load the templates.</Alert></div>
        ) : rows.length === 0 ? (
          <div className="p-4">
            <EmptyState icon={<MessageSquare className="h-5 w-5" />} title="No SMS templates yet" action={manager ? <Button variant="primary" onClick={() => setEditing({ template: null })}>Create a template</Button> : undefined}>
              Templates make follow-up texts one click, and power the auto-SMS after exhausted attempts or a missed call.
            </EmptyState>
          </div>
        ) : (
          <ul className="divide-y divide-[var(--border)]" data-testid="sms-template-list">
            {rows.map((t) => (
              <li key={t.id} className="flex items-start gap-3 px-4 py-3">
                <div className="min-w-0 flex-1">
                  <div className="flex flex-wrap items-center gap-2">
                    <span className="font-medium">{t.name}</span>
                    <Badge>{t.category}</Badge>
                    {!t.active && <Badge tone="amber">archived</Badge>}
                    {usedBy(t.id).map((u) => <Badge key={u} tone="brand">{u}</Badge>)}
                  </div>
                  <p className="mt-1 line-clamp-2 whitespace-pre-wrap text-sm text-muted">{t.body}</p>
                  <SegmentCounter body={t.body} className="mt-1" />
                </div>
                {manager && (
                  <div className="flex shrink-0 gap-1">
                    <Button size="sm" variant="ghost" aria-label={`Edit ${t.name}`} onClick={() => setEditing({ template: t })}><Pencil className="h-4 w-4" /></Button>
                    <Button size="sm" variant="ghost" aria-label={t.active ? `Archive ${t.name}` : `Restore ${t.name}`} onClick={() => patch.mutate(t)}>
                      {t.active ? <Archive className="h-4 w-4" /> : <ArchiveRestore className="h-4 w-4" />}
                    </Button>
                    <Button size="sm" variant="ghost" aria-label={`Delete ${t.name}`} onClick={() => { if (confirm(`Delete “${t.name}” for good? Texts sent from it keep their words.`)) remove.mutate(t); }}>
                      <Trash2 className="h-4 w-4" />
                    </Button>
                  </div>
                )}
              </li>
            ))}
          </ul>
        )}
      </Card>
      {editing && <TemplateEditor key={editing.template?.id ?? 'new'} template={editing.template} onDone={() => setEditing(null)} />}
      {settings.data ? <AutoSmsSettings settings={settings.data} templates={allTemplates.data?.data ?? []} manager={manager} /> : settings.isLoading ? <Skeleton className="h-40 w-full" /> : null}
    </div>
  );
}
