import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../app/api.ts';
import { useAsyncForm } from '../../app/useAsyncForm.ts';
import { Button, Field, Input } from '../../ui/index.ts';
import { AuthShell, FormError } from './AuthShell.tsx';

/** First run (no users yet) creates the owner; later it creates a new account with its own workspace. */
export function SignupPage() {
  const setup = useQuery({ queryKey: ['setup'], queryFn: () => api.get<{ needsSetup: boolean }>('/api/v1/setup') });
  const [form, setForm] = useState({ name: '', email: '', password: '', workspaceName: '' });
  const { busy, error, fields, run } = useAsyncForm();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const first = setup.data?.needsSetup;

  function submit(e: FormEvent) {
    e.preventDefault();
    void run(async () => {
      await api.post('/api/v1/auth/signup', form);
      qc.clear(); // drop the cached signed-out state before entering the app
      navigate('/leads');
    });
  }
  const set = (k: keyof typeof form) => (e: React.ChangeEvent<HTMLInputElement>) => setForm({ ...form, [k]: e.target.value });

  return (
    <AuthShell
      title={first ? 'Welcome — set up Flywheel' : 'Create your account'}
      subtitle={first ? 'You are the first user: this creates the owner account and your first workspace.' : 'A new account comes with its own workspace.'}
      footer={!first && <>Already have an account? <Link className="text-brand-600 underline" to="/login">Sign in</Link></>}
    >
      <form className="space-y-3" onSubmit={submit} noValidate>
        <FormError message={error} />
        <Field label="Your name" error={fields.name}>{(p) => <Input {...p} autoComplete="name" value={form.name} onChange={set('name')} autoFocus />}</Field>
        <Field label="Work email" error={fields.email}>{(p) => <Input {...p} type="email" autoComplete="email" value={form.email} onChange={set('email')} />}</Field>
        <Field label="Password" hint="At least 8 characters." error={fields.password}>{(p) => <Input {...p} type="password" autoComplete="new-password" value={form.password} onChange={set('password')} />}</Field>
        <Field label="Workspace name" hint="Your company or team — you can add more workspaces later." error={fields.workspaceName}>{(p) => <Input {...p} value={form.workspaceName} onChange={set('workspaceName')} />}</Field>
        <Button type="submit" variant="primary" className="w-full" loading={busy}>
          {first ? 'Create owner account' : 'Create account'}
        </Button>
      </form>
    </AuthShell>
  );
}
