import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { toast } from 'sonner';
import { useAsyncForm } from '../../app/useAsyncForm.ts';
import { Button, Field, Input, Modal, Select, Textarea } from '../../ui/index.ts';
import { FormError } from '../auth/AuthShell.tsx';
import { invalidateTasks, taskApi } from './api.ts';
import { DuePicker } from './DuePicker.tsx';
import { fromLocalInput, quickPicks, toLocalInput } from './format.ts';
import { LeadPicker, type PickedLead } from './LeadPicker.tsx';
import type { TaskItem } from './types.ts';

const KINDS: { value: TaskItem['kind']; label: string }[] = [
  { value: 'follow_up', label: 'Follow-up' },
  { value: 'callback', label: 'Callback' },
  { value: 'nurture', label: 'Nurture' },
  { value: 'other', label: 'Other' },
];

function isKind(v: string): v is TaskItem['kind'] {
  return KINDS.some((k) => k.value === v);
}

/** New task for a lead (picked by search, or fixed when opened from one lead's queue). */
export function CreateTaskModal({ open, onClose, leadId, leadName }: { open: boolean; onClose: () => void; leadId: string | null; leadName: string | null }) {
  const qc = useQueryClient();
  const [picked, setLead] = useState<PickedLead | null>(null);
  // opened from one lead's queue: that lead, fixed
  const lead = leadId ? { id: leadId, name: leadName ?? 'This lead' } : picked;
  const [title, setTitle] = useState('');
  const [kind, setKind] = useState<TaskItem['kind']>('follow_up');
  const [due, setDue] = useState(() => toLocalInput(quickPicks()[0].date));
  const [notes, setNotes] = useState('');
  const { busy, error, fields, run } = useAsyncForm();

  function close() {
    setTitle('');
    setNotes('');
    setLead(null);
    onClose();
  }

  function submit(e: { preventDefault(): void }) {
    e.preventDefault();
    void run(async () => {
      if (!lead) throw new Error('Choose a lead.');
      const t = await taskApi.create({ leadId: lead.id, title: title.trim(), kind, notes, dueAt: fromLocalInput(due) });
      invalidateTasks(qc);
      toast.success(`Task added for ${t.leadName ?? lead.name}`);
      close();
    });
  }

  return (
    <Modal
      open={open}
      onClose={close}
      title="New task"
      footer={
        <>
          <Button onClick={close}>Cancel</Button>
          <Button variant="primary" type="submit" form="new-task" loading={busy} disabled={!lead || !title.trim()}>Add task</Button>
        </>
      }
    >
      <form id="new-task" onSubmit={submit} className="space-y-3">
        <FormError message={error} />
        {open && (leadId ? <p className="text-sm">Lead: <strong>{lead?.name}</strong></p> : <LeadPicker value={lead} onChange={setLead} error={fields.leadId} autoFocus={!lead} />)}
        <Field label="Title" error={fields.title}>{(p) => <Input {...p} value={title} onChange={(e) => setTitle(e.target.value)} placeholder="Follow up about pricing" />}</Field>
        <Field label="Kind">
          {(p) => (
            <Select {...p} value={kind} onChange={(e) => isKind(e.target.value) && setKind(e.target.value)}>
              {KINDS.map((k) => <option key={k.value} value={k.value}>{k.label}</option>)}
            </Select>
          )}
        </Field>
        <DuePicker label="Due" value={due} onChange={setDue} error={fields.dueAt} />
        <Field label="Notes" error={fields.notes}>{(p) => <Textarea {...p} value={notes} onChange={(e) => setNotes(e.target.value)} />}</Field>
      </form>
    </Modal>
  );
}
