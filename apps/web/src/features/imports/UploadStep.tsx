import { useState } from 'react';
import { ApiError } from '../../app/api.ts';
import { Alert, Card, CardHeader, FileDrop } from '../../ui/index.ts';
import { ACCEPT, uploadImportFile } from './useImports.ts';
import type { UploadResult } from './types.ts';

const MAX_MB = 100;

/** Step 1: pick or drop a file; the server sniffs format, encoding, delimiter and the CRM it came from. */
export function UploadStep({ onUploaded }: { onUploaded: (u: UploadResult) => void }) {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<{ file: string; message: string } | null>(null);

  async function upload(file: File) {
    setError(null);
    if (file.size === 0) return setError({ file: file.name, message: 'The file is empty.' });
    if (file.size > MAX_MB * 1024 * 1024) return setError({ file: file.name, message: `The file is larger than ${MAX_MB} MB. Split it and import the parts.` });
    setBusy(file.name);
    try {
      onUploaded(await uploadImportFile(file));
    } catch (e) {
      setError({ file: file.name, message: e instanceof ApiError ? e.message : 'Network error — check your connection and try again.' });
    } finally {
      setBusy(null);
    }
  }

  return (
    <Card>
      <CardHeader title="Upload a file" subtitle="A CSV, TSV or Excel export from HubSpot, Salesforce, Close, Pipedrive — or any spreadsheet with one lead per row." />
      <div className="space-y-3 p-4">
        <FileDrop
          label={busy ? `Reading ${busy}…` : 'Drop a file here, or click to choose one'}
          hint=".csv, .tsv, .txt or .xlsx · up to 100 MB · the first row holds the column names"
          accept={ACCEPT}
          busy={!!busy}
          onFile={(f) => void upload(f)}
        />
        {error && (
          <Alert tone="error" title={`We couldn’t read “${error.file}”`}>
            {error.message}
          </Alert>
        )}
        <p className="text-xs text-muted">Nothing is imported yet: next you check how columns map to lead fields and preview what will happen to every row.</p>
      </div>
    </Card>
  );
}
