import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { toast } from 'sonner';
import { Copy } from 'lucide-react';
import { api } from '../../app/api.ts';
import { hasRole, useMe } from '../../app/session.tsx';
import { useAsyncForm } from '../../app/useAsyncForm.ts';
import { Badge, Button, Card, CardHeader, Field, Input, Select, Table, Td, Th } from '../../ui/index.ts';
import { FormError } from '../auth/AuthShell.tsx';

interface Member { id: string; email: string; name: string; role: string; joinedAt: string }
interface Invitation { id: string; email: string; role: string; expiresAt: string }

export function MembersSettings() {
  const me = useMe();
  const qc = useQueryClient();
  const isAdmin = hasRole(me.data, 'admin');
  const members = useQuery({ queryKey: ['members'], queryFn: () => api.get<{ data: Member[] }>('/api/v1/members') });
  const invites = useQuery({ queryKey: ['invitations'], queryFn: () => api.get<{ data: Invitation[] }>('/api/v1/invitations'), enabled: isAdmin });
  const [email, setEmail] = useState('');
  const [role, setRole] = useState('rep');
  const [lastLink, setLastLink] = useState<string | null>(null);
  const { busy, error, fields, run } = useAsyncForm();
  const changeRole = useMutation({
    mutationFn: (v: { userId: string; role: string }) => api.patch(`/api/v1/members/${v.userId}`, { role: v.role }),
    onSuccess: () => { toast.success('Role updated'); void qc.invalidateQueries({ queryKey: ['members'] }); },
    onError: (e: Error) => toast.error(e.message),
  });
  const remove = useMutation({
    mutationFn: (userId: string) => api.del(`/api/v1/members/${userId}`),
    onSuccess: () => { toast.success('Member removed'); void qc.invalidateQueries({ queryKey: ['members'] }); },
    onError: (e: Error) => toast.error(e.message),
  });
  const revoke = useMutation({
    mutationFn: (id: string) => api.del(`/api/v1/invitations/${id}`),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['invitations'] }),
  });
  function invite(e: FormEvent) {
    e.preventDefault();
    void run(async () => {
      const r = await api.post<{ link: string }>('/api/v1/invitations', { email, role });
      setLastLink(r.link);
      setEmail('');
      toast.success(`Invitation sent to ${email}`);
      await qc.invalidateQueries({ queryKey: ['invitations'] });
    });
  }
  return (
    <>
      {isAdmin && (
        <Card>
          <CardHeader title="Invite a member" subtitle="They get an email with a link (valid 7 days); you can also copy the link and send it yourself." />
          <form className="flex flex-wrap items-end gap-2 p-4" onSubmit={invite} noValidate>
            <div className="w-full"><FormError message={error} /></div>
            <Field label="Email" error={fields.email} className="min-w-56 flex-1">{(p) => <Input {...p} type="email" value={email} onChange={(e) => setEmail(e.target.value)} />}</Field>
            <Field label="Role" error={fields.role}>{(p) => (
              <Select {...p} value={role} onChange={(e) => setRole(e.target.value)}>
                <option value="rep">Rep</option><option value="manager">Manager</option><option value="admin">Admin</option>
              </Select>
            )}</Field>
            <Button type="submit" variant="primary" loading={busy}>Send invitation</Button>
          </form>
          {lastLink && (
            <div className="flex items-center gap-2 border-t border-default px-4 py-2 text-xs">
              <span className="text-muted">Invitation link:</span>
              <code className="truncate" data-testid="invite-link">{lastLink}</code>
              <Button size="sm" variant="ghost" aria-label="Copy invitation link" onClick={() => void navigator.clipboard?.writeText(lastLink).then(() => toast.success('Link copied'))}><Copy className="h-3.5 w-3.5" /></Button>
            </div>
          )}
        </Card>
      )}
      <Card>
        <CardHeader title="Members" subtitle="Owner and admins manage settings; managers review and own the playbook; reps work leads." />
        <Table>
          <thead><tr><Th>Name</Th><Th>Email</Th><Th>Role</Th><Th className="w-24"><span className="sr-only">Actions</span></Th></tr></thead>
          <tbody>
            {members.data?.data.map((m) => (
              <tr key={m.id}>
                <Td>{m.name || '—'}</Td>
                <Td>{m.email}</Td>
                <Td>
                  {isAdmin && m.role !== 'owner' && m.id !== me.data?.user.id ? (
                    <Select aria-label={`Role of ${m.email}`} value={m.role} onChange={(e) => changeRole.mutate({ userId: m.id, role: e.target.value })} className="h-7 w-28">
                      <option value="rep">rep</option><option value="manager">manager</option><option value="admin">admin</option>
                    </Select>
                  ) : <Badge tone={m.role === 'owner' ? 'brand' : 'neutral'}>{m.role}</Badge>}
                </Td>
                <Td>{isAdmin && m.role !== 'owner' && m.id !== me.data?.user.id && <Button size="sm" variant="ghost" onClick={() => { if (confirm(`Remove ${m.email} from this workspace?`)) remove.mutate(m.id); }}>Remove</Button>}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      </Card>
      {isAdmin && (invites.data?.data.length ?? 0) > 0 && (
        <Card>
          <CardHeader title="Pending invitations" />
          <Table>
            <thead><tr><Th>Email</Th><Th>Role</Th><Th>Expires</Th><Th className="w-24"><span className="sr-only">Actions</span></Th></tr></thead>
            <tbody>
              {invites.data?.data.map((i) => (
                <tr key={i.id}><Td>{i.email}</Td><Td>{i.role}</Td><Td>{new Date(i.expiresAt).toLocaleDateString()}</Td><Td><Button size="sm" variant="ghost" onClick={() => revoke.mutate(i.id)}>Revoke</Button></Td></tr>
              ))}
            </tbody>
          </Table>
        </Card>
      )}
    </>
  );
}
