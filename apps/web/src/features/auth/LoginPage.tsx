import { useState, type FormEvent } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../app/api.ts';
import { useAsyncForm } from '../../app/useAsyncForm.ts';
import { Button, Field, Input } from '../../ui/index.ts';
import { AuthShell, FormError } from './AuthShell.tsx';

export function LoginPage() {
  const setup = useQuery({ queryKey: ['setup'], queryFn: () => api.get<{ needsSetup: boolean }>('/api/v1/setup') });
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, fields, run } = useAsyncForm();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const qc = useQueryClient();
  if (setup.data?.needsSetup) return <Navigate to="/signup" replace />;
  const next = params.get('next');
  function submit(e: FormEvent) {
    e.preventDefault();
    void run(async () => {
      await api.post('/api/v1/auth/login', { email, password });
      qc.clear(); // drop the cached signed-out state before entering the app
      navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : '/leads');
    });
  }
  return (
    <AuthShell title="Sign in" footer={<>New here? <Link className="text-brand-600 underline" to="/signup">Create an account</Link></>}>
      <form className="space-y-3" onSubmit={submit} noValidate>
        <FormError message={error} />
        <Field label="Email" error={fields.email}>{(p) => <Input {...p} type="email" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} autoFocus />}</Field>
        <Field label="Password" error={fields.password}>{(p) => <Input {...p} type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />}</Field>
        <Button type="submit" variant="primary" className="w-full" loading={busy}>Sign in</Button>
        <p className="text-center text-xs"><Link className="text-muted underline" to="/forgot-password">Forgot your password?</Link></p>
      </form>
    </AuthShell>
  );
}
