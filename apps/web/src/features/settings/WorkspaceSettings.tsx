import { useEffect, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { toast } from 'sonner';
import { useNavigate } from 'react-router';
import { api } from '../../app/api.ts';
import { hasRole, useMe } from '../../app/session.tsx';
import { useAsyncForm } from '../../app/useAsyncForm.ts';
import { Button, Card, CardHeader, Field, Input, Select } from '../../ui/index.ts';
import { FormError } from '../auth/AuthShell.tsx';

interface Workspace { id: string; name: string; defaultCountry: string; timezone: string; role: string }

const COUNTRIES = ['US', 'CA', 'GB', 'IE', 'AU', 'NZ', 'DE', 'FR', 'ES', 'IT', 'NL', 'BR', 'MX', 'IN', 'ZA'];

export function WorkspaceSettings() {
  const me = useMe();
  const qc = useQueryClient();
  const ws = useQuery({ queryKey: ['workspace'], queryFn: () => api.get<Workspace>('/api/v1/workspace') });
  const [form, setForm] = useState({ name: '', defaultCountry: 'US', timezone: '' });
  useEffect(() => {
    if (ws.data) setForm({ name: ws.data.name, defaultCountry: ws.data.defaultCountry, timezone: ws.data.timezone });
  }, [ws.data]);
  const { busy, error, fields, run } = useAsyncForm();
  const canEdit = hasRole(me.data, 'admin');
  const zones = Intl.supportedValuesOf('timeZone');
  function save(e: FormEvent) {
    e.preventDefault();
    void run(async () => {
      await api.patch('/api/v1/workspace', form);
      await qc.invalidateQueries({ queryKey: ['workspace'] });
      await qc.invalidateQueries({ queryKey: ['me'] });
      toast.success('Workspace saved');
    });
  }
  return (
    <Card>
      <CardHeader title="Workspace" subtitle="Phone numbers without a country code are read in the default country (imports, new leads)." />
      <form className="grid gap-3 p-4 sm:grid-cols-2" onSubmit={save}>
        <FormError message={error} />
        <Field label="Name" error={fields.name} className="sm:col-span-2">{(p) => <Input {...p} disabled={!canEdit} value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />}</Field>
        <Field label="Default country" error={fields.defaultCountry}>{(p) => (
          <Select {...p} disabled={!canEdit} value={form.defaultCountry} onChange={(e) => setForm({ ...form, defaultCountry: e.target.value })}>
            {COUNTRIES.map((c) => <option key={c} value={c}>{c}</option>)}
          </Select>
        )}</Field>
        <Field label="Time zone" error={fields.timezone}>{(p) => (
          <Select {...p} disabled={!canEdit} value={form.timezone} onChange={(e) => setForm({ ...form, timezone: e.target.value })}>
            {zones.map((z) => <option key={z} value={z}>{z}</option>)}
          </Select>
        )}</Field>
        {canEdit ? <div className="sm:col-span-2"><Button type="submit" variant="primary" loading={busy}>Save</Button></div> : <p className="text-xs text-muted sm:col-span-2">Only admins can change workspace settings.</p>}
      </form>
    </Card>
  );
}

export function WorkspacesSettings() {
  const me = useMe();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const create = useMutation({
    mutationFn: () => api.post<{ workspaceId: string }>('/api/v1/workspaces', { name }),
    onSuccess: async () => {
      qc.clear();
      toast.success(`Workspace "${name}" created — you are its owner`);
      navigate('/leads');
    },
    onError: (e: Error) => toast.error(e.message),
  });
  return (
    <Card>
      <CardHeader title="Your workspaces" subtitle="Each workspace has its own leads, members and settings; nothing is shared between them." />
      <ul className="divide-y divide-[var(--border)]">
        {me.data?.workspaces.map((w) => (
          <li key={w.id} className="flex items-center justify-between px-4 py-2 text-sm">
            <span>{w.name} {w.id === me.data?.activeWorkspaceId && <span className="ml-1 text-xs text-muted">(active)</span>}</span>
            <span className="text-xs text-muted">{w.role}</span>
          </li>
        ))}
      </ul>
      <form className="flex items-end gap-2 border-t border-default p-4" onSubmit={(e) => { e.preventDefault(); create.mutate(); }}>
        <Field label="New workspace name" className="flex-1">{(p) => <Input {...p} value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. Client — Acme Insurance" />}</Field>
        <Button type="submit" variant="primary" disabled={!name.trim()} loading={create.isPending}>Create workspace</Button>
      </form>
    </Card>
  );
}
