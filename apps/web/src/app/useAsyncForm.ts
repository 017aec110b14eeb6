import { useState } from 'react';
import { ApiError } from './api.ts';

/**
 * Submit state for a form: busy flag, form-level error and per-field errors from a 400. A second
 * submit while one runs is ignored. `banner: 'server'` keeps the server's own message in the banner
 * even when fields are highlighted (forms whose fields sit far from the banner).
 */
export function useAsyncForm(opts: { banner?: 'summary' | 'server' } = {}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  async function run(fn: () => Promise<void>) {
    if (busy) return;
    setBusy(true);
    setError(null);
    setFields({});
    try {
      await fn();
    } catch (e) {
      if (e instanceof ApiError) {
        setFields(e.fields);
        // field messages show next to their fields; the banner only summarises
        setError(opts.banner === 'server' || !Object.keys(e.fields).length ? e.message : 'Please correct the highlighted fields.');
      } else setError('Network error — check your connection and try again.');
    } finally {
      setBusy(false);
    }
  }
  const reset = () => {
    setError(null);
    setFields({});
  };
  return { busy, error, fields, run, reset, setFields };
}
