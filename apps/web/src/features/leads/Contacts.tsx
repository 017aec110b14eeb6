import { useState, type FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Mail, Pencil, Phone, Plus, Star, Trash2, X } from 'lucide-react';
import { toast } from 'sonner';
import { api } from '../../app/api.ts';
import { useAsyncForm } from '../../app/useAsyncForm.ts';
import { Badge, Button, Card, CardHeader, Checkbox, Field, Input, Modal, Textarea } from '../../ui/index.ts';
import { FormError } from '../auth/AuthShell.tsx';
import { leadKeys } from './api.ts';
import { contactName, formatPhone, telHref } from './format.ts';
import type { Contact, LeadDetail } from './types.ts';

function useRefreshLead(leadId: string) {
  const qc = useQueryClient();
  return () => {
    void qc.invalidateQueries({ queryKey: leadKeys.detail(leadId) });
    void qc.invalidateQueries({ queryKey: leadKeys.timeline(leadId) });
    void qc.invalidateQueries({ queryKey: ['leads', 'list'] });
    void qc.invalidateQueries({ queryKey: ['leads', 'board'] });
  };
}

/** People on the lead; exactly one is primary (persisted), phones are click-to-call links. */
export function ContactsCard({ lead }: { lead: LeadDetail }) {
  const refresh = useRefreshLead(lead.id);
  const [editing, setEditing] = useState<Contact | 'new' | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const contacts = [...(lead.contacts ?? [])].sort((a, b) => Number(b.isPrimary) - Number(a.isPrimary));

  async function act(c: Contact, fn: () => Promise<unknown>, done: string) {
    setBusy(c.id);
    try {
      await fn();
      refresh();
      toast.success(done);
    } catch (e) {
      toast.error((e as Error).message);
    } finally {
      setBusy(null);
    }
  }

  return (
    <Card>
      <CardHeader
        title="Contacts"
        subtitle={contacts.length ? `${contacts.length} ${contacts.length === 1 ? 'person' : 'people'}` : undefined}
        actions={<Button size="sm" onClick={() => setEditing('new')}><Plus aria-hidden className="h-3.5 w-3.5" /> Add contact</Button>}
      />
      {contacts.length === 0 ? (
        <p className="p-4 text-sm text-muted">No contacts yet. Add the person you talk to — their phone and email become the lead's primary ones.</p>
      ) : (
        <ul className="divide-y divide-[var(--border)]" aria-label="Contacts">
          {contacts.map((c) => {
            const name = contactName(c);
            return (
              <li key={c.id} className="space-y-1 px-4 py-3" aria-label={name}>
                <div className="flex items-start justify-between gap-2">
                  <div className="min-w-0">
                    <div className="flex flex-wrap items-center gap-1.5">
                      <span className="font-medium">{name}</span>
                      {c.isPrimary && <Badge tone="brand"><Star aria-hidden className="h-3 w-3" /> Primary</Badge>}
                      {c.isDecisionMaker && <Badge tone="amber">Decision maker</Badge>}
                    </div>
                    {c.title && <p className="text-xs text-muted">{c.title}</p>}
                  </div>
                  <div className="flex shrink-0 items-center gap-0.5">
                    {!c.isPrimary && (
                      <Button size="sm" variant="ghost" loading={busy === c.id} onClick={() => void act(c, () => api.post(`/api/v1/contacts/${c.id}/make-primary`), `${name} is now the primary contact`)}>
                        Make primary
                      </Button>
                    )}
                    <Button size="sm" variant="ghost" aria-label={`Edit ${name}`} title="Edit" onClick={() => setEditing(c)}>
                      <Pencil aria-hidden className="h-3.5 w-3.5" />
                    </Button>
                    <Button
                      size="sm"
                      variant="ghost"
                      aria-label={`Remove ${name}`}
                      title="Remove"
                      onClick={() => {
                        if (confirm(`Remove ${name} from ${lead.name}?`)) void act(c, () => api.del(`/api/v1/contacts/${c.id}`), `${name} removed`);
                      }}
                    >
                      <Trash2 aria-hidden className="h-3.5 w-3.5" />
                    </Button>
                  </div>
                </div>
                {(c.phones.length > 0 || c.emails.length > 0) && (
                  <ul className="flex flex-col gap-0.5 text-sm">
                    {c.phones.map((p) => (
                      <li key={p}>
                        <a href={telHref(p)} className="inline-flex items-center gap-1.5 tabular-nums text-brand-600 hover:underline dark:text-brand-100" aria-label={`Call ${name} at ${formatPhone(p)}`}>
                          <Phone aria-hidden className="h-3.5 w-3.5" /> {formatPhone(p)}
                        </a>
                      </li>
                    ))}
                    {c.emails.map((m) => (
                      <li key={m}>
                        <a href={`mailto:${m}`} className="inline-flex items-center gap-1.5 text-brand-600 hover:underline dark:text-brand-100">
                          <Mail aria-hidden className="h-3.5 w-3.5" /> {m}
                        </a>
                      </li>
                    ))}
                  </ul>
                )}
                {c.notes && <p className="whitespace-pre-line text-xs text-muted">{c.notes}</p>}
              </li>
            );
          })}
        </ul>
      )}
      {editing && <ContactModal key={editing === 'new' ? 'new' : editing.id} leadId={lead.id} contact={editing === 'new' ? null : editing} onClose={() => setEditing(null)} onSaved={refresh} />}
    </Card>
  );
}

