import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { toast } from 'sonner';
import { api } from '../../app/api.ts';
import { hasRole, useMe } from '../../app/session.tsx';
import { Button, Card, CardHeader, EmptyState, Field, Input, Table, Td, Th } from '../../ui/index.ts';

interface ApiKey { id: string; name: string; prefix: string; createdAt: string; lastUsedAt: string | null }

export function ApiKeysSettings() {
  const me = useMe();
  const qc = useQueryClient();
  const [name, setName] = useState('');
  const [created, setCreated] = useState<string | null>(null);
  const keys = useQuery({ queryKey: ['api-keys'], queryFn: () => api.get<{ data: ApiKey[] }>('/api/v1/api-keys'), enabled: hasRole(me.data, 'admin') });
  const create = useMutation({
    mutationFn: () => api.post<{ key: string }>('/api/v1/api-keys', { name }),
    onSuccess: (r) => { setCreated(r.key); setName(''); void qc.invalidateQueries({ queryKey: ['api-keys'] }); },
    onError: (e: Error) => toast.error(e.message),
  });
  const revoke = useMutation({
    mutationFn: (id: string) => api.del(`/api/v1/api-keys/${id}`),
    onSuccess: () => { toast.success('Key revoked'); void qc.invalidateQueries({ queryKey: ['api-keys'] }); },
  });
  if (!hasRole(me.data, 'admin')) return <p className="text-sm text-muted">Only admins can manage API keys.</p>;
  function submit(e: FormEvent) {
    e.preventDefault();
    create.mutate();
  }
  return (
    <Card>
      <CardHeader title="API keys" subtitle={<>Use with <code>Authorization: Bearer &lt;key&gt;</code> on <a className="underline" href="/api/docs" target="_blank" rel="noreferrer">the REST API</a>. A key acts as an admin of this workspace only.</>} />
      <form className="flex items-end gap-2 p-4" onSubmit={submit}>
        <Field label="Key name" className="flex-1">{(p) => <Input {...p} value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. Zapier" />}</Field>
        <Button type="submit" variant="primary" disabled={!name.trim()} loading={create.isPending}>Create key</Button>
      </form>
      {created && (
        <div className="mx-4 mb-4 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-700 dark:bg-amber-900/30">
          <p className="font-medium">Copy this key now — it will not be shown again.</p>
          <code className="mt-1 block break-all" data-testid="new-api-key">{created}</code>
        </div>
      )}
      {keys.data?.data.length ? (
        <Table>
          <thead><tr><Th>Name</Th><Th>Key</Th><Th>Created</Th><Th>Last used</Th><Th className="w-24"><span className="sr-only">Actions</span></Th></tr></thead>
          <tbody>
            {keys.data.data.map((k) => (
              <tr key={k.id}>
                <Td>{k.name}</Td><Td><code>{k.prefix}…</code></Td><Td>{new Date(k.createdAt).toLocaleDateString()}</Td>
                <Td>{k.lastUsedAt ? new Date(k.lastUsedAt).toLocaleString() : 'never'}</Td>
                <Td><Button size="sm" variant="ghost" onClick={() => { if (confirm(`Revoke "${k.name}"? Integrations using it stop working.`)) revoke.mutate(k.id); }}>Revoke</Button></Td>
              </tr>
            ))}
          </tbody>
        </Table>
      ) : <EmptyState title="No API keys yet">Create one to connect scripts, Zapier or your own tools.</EmptyState>}
    </Card>
  );
}
