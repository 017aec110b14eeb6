import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Inbox } from 'lucide-react';
import { api } from '../../app/api.ts';
import { Badge, EmptyState, PageHeader, Spinner, cn } from '../../ui/index.ts';

interface Mail { id: string; to: string; from: string; subject: string; text: string; transport: string; createdAt: string }

/** The sandbox email provider's capture mailbox: every email Flywheel sent, readable in the app. */
export function MailboxPage() {
  const q = useQuery({ queryKey: ['mailbox'], queryFn: () => api.get<{ data: Mail[]; mode: string }>('/api/v1/mailbox'), refetchInterval: 10_000 });
  const [openId, setOpenId] = useState<string | null>(null);
  const open = q.data?.data.find((m) => m.id === openId) ?? q.data?.data[0];
  return (
    <div className="flex h-full flex-col">
      <PageHeader title="Mailbox" subtitle={q.data?.mode === 'live' ? 'Copies of email sent through your SMTP server.' : 'Sandbox mode: email is captured here instead of being sent. Set SMTP_URL to send for real.'} actions={q.data && <Badge tone={q.data.mode === 'live' ? 'green' : 'amber'}>{q.data.mode}</Badge>} />
      {q.isLoading ? <div className="p-6"><Spinner /></div> : !q.data?.data.length ? (
        <EmptyState icon={<Inbox className="h-8 w-8" />} title="No email yet">Invitations and password resets appear here.</EmptyState>
      ) : (
        <div className="flex min-h-0 flex-1">
          <ul className="w-80 shrink-0 overflow-auto border-r border-default bg-panel">
            {q.data.data.map((m) => (
              <li key={m.id}>
                <button type="button" onClick={() => setOpenId(m.id)} className={cn('block w-full border-b border-default px-3 py-2 text-left', open?.id === m.id ? 'bg-brand-50 dark:bg-brand-700/20' : 'hover:bg-panel-2')}>
                  <div className="truncate text-sm font-medium">{m.subject}</div>
                  <div className="truncate text-xs text-muted">to {m.to} · {new Date(m.createdAt).toLocaleString()}</div>
                </button>
              </li>
            ))}
          </ul>
          {open && (
            <article className="min-w-0 flex-1 overflow-auto p-5">
              <h2 className="text-base font-semibold">{open.subject}</h2>
              <p className="mb-4 text-xs text-muted">From {open.from} to {open.to} · {new Date(open.createdAt).toLocaleString()} · via {open.transport}</p>
              <pre className="whitespace-pre-wrap break-words font-sans text-sm">{linkify(open.text)}</pre>
            </article>
          )}
        </div>
      )}
    </div>
  );
}

function linkify(text: string) {
  return text.split(/(https?:\/\/\S+)/g).map((part, i) => (/^https?:\/\//.test(part) ? <a key={i} className="text-brand-600 underline" href={part}>{part}</a> : part));
}
