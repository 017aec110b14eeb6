import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { ApiError } from '../../app/api.ts';
import { hasRole, useMe } from '../../app/session.tsx';
import { Card, EmptyState } from '../../ui/index.ts';
import { EMPTY_DRAFT, loadDraft, parseTags, saveDraft, type Draft } from './draft.ts';
import { ImportHistory } from './ImportHistory.tsx';
import { ImportShell } from './ImportShell.tsx';
import { MappingStep } from './MappingStep.tsx';
import { PreviewStep } from './PreviewStep.tsx';
import { UploadStep } from './UploadStep.tsx';
import { isActive, previewImport, runImport, useImportHistory, type RunBody } from './useImports.ts';
import { setImportNavigator, watchImport } from './watcher.ts';
import { IGNORE } from './mapping.ts';

const message = (e: unknown) => (e instanceof ApiError ? e.message : 'Network error — check your connection and try again.');

/** Steps 1–3 (upload, mapping, dry run). Starting the import moves to /import/:id (step 4). */
export function ImportWizard() {
  const me = useMe();
  const wsId = me.data?.activeWorkspaceId ?? null;
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [draft, setDraft] = useState<Draft>(() => loadDraft(wsId));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const canImport = hasRole(me.data, 'manager');
  const history = useImportHistory(canImport);

  useEffect(() => saveDraft(draft), [draft]);
  useEffect(() => setImportNavigator(navigate), [navigate]);
  // imports still running from an earlier visit: say when they finish
  useEffect(() => {
    for (const r of history.data?.data ?? []) if (isActive(r.status)) watchImport(r.id, r.filename);
  }, [history.data]);

  const patch = (p: Partial<Draft>) => setDraft((d) => ({ ...d, ...p }));
  const go = (step: Draft['step']) => {
    setError(null);
    patch({ step });
  };
  const body = (): RunBody => ({
    mapping: Object.fromEntries(draft.upload!.headers.map((h) => [h, draft.mapping[h] ?? IGNORE])),
    options: { ...draft.options, tags: parseTags(draft.tagsText) },
    saveMapping: draft.saveMapping,
  });

  async function preview() {
    setBusy(true);
    setError(null);
    try {
      const p = await previewImport(draft.upload!.importId, body());
      patch({ preview: p, step: 2 });
    } catch (e) {
      setError(message(e));
    } finally {
      setBusy(false);
    }
  }

  async function start() {
    const u = draft.upload!;
    setBusy(true);
    setError(null);
    try {
      const r = await runImport(u.importId, body());
      watchImport(r.importId ?? u.importId, u.filename);
      setDraft(EMPTY_DRAFT);
      saveDraft(EMPTY_DRAFT);
      void qc.invalidateQueries({ queryKey: ['imports'] });
      navigate(`/import/${r.importId ?? u.importId}`);
    } catch (e) {
      setError(message(e));
      setBusy(false);
    }
  }

  const u = draft.upload;
  if (!canImport) return <NotAllowed />;
  return (
    <ImportShell step={u ? draft.step : 0}>
      {!u || draft.step === 0 ? (
        <>
          <UploadStep onUploaded={(up) => setDraft({ ...EMPTY_DRAFT, workspaceId: wsId, upload: up, mapping: { ...up.mapping }, step: 1 })} />
          <ImportHistory />
        </>
      ) : draft.step === 1 || !draft.preview ? (
        <MappingStep
          upload={u}
          mapping={draft.mapping}
          onMapping={(mapping) => patch({ mapping, preview: null })}
          options={draft.options}
          onOptions={(options) => patch({ options, preview: null })}
          tagsText={draft.tagsText}
          onTagsText={(tagsText) => patch({ tagsText })}
          saveMapping={draft.saveMapping}
          onSaveMapping={(saveMapping) => patch({ saveMapping })}
          onBack={() => setDraft(EMPTY_DRAFT)}
          onNext={() => void preview()}
          busy={busy}
          error={error}
        />
      ) : (
        <PreviewStep preview={draft.preview} totalRows={u.totalRows} dedupe={draft.options.dedupe ?? 'skip'} onBack={() => go(1)} onStart={() => void start()} busy={busy} error={error} />
      )}
    </ImportShell>
  );
}

/** Imports create and overwrite leads in bulk: managers, admins and the owner only (the server enforces it too). */
export function NotAllowed() {
  return (
    <ImportShell step={0}>
      <Card>
        <EmptyState title="Only managers and admins can import leads">Ask a manager or an admin of this workspace to import the file, or to change your role.</EmptyState>
      </Card>
    </ImportShell>
  );
}
