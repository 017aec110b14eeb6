import { useId, type ReactNode } from 'react';
import { ArrowLeft, ArrowRight } from 'lucide-react';
import { Alert, Badge, Button, Card, CardHeader, Checkbox, cn, Field, Input, Select, Table, Td, Th } from '../../ui/index.ts';
import { detectionSummary, fmt, sourceLabel } from './format.ts';
import { customKey, duplicateTargets, groupFields, hasIdentity, IGNORE, isCustom, sampleValues, slug } from './mapping.ts';
import { useMembers, useStages } from './useImports.ts';
import type { ImportOptions, TargetField, UploadResult } from './types.ts';

interface Props {
  upload: UploadResult;
  mapping: Record<string, string>;
  onMapping: (m: Record<string, string>) => void;
  options: ImportOptions;
  onOptions: (o: ImportOptions) => void;
  tagsText: string;
  onTagsText: (v: string) => void;
  saveMapping: boolean;
  onSaveMapping: (v: boolean) => void;
  onBack: () => void;
  onNext: () => void;
  busy: boolean;
  error: string | null;
}

/** Step 2: one row per source column → a target field; plus what to do with duplicates, stage, owner, tags. */
export function MappingStep({ upload, mapping, onMapping, options, onOptions, tagsText, onTagsText, saveMapping, onSaveMapping, onBack, onNext, busy, error }: Props) {
  const groups = groupFields(upload.fields);
  const labelOf = new Map<string, string>(upload.fields.map((f) => [f.key, f.label]));
  const dupes = duplicateTargets(mapping, upload.fields);
  const mapped = upload.headers.filter((h) => (mapping[h] ?? IGNORE) !== IGNORE).length;
  const identityOk = hasIdentity(mapping);
  const saved = upload.mappingOrigin === 'saved';
  const source = upload.detectedSource === 'generic' ? 'files with these columns' : `${sourceLabel(upload.detectedSource)} exports`;

  return (
    <form
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        if (!dupes.size) onNext();
      }}
    >
      <Card>
        <CardHeader
          title="Map columns"
          subtitle={<><span className="font-medium text-[var(--text)]">{upload.filename}</span> · {detectionSummary(upload)}</>}
          actions={<span className="text-xs text-muted" aria-live="polite">{mapped} of {upload.headers.length} columns imported</span>}
        />
        {(!identityOk || dupes.size > 0 || saved) && (
          <div className="space-y-2 px-4 pt-3">
            {saved && <Alert tone="info">Using the mapping you saved for {source}; new columns were matched automatically.</Alert>}
            {!identityOk && (
              <Alert tone="warning" title="No column is mapped to a name, email or phone">
                Every lead needs at least one of them, so every row would be rejected. Map the column that holds the company or person name, the email or the phone.
              </Alert>
            )}
            {dupes.size > 0 && (
              <Alert tone="error" title="Two columns go to the same field">
                {[...dupes].map(([t, cols]) => `${labelOf.get(t) ?? t}: ${cols.map((c) => `“${c}”`).join(' and ')}`).join('; ')}. Choose a different field for one of them, or don’t import it.
              </Alert>
            )}
          </div>
        )}
        <div className="overflow-x-auto">
          <Table aria-label="Column mapping">
            <thead>
              <tr>
                <Th className="w-56">Column in file</Th>
                <Th>Sample values</Th>
                <Th className="w-[22rem]">Import as</Th>
              </tr>
            </thead>
            <tbody>
              {upload.headers.map((h, i) => {
                const target = mapping[h] ?? IGNORE;
                const auto = target !== IGNORE && upload.mapping[h] === target;
                const dupe = dupes.has(target);
                const samples = sampleValues(upload, i);
                return (
                  <tr key={`${i}-${h}`} data-testid="mapping-row" className={target === IGNORE ? 'opacity-70' : undefined}>
                    <Td className="font-medium">{h || <span className="text-muted">(column {i + 1}, no name)</span>}</Td>
                    <Td className="text-xs">
                      {samples.length ? (
                        <ul className="flex flex-wrap gap-1" aria-label={`Sample values of “${h}”`}>
                          {samples.map((s, j) => <li key={j} className="max-w-56 truncate rounded bg-panel-2 px-1.5 py-0.5" title={s}>{s}</li>)}
                        </ul>
                      ) : <span className="italic text-muted">empty in the first rows</span>}
                    </Td>
                    <Td>
                      <div className="flex items-center gap-2">
                        <Select
                          aria-label={`Import column “${h}” as`}
                          aria-invalid={dupe || undefined}
                          value={target}
                          onChange={(e) => onMapping({ ...mapping, [h]: e.target.value })}
                          className={cn('w-64', dupe && 'border-red-500')}
                        >
                          <TargetOptions groups={groups} header={h} target={target} labelOf={labelOf} />
                        </Select>
                        {dupe ? <Badge tone="red">Duplicate</Badge> : auto ? <span title={saved ? 'From your saved mapping' : 'Matched automatically from the column name'}><Badge tone="brand">{saved ? 'saved' : 'auto'}</Badge></span> : null}
                      </div>
                    </Td>
                  </tr>
                );
              })}
            </tbody>
          </Table>
        </div>
      </Card>

      <OptionsCard options={options} onOptions={onOptions} tagsText={tagsText} onTagsText={onTagsText} />

      <Card className="space-y-3 p-4">
        <label className="flex items-center gap-2 text-sm">
          <Checkbox checked={saveMapping} onChange={(e) => onSaveMapping(e.target.checked)} />
          Remember this mapping for {source}
        </label>
        {error && <Alert tone="error">{error}</Alert>}
        <div className="flex items-center justify-between gap-2">
          <Button onClick={onBack}><ArrowLeft aria-hidden className="h-4 w-4" /> Choose another file</Button>
          <span className="ml-auto text-xs text-muted" aria-live="polite">{busy ? `Checking all ${fmt(upload.totalRows)} rows against your leads…` : ''}</span>
          <Button type="submit" variant="primary" loading={busy} disabled={dupes.size > 0}>
            Preview import <ArrowRight aria-hidden className="h-4 w-4" />
          </Button>
        </div>
      </Card>
    </form>
  );
}