function ListInput({ label, values, onChange, type, errorFor, placeholder }: { label: string; values: string[]; onChange: (v: string[]) => void; type: 'email' | 'tel'; errorFor: (i: number) => string | undefined; placeholder: string }) {
  const single = label.replace(/s$/, '').toLowerCase();
  return (
    <fieldset className="space-y-1.5">
      <legend className="mb-1 text-xs font-medium text-muted">{label}</legend>
      {values.map((v, i) => (
        <div key={i}>
          <div className="flex gap-1.5">
            <Input
              type={type}
              aria-label={`${label.replace(/s$/, '')} ${i + 1}`}
              aria-invalid={errorFor(i) ? true : undefined}
              value={v}
              placeholder={placeholder}
              onChange={(e) => onChange(values.map((x, j) => (j === i ? e.target.value : x)))}
            />
            <Button variant="ghost" aria-label={`Remove ${single} ${i + 1}`} onClick={() => onChange(values.filter((_, j) => j !== i))}>
              <X aria-hidden className="h-3.5 w-3.5" />
            </Button>
          </div>
          {errorFor(i) && <p className="mt-0.5 text-xs text-red-600 dark:text-red-400">{errorFor(i)}</p>}
        </div>
      ))}
      <Button size="sm" variant="ghost" onClick={() => onChange([...values, ''])}>
        <Plus aria-hidden className="h-3.5 w-3.5" /> Add {single}
      </Button>
    </fieldset>
  );
}

function ContactModal({ leadId, contact, onClose, onSaved }: { leadId: string; contact: Contact | null; onClose: () => void; onSaved: () => void }) {
  const [form, setForm] = useState({
    firstName: contact?.firstName ?? '',
    lastName: contact?.lastName ?? '',
    title: contact?.title ?? '',
    emails: contact?.emails.length ? contact.emails : [''],
    phones: contact?.phones.length ? contact.phones : [''],
    isDecisionMaker: contact?.isDecisionMaker ?? false,
    notes: contact?.notes ?? '',
  });
  const { busy, error, fields, run } = useAsyncForm();
  const listError = (k: 'emails' | 'phones') => (i: number) => fields[`${k}.${i}`] ?? fields[`${k}[${i}]`] ?? (i === 0 ? fields[k] ?? fields[k.slice(0, -1)] : undefined);
  function submit(e: FormEvent) {
    e.preventDefault();
    void run(async () => {
      const body = {
        firstName: form.firstName.trim(),
        lastName: form.lastName.trim(),
        title: form.title.trim() || null,
        emails: form.emails.map((x) => x.trim()).filter(Boolean),
        phones: form.phones.map((x) => x.trim()).filter(Boolean),
        isDecisionMaker: form.isDecisionMaker,
        notes: form.notes,
      };
      if (contact) await api.patch(`/api/v1/contacts/${contact.id}`, body);
      else await api.post(`/api/v1/leads/${leadId}/contacts`, body);
      onSaved();
      toast.success(contact ? 'Contact saved' : `${contactName(body)} added`);
      onClose();
    });
  }
  return (
    <Modal
      open
      onClose={onClose}
      title={contact ? `Edit ${contactName(contact)}` : 'Add contact'}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" form="contact-form" variant="primary" loading={busy}>{contact ? 'Save contact' : 'Add contact'}</Button>
        </>
      }
    >
      <form id="contact-form" onSubmit={submit} className="grid gap-3 sm:grid-cols-2" noValidate>
        <div className="sm:col-span-2"><FormError message={error} /></div>
        <Field label="First name" error={fields.firstName}>{(p) => <Input {...p} autoFocus value={form.firstName} onChange={(e) => setForm({ ...form, firstName: e.target.value })} />}</Field>
        <Field label="Last name" error={fields.lastName}>{(p) => <Input {...p} value={form.lastName} onChange={(e) => setForm({ ...form, lastName: e.target.value })} />}</Field>
        <Field label="Job title" error={fields.title} className="sm:col-span-2">{(p) => <Input {...p} value={form.title} onChange={(e) => setForm({ ...form, title: e.target.value })} />}</Field>
        <ListInput label="Phones" type="tel" placeholder="(415) 555-0100" values={form.phones} onChange={(phones) => setForm({ ...form, phones })} errorFor={listError('phones')} />
        <ListInput label="Emails" type="email" placeholder="name@company.com" values={form.emails} onChange={(emails) => setForm({ ...form, emails })} errorFor={listError('emails')} />
        <label className="flex items-center gap-2 text-sm sm:col-span-2">
          <Checkbox checked={form.isDecisionMaker} onChange={(e) => setForm({ ...form, isDecisionMaker: e.target.checked })} />
          Decision maker
        </label>
        <Field label="Notes" error={fields.notes} className="sm:col-span-2">{(p) => <Textarea {...p} rows={2} className="!min-h-14" value={form.notes} onChange={(e) => setForm({ ...form, notes: e.target.value })} />}</Field>
      </form>
    </Modal>
  );
}
