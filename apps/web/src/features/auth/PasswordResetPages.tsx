import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../app/api.ts';
import { useAsyncForm } from '../../app/useAsyncForm.ts';
import { Button, Field, Input } from '../../ui/index.ts';
import { AuthShell, FormError } from './AuthShell.tsx';

export function ForgotPasswordPage() {
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const { busy, error, fields, run } = useAsyncForm();
  function submit(e: FormEvent) {
    e.preventDefault();
    void run(async () => {
      await api.post('/api/v1/auth/password-reset', { email });
      setSent(true);
    });
  }
  return (
    <AuthShell title="Reset your password" footer={<Link className="text-brand-600 underline" to="/login">Back to sign in</Link>}>
      {sent ? (
        <p className="text-sm">If an account exists for <strong>{email}</strong>, a reset link is on its way. In sandbox mode, the email lands in the workspace Mailbox.</p>
      ) : (
        <form className="space-y-3" onSubmit={submit} noValidate>
          <FormError message={error} />
          <Field label="Email" error={fields.email}>{(p) => <Input {...p} type="email" value={email} onChange={(e) => setEmail(e.target.value)} autoFocus />}</Field>
          <Button type="submit" variant="primary" className="w-full" loading={busy}>Send reset link</Button>
        </form>
      )}
    </AuthShell>
  );
}

export function ResetPasswordPage() {
  const [params] = useSearchParams();
  const [password, setPassword] = useState('');
  const [done, setDone] = useState(false);
  const { busy, error, fields, run } = useAsyncForm();
  function submit(e: FormEvent) {
    e.preventDefault();
    void run(async () => {
      await api.post('/api/v1/auth/password-reset/confirm', { token: params.get('token') ?? '', password });
      setDone(true);
    });
  }
  return (
    <AuthShell title="Choose a new password">
      {done ? (
        <p className="text-sm">Password changed. <Link className="text-brand-600 underline" to="/login">Sign in</Link></p>
      ) : (
        <form className="space-y-3" onSubmit={submit} noValidate>
          <FormError message={error} />
          <Field label="New password" hint="At least 8 characters." error={fields.password}>{(p) => <Input {...p} type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} autoFocus />}</Field>
          <Button type="submit" variant="primary" className="w-full" loading={busy}>Set password</Button>
        </form>
      )}
    </AuthShell>
  );
}
