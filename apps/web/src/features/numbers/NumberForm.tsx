import { useState, type FormEvent } from 'react';
import type { PhoneNumber } from '@flywheel/contracts';
import { api } from '../../app/api.ts';
import { useAsyncForm } from '../../app/useAsyncForm.ts';
import { Alert, Button, Checkbox, Field, Input, Modal, Select } from '../../ui/index.ts';

const CNAM_STATUS_LABELS = { pending: 'Pending (carriers take 24–48 h)', registered: 'Registered', rejected: 'Rejected by the carrier' } as const;
type CnamStatus = keyof typeof CNAM_STATUS_LABELS;
const isCnamStatus = (v: string): v is CnamStatus => Object.hasOwn(CNAM_STATUS_LABELS, v);

/** Add a number to the pool, or edit one (label, default, CNAM display name and its status). */
export function NumberForm({ number, onClose, onSaved }: { number: PhoneNumber | null; onClose: () => void; onSaved: () => void }) {
  const editing = number !== null;
  const [e164, setE164] = useState('');
  const [label, setLabel] = useState(number?.label ?? '');
  const [cnam, setCnam] = useState(number?.cnam ?? '');
  const [cnamStatus, setCnamStatus] = useState<CnamStatus | ''>(number?.cnamStatus ?? '');
  const [isDefault, setIsDefault] = useState(number?.isDefault ?? false);
  const { busy, error, fields, run } = useAsyncForm();

  function submit(e: FormEvent) {
    e.preventDefault();
    void run(async () => {
      const name = cnam.trim() ? cnam.trim() : null;
      if (number) {
        const cnamChanged = name !== number.cnam;
        await api.patch(`/api/v1/numbers/${number.id}`, {
          label,
          ...(isDefault && !number.isDefault ? { isDefault: true } : {}),
          ...(cnamChanged ? { cnam: name } : {}),
          // a new name starts over as pending; an unchanged one keeps the status chosen here
          ...(!cnamChanged && name && cnamStatus && cnamStatus !== number.cnamStatus ? { cnamStatus } : {}),
        });
      } else {
        await api.post('/api/v1/numbers', { e164: e164.trim(), label, isDefault, cnam: name });
      }
      onSaved();
    });
  }

  return (
    <Modal
      open
      onClose={onClose}
      title={editing ? `Edit ${number.e164}` : 'Add a number'}
      footer={<>
        <Button onClick={onClose}>Cancel</Button>
        <Button type="submit" form="number-form" variant="primary" loading={busy}>{editing ? 'Save' : 'Add number'}</Button>
      </>}
    >
      <form id="number-form" className="space-y-3" onSubmit={submit}>
        {error && <Alert tone="error">{error}</Alert>}
        {!editing && (
          <Field label="Phone number" error={fields.e164} hint="International format. Its area code and state are read from the number.">
            {(p) => <Input {...p} value={e164} onChange={(e) => setE164(e.target.value)} placeholder="+14155552671" autoFocus />}
          </Field>
        )}
        <Field label="Label" error={fields.label}>{(p) => <Input {...p} value={label} onChange={(e) => setLabel(e.target.value)} placeholder="e.g. Chicago North" maxLength={60} />}</Field>
        <Field label="Caller name (CNAM)" error={fields.cnam} hint={`${cnam.trim().length}/15 — letters, digits, spaces and . , & ' - only. Shown on the callee's phone once carriers pick it up (24–48 h).`}>
          {(p) => <Input {...p} value={cnam} onChange={(e) => setCnam(e.target.value)} placeholder="Forged Financial" maxLength={15} />}
        </Field>
        {editing && number.cnam && cnam.trim() === number.cnam && (
          <Field label="CNAM status" error={fields.cnamStatus}>
            {(p) => (
              <Select {...p} value={cnamStatus} onChange={(e) => setCnamStatus(isCnamStatus(e.target.value) ? e.target.value : '')}>
                {Object.entries(CNAM_STATUS_LABELS).map(([k, v]) => <option key={k} value={k}>{v}</option>)}
              </Select>
            )}
          </Field>
        )}
        {!(editing && number.isDefault) && (
          <label className="flex items-center gap-2 text-sm">
            <Checkbox checked={isDefault} onChange={(e) => setIsDefault(e.target.checked)} />
            Default number (used when no local number fits)
          </label>
        )}
      </form>
    </Modal>
  );
}
