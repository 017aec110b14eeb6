import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { toast } from 'sonner';
import type { Message } from '@flywheel/contracts';
import { MessageSquare } from 'lucide-react';
import { Alert, Button, Card, CardHeader, EmptyState, Input, Kbd, RelativeTime, Select, Skeleton, Textarea, cn } from '../../ui/index.ts';
import { ApiError, api } from '../../app/api.ts';
import { useLeadThread, useMessagingSettings, useSendMessage, useSmsTemplates } from './api.ts';
import { SegmentCounter } from './SegmentCounter.tsx';

const STATUS_LABEL: Record<Message['status'], string> = {
  queued: 'Queued', sending: 'Sending', sent: 'Sent', delivered: 'Delivered', undelivered: 'Undelivered', failed: 'Failed', received: 'Received', read: 'Read',
};
const AUTOMATION_LABEL: Record<string, string> = {
  auto_exhausted: 'Auto-SMS · attempts exhausted', auto_missed_call: 'Auto-SMS · missed call', opt_out_confirmation: 'Opt-out confirmation',
  opt_in_confirmation: 'Opt-in confirmation', help_reply: 'HELP reply',
};

function Bubble({ m }: { m: Message }) {
  const out = m.direction === 'out';
  const failed = m.status === 'failed' || m.status === 'undelivered';
  return (
    <li className={cn('flex flex-col', out ? 'items-end' : 'items-start')} data-testid="message" data-direction={m.direction} data-status={m.status}>
      <div
        className={cn(
          'max-w-[85%] whitespace-pre-wrap break-words rounded-2xl px-3 py-2 text-sm',
          out ? 'rounded-br-sm bg-brand-600 text-white' : 'rounded-bl-sm bg-panel-2',
          failed && 'bg-red-100 text-red-900 dark:bg-red-900/40 dark:text-red-200',
        )}
      >
        {m.body || <span className="italic opacity-70">(no text)</span>}
      </div>
      <div className="mt-0.5 flex flex-wrap items-center gap-1 text-[11px] text-muted">
        {m.automation && <span>{AUTOMATION_LABEL[m.automation] ?? m.automation} ·</span>}
        {out && m.sentByName && <span>{m.sentByName} ·</span>}
        <RelativeTime date={m.createdAt} />
        {out && <span className={cn(failed && 'font-medium text-red-700 dark:text-red-300')}>· {STATUS_LABEL[m.status]}</span>}
      </div>
      {failed && m.errorMessage && <div className="max-w-[85%] text-right text-[11px] text-red-700 dark:text-red-300">{m.errorMessage}</div>}
    </li>
  );
}

