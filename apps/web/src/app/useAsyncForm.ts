import { useState } from 'react';
import { ApiError } from './api.ts';

/** Submit state for a form: busy flag, form-level error and per-field errors from a 400. */
export function useAsyncForm() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  async function run(fn: () => Promise<void>) {
    setBusy(true);
    setError(null);
    setFields({});
    try {
      await fn();
    } catch (e) {
      if (e instanceof ApiError) {
        setFields(e.fields);
        // field messages show next to their fields; the banner only summarises
        setError(Object.keys(e.fields).length ? 'Please correct the highlighted fields.' : e.message);
      } else setError('Network error — check your connection and try again.');
    } finally {
      setBusy(false);
    }
  }
  return { busy, error, fields, run };
}