function TargetOptions({ groups, header, target, labelOf }: { groups: { label: string; fields: TargetField[] }[]; header: string; target: string; labelOf: Map<string, string> }) {
  const newCustom = `custom:${slug(header)}`;
  const customGroup = groups.find((g) => g.label === 'Custom');
  const extra: ReactNode[] = [];
  // a custom target the server suggested (or the user chose) that is not an existing custom field
  if (isCustom(target) && !labelOf.has(target) && target !== newCustom) extra.push(<option key={target} value={target}>Custom field “{customKey(target)}”</option>);
  if (!labelOf.has(newCustom)) extra.push(<option key={newCustom} value={newCustom}>New custom field “{header || 'unnamed'}”</option>);
  return (
    <>
      {groups.filter((g) => g !== customGroup).map((g) => (
        <optgroup key={g.label} label={g.label}>
          {g.fields.map((f) => <option key={f.key} value={f.key}>{f.label}</option>)}
        </optgroup>
      ))}
      <optgroup label="Custom">
        {customGroup?.fields.map((f) => <option key={f.key} value={f.key}>{f.label}</option>)}
        {extra}
      </optgroup>
      <optgroup label="Ignore">
        <option value={IGNORE}>Don’t import</option>
      </optgroup>
    </>
  );
}

function OptionsCard({ options, onOptions, tagsText, onTagsText }: { options: ImportOptions; onOptions: (o: ImportOptions) => void; tagsText: string; onTagsText: (v: string) => void }) {
  const stages = useStages();
  const members = useMembers();
  const dedupeName = useId();
  const set = (patch: Partial<ImportOptions>) => onOptions({ ...options, ...patch });
  return (
    <Card>
      <CardHeader title="Options" />
      <div className="grid gap-4 p-4 md:grid-cols-2">
        <fieldset className="md:col-span-2">
          <legend className="mb-1.5 text-xs font-medium text-muted">When a lead already exists (same email or phone)</legend>
          <div className="flex flex-wrap gap-x-6 gap-y-2 text-sm">
            <label className="flex items-start gap-2">
              <input type="radio" name={dedupeName} className="mt-0.5 accent-brand-600" checked={options.dedupe === 'skip'} onChange={() => set({ dedupe: 'skip' })} />
              <span>Skip the row<span className="block text-xs text-muted">The existing lead stays as it is.</span></span>
            </label>
            <label className="flex items-start gap-2">
              <input type="radio" name={dedupeName} className="mt-0.5 accent-brand-600" checked={options.dedupe === 'update'} onChange={() => set({ dedupe: 'update' })} />
              <span>Update it<span className="block text-xs text-muted">Values from the file fill in and replace the existing ones.</span></span>
            </label>
          </div>
        </fieldset>
        <Field label="Default stage" hint={stages.isError ? 'Stages could not be loaded: new leads start in the first stage.' : 'For new leads whose row has no stage.'}>
          {(p) => (
            <Select {...p} value={options.defaultStage ?? ''} onChange={(e) => set({ defaultStage: e.target.value || undefined })}>
              <option value="">First stage of the pipeline</option>
              {stages.data?.data.map((s) => <option key={s.key} value={s.key}>{s.label}</option>)}
            </Select>
          )}
        </Field>
        <Field label="Owner" hint="For new leads whose row names no owner.">
          {(p) => (
            <Select {...p} value={options.ownerId ?? ''} onChange={(e) => set({ ownerId: e.target.value || undefined })}>
              <option value="">Unassigned</option>
              {members.data?.data.map((m) => <option key={m.id} value={m.id}>{m.name || m.email}</option>)}
            </Select>
          )}
        </Field>
        <Field label="Tags to add" hint="Comma-separated; added to every imported lead." className="md:col-span-2">
          {(p) => (
            <Input
              {...p}
              placeholder="e.g. hubspot-import, spring-list"
              value={tagsText}
              onChange={(e) => onTagsText(e.target.value)}
            />
          )}
        </Field>
      </div>
    </Card>
  );
}
