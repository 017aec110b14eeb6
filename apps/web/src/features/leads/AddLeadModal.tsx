import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { toast } from 'sonner';
import { api } from '../../app/api.ts';
import { useMe } from '../../app/session.tsx';
import { useAsyncForm } from '../../app/useAsyncForm.ts';
import { Button, Field, Input, Modal, Select } from '../../ui/index.ts';
import { FormError } from '../auth/AuthShell.tsx';
import { invalidateLeads, useMembers, useStages } from './api.ts';
import type { LeadDetail } from './types.ts';

const EMPTY = { name: '', stage: '', ownerId: 'me', value: '', firstName: '', lastName: '', title: '', email: '', phone: '' };

/** "Add lead": the few fields a rep knows on the phone; the rest is edited on the lead view. */
export function AddLeadModal({ open, onClose, defaultStage }: { open: boolean; onClose: () => void; defaultStage?: string }) {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const me = useMe();
  const stages = useStages();
  const members = useMembers();
  const [form, setForm] = useState(EMPTY);
  const { busy, error, fields, run } = useAsyncForm();
  const set = (k: keyof typeof EMPTY) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value }));
  const err = (k: string) => fields[k] ?? fields[`contact.${k}`] ?? fields[`contact/${k}`];

  function close() {
    setForm(EMPTY);
    onClose();
  }

  function submit(e: { preventDefault(): void }, open = false) {
    e.preventDefault();
    void run(async () => {
      const hasContact = form.firstName || form.lastName || form.email || form.phone;
      const body: Record<string, unknown> = {
        name: form.name.trim(),
        stage: form.stage || defaultStage || undefined,
        ownerId: form.ownerId === 'me' ? me.data?.user.id : form.ownerId || null,
        value: form.value.trim() === '' ? undefined : Number(form.value.replace(/[$,\s]/g, '')),
      };
      if (hasContact) {
        body.contact = {
          firstName: form.firstName.trim(),
          lastName: form.lastName.trim(),
          title: form.title.trim() || undefined,
          email: form.email.trim() || undefined,
          phone: form.phone.trim() || undefined,
        };
      }
      const lead = await api.post<LeadDetail>('/api/v1/leads', body);
      invalidateLeads(qc);
      close();
      if (open) navigate(`/leads/${lead.id}`);
      else toast.success(`Lead "${lead.name}" added`, { action: { label: 'Open', onClick: () => navigate(`/leads/${lead.id}`) } });
    });
  }

  return (
    <Modal
      open={open}
      onClose={close}
      title="Add lead"
      footer={
        <>
          <Button onClick={close}>Cancel</Button>
          <Button onClick={(e) => submit(e, true)} loading={busy}>Add and open</Button>
          <Button type="submit" form="add-lead-form" variant="primary" loading={busy}>Add lead</Button>
        </>
      }
    >
      <form id="add-lead-form" className="grid gap-3 sm:grid-cols-2" onSubmit={(e) => submit(e)} noValidate>
        <div className="sm:col-span-2"><FormError message={error} /></div>
        <Field label="Company or lead name" error={fields.name} className="sm:col-span-2">{(p) => <Input {...p} autoFocus value={form.name} onChange={set('name')} placeholder="e.g. Harbor Dental Group" />}</Field>
        <Field label="Stage" error={fields.stage}>{(p) => (
          <Select {...p} value={form.stage || defaultStage || stages.data?.[0]?.key || ''} onChange={set('stage')}>
            {stages.data?.map((s) => <option key={s.key} value={s.key}>{s.label}</option>)}
          </Select>
        )}</Field>
        <Field label="Owner" error={fields.ownerId}>{(p) => (
          <Select {...p} value={form.ownerId} onChange={set('ownerId')}>
            <option value="me">Me</option>
            <option value="">Unassigned</option>
            {members.data?.filter((m) => m.id !== me.data?.user.id).map((m) => <option key={m.id} value={m.id}>{m.name || m.email}</option>)}
          </Select>
        )}</Field>
        <Field label="Value (USD)" error={fields.value}>{(p) => <Input {...p} inputMode="decimal" value={form.value} onChange={set('value')} placeholder="e.g. 12000" />}</Field>
        <div className="sm:col-span-2 mt-1 border-t border-default pt-3 text-xs font-medium text-muted">Primary contact (optional)</div>
        <Field label="First name" error={err('firstName')}>{(p) => <Input {...p} value={form.firstName} onChange={set('firstName')} autoComplete="off" />}</Field>
        <Field label="Last name" error={err('lastName')}>{(p) => <Input {...p} value={form.lastName} onChange={set('lastName')} autoComplete="off" />}</Field>
        <Field label="Contact email" error={err('email')}>{(p) => <Input {...p} type="email" value={form.email} onChange={set('email')} autoComplete="off" />}</Field>
        <Field label="Contact phone" error={err('phone')}>{(p) => <Input {...p} type="tel" value={form.phone} onChange={set('phone')} autoComplete="off" placeholder="(415) 555-0100" />}</Field>
        <Field label="Job title" error={err('title')} className="sm:col-span-2">{(p) => <Input {...p} value={form.title} onChange={set('title')} autoComplete="off" />}</Field>
        <button type="submit" hidden aria-hidden tabIndex={-1} />
      </form>
    </Modal>
  );
}