/** The lead's text thread: bubbles with delivery status, opt-out banner, composer with templates and a segment counter (Ctrl/Cmd+Enter sends). */
export function LeadMessagesCard({ leadId }: { leadId: string }) {
  const thread = useLeadThread(leadId);
  const templates = useSmsTemplates();
  const send = useSendMessage(leadId);
  const [body, setBody] = useState('');
  const [templateId, setTemplateId] = useState('');
  const [error, setError] = useState<string | null>(null);
  const listRef = useRef<HTMLOListElement>(null);
  const settings = useMessagingSettings();
  const [simulating, setSimulating] = useState(false);
  const [reply, setReply] = useState('');
  const [replyBusy, setReplyBusy] = useState(false);
  const data = thread.data;
  const count = data?.data.length ?? 0;

  useEffect(() => {
    const el = listRef.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [count]);

  const blocked = data?.optedOut ? 'opted_out' : data && data.tenDlcStatus !== 'approved' ? 'tendlc' : !data?.phone && data ? 'no_phone' : null;

  function submit() {
    const text = body.trim();
    if (!text || send.isPending) return;
    setError(null);
    send.mutate(
      { body: text, ...(templateId ? { templateId } : {}) },
      {
        onSuccess: () => {
          setBody('');
          setTemplateId('');
        },
        onError: (e) => {
          const msg = e instanceof ApiError ? e.message : 'Could not send the text.';
          setError(msg);
          toast.error(msg);
        },
      },
    );
  }

  /** Sandbox: the lead "texts back" through the same signed webhook Twilio would call. */
  async function simulateReply() {
    if (!data?.phone || !reply.trim()) return;
    setReplyBusy(true);
    try {
      await api.post('/api/v1/messaging/sandbox/inbound', { from: data.phone, body: reply });
      setReply('');
      setSimulating(false);
      await thread.refetch();
    } catch (e) {
      toast.error(e instanceof Error ? e.message : 'Could not simulate the reply.');
    } finally {
      setReplyBusy(false);
    }
  }

  function onKey(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      submit();
    }
  }

  function pickTemplate(id: string) {
    setTemplateId(id);
    const t = templates.data?.data.find((x) => x.id === id);
    // the server fills the variables from the lead when it sends; the rep may still edit the text
    if (t) setBody(t.body);
  }

  return (
    <Card data-testid="lead-messages">
      <CardHeader
        title="Messages"
        subtitle={data?.phone ? `Texts with ${data.phone}` : undefined}
        actions={settings.data?.provider === 'sandbox' && data?.phone ? (
          <Button size="sm" variant="ghost" onClick={() => setSimulating((v) => !v)} title="Sandbox: receive a text from this lead (try STOP, HELP, START)">Simulate reply</Button>
        ) : undefined}
      />
      {simulating && (
        <form className="flex gap-2 border-b border-default px-4 py-2" onSubmit={(e) => { e.preventDefault(); void simulateReply(); }}>
          <Input aria-label="Simulated reply" autoFocus placeholder="Their reply, e.g. STOP or HELP" value={reply} maxLength={1600} onChange={(e) => setReply(e.target.value)} className="flex-1" />
          <Button type="submit" size="sm" loading={replyBusy} disabled={!reply.trim()}>Receive</Button>
        </form>
      )}
      {thread.isLoading ? (
        <div className="space-y-2 p-4"><Skeleton className="h-8 w-2/3" /><Skeleton className="ml-auto h-8 w-1/2" /></div>
      ) : thread.isError ? (
        <div className="p-4"><Alert tone="error">Could not load the messages. <Button size="sm" variant="ghost" onClick={() => void thread.refetch()}>Retry</Button></Alert></div>
      ) : (
        <>
          {blocked === 'opted_out' && data?.optedOut && (
            <div className="px-4 pt-3">
              <Alert tone="warning" title="Opted out of texts">
                {data.optedOut.phone} replied {data.optedOut.keyword === 'carrier' ? 'STOP to the carrier' : data.optedOut.keyword} <RelativeTime date={data.optedOut.at} />. No texts can be sent until they reply START.
              </Alert>
            </div>
          )}
          {blocked === 'tendlc' && (
            <div className="px-4 pt-3">
              <Alert tone="info" title="Texting is off">The workspace's 10DLC registration is {data?.tenDlcStatus}; texts are sent once it is approved (Settings → Compliance).</Alert>
            </div>
          )}
          {count === 0 ? (
            <div className="p-4">
              <EmptyState icon={<MessageSquare className="h-5 w-5" />} title="No messages yet">
                {data?.phone ? 'Texts you send and replies from this lead appear here.' : 'Add a phone number to a contact to text this lead.'}
              </EmptyState>
            </div>
          ) : (
            <ol ref={listRef} className="max-h-96 space-y-2 overflow-y-auto px-4 py-3" aria-label="Message thread">
              {data?.data.map((m) => <Bubble key={m.id} m={m} />)}
            </ol>
          )}
          <div className="space-y-2 border-t border-default p-3">
            {(templates.data?.data.length ?? 0) > 0 && (
              <Select aria-label="Template" value={templateId} onChange={(e) => pickTemplate(e.target.value)} disabled={!!blocked} className="w-full">
                <option value="">Insert a template…</option>
                {templates.data?.data.map((t) => <option key={t.id} value={t.id}>{t.name}</option>)}
              </Select>
            )}
            <Textarea
              aria-label="Message"
              rows={3}
              value={body}
              maxLength={1600}
              disabled={!!blocked}
              placeholder={blocked ? 'Texting is not possible for this lead right now.' : 'Write a text… {FirstName} is filled in when it is sent'}
              onChange={(e) => { setBody(e.target.value); setError(null); }}
              onKeyDown={onKey}
            />
            {error && <p className="text-xs text-red-700 dark:text-red-300" role="alert">{error}</p>}
            <div className="flex items-center justify-between gap-2">
              <SegmentCounter body={body} />
              <Button variant="primary" size="sm" onClick={submit} loading={send.isPending} disabled={!body.trim() || !!blocked}>
                Send <Kbd>{navigator.platform.includes('Mac') ? '⌘' : 'Ctrl'}↵</Kbd>
              </Button>
            </div>
          </div>
        </>
      )}
    </Card>
  );
}
