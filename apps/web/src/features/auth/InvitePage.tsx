import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../app/api.ts';
import { useMe } from '../../app/session.tsx';
import { useAsyncForm } from '../../app/useAsyncForm.ts';
import { Button, Field, Input, Spinner } from '../../ui/index.ts';
import { AuthShell, FormError } from './AuthShell.tsx';

interface Invite { email: string; role: string; workspaceName: string; hasAccount: boolean }

export function InvitePage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const invite = useQuery({ queryKey: ['invite', token], queryFn: () => api.get<Invite>(`/api/v1/invitations/lookup?token=${encodeURIComponent(token)}`), retry: false });
  const me = useMe();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, fields, run } = useAsyncForm();
  const navigate = useNavigate();
  const qc = useQueryClient();

  if (invite.isLoading || me.isLoading) return <AuthShell title="Invitation"><Spinner /></AuthShell>;
  if (invite.error || !invite.data) return <AuthShell title="Invitation not found">This invitation link is invalid, was already used, or has expired. Ask your admin for a new one.</AuthShell>;
  const inv = invite.data;
  function accept(e: FormEvent) {
    e.preventDefault();
    void run(async () => {
      await api.post('/api/v1/invitations/accept', { token, ...(me.data ? {} : { name, password }) });
      qc.clear(); // drop the cached signed-out state before entering the app
      navigate('/leads');
    });
  }
  return (
    <AuthShell title={`Join ${inv.workspaceName}`} subtitle={`You were invited as ${inv.role} (${inv.email}).`}>
      <form className="space-y-3" onSubmit={accept} noValidate>
        <FormError message={error} />
        {me.data ? (
          <p className="text-sm">Signed in as {me.data.user.email}.</p>
        ) : inv.hasAccount ? (
          <p className="text-sm">You already have an account. <Link className="text-brand-600 underline" to={`/login?next=${encodeURIComponent(`/invite?token=${token}`)}`}>Sign in</Link> to accept.</p>
        ) : (
          <>
            <Field label="Your name" error={fields.name}>{(p) => <Input {...p} value={name} onChange={(e) => setName(e.target.value)} autoFocus />}</Field>
            <Field label="Choose a password" hint="At least 8 characters." error={fields.password}>{(p) => <Input {...p} type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />}</Field>
          </>
        )}
        {(me.data || !inv.hasAccount) && <Button type="submit" variant="primary" className="w-full" loading={busy}>Accept invitation</Button>}
      </form>
    </AuthShell>
  );
}
