import { useQuery } from '@tanstack/react-query';
import type { CallScriptList, PowerConfigInput, VoicemailTemplate } from '@flywheel/contracts';
import { api } from '../../app/api.ts';
import { Checkbox, Field, Input, Select } from '../../ui/index.ts';

export type PowerConfigDraft = Required<Pick<PowerConfigInput, 'linesPerRep' | 'pacing' | 'maxAttempts' | 'redialDelay' | 'voicemail' | 'callerIdMode' | 'autoSmsOnExhaust' | 'ringTimeoutSeconds' | 'record'>> & {
  callerId: string | null;
  voicemailTemplateId: string | null;
  scriptId: string | null;
};

export const DEFAULT_DRAFT: PowerConfigDraft = { linesPerRep: 2, pacing: 'adaptive', maxAttempts: 2, redialDelay: 'end', voicemail: 'drop', callerIdMode: 'local', callerId: null, autoSmsOnExhaust: false, ringTimeoutSeconds: 25, record: false, voicemailTemplateId: null, scriptId: null };

/** The recorded messages and scripts a session can use instead of the workspace defaults. */
function useChoices() {
  const voicemails = useQuery({ queryKey: ['voicemail-templates'], queryFn: () => api.get<{ data: VoicemailTemplate[] }>('/api/v1/voicemail-templates'), staleTime: 60_000 });
  const scripts = useQuery({ queryKey: ['scripts', 'power-choices'], queryFn: () => api.get<CallScriptList>('/api/v1/scripts'), staleTime: 60_000 });
  return { voicemails: voicemails.data?.data ?? [], scripts: scripts.data?.data ?? [] };
}

/** The power dialer's configuration (F4 config panel): lines, pacing, redial, voicemail, caller id, auto-SMS, recording. */
export function PowerConfigFields({ value, onChange, disabled }: { value: PowerConfigDraft; onChange: (v: PowerConfigDraft) => void; disabled?: boolean }) {
  const set = <K extends keyof PowerConfigDraft>(k: K, v: PowerConfigDraft[K]) => onChange({ ...value, [k]: v });
  const choices = useChoices();
  const defaultVm = choices.voicemails.find((v) => v.isDefault);
  return (
    <div className="grid gap-3 sm:grid-cols-2">
      <fieldset className="sm:col-span-2" disabled={disabled}>
        <legend className="mb-1 text-xs font-medium text-muted">Lines per rep</legend>
        <div role="radiogroup" aria-label="Lines per rep" className="flex gap-2">
          {[1, 2, 3].map((n) => (
            <label key={n} className={`flex cursor-pointer items-center gap-2 rounded-md border px-3 py-1.5 text-sm ${value.linesPerRep === n ? 'border-brand-600 ring-2 ring-brand-500/30' : 'border-default'}`}>
              <input type="radio" name="lines" className="accent-brand-600" checked={value.linesPerRep === n} onChange={() => set('linesPerRep', n)} />
              {n} {n === 1 ? 'line' : 'lines'}
            </label>
          ))}
        </div>
        <p className="mt-1 text-xs text-muted">{value.linesPerRep === 1 ? 'One call at a time: never an abandoned call.' : 'First person to answer is connected; the other lines are released while ringing.'}</p>
      </fieldset>
      <Field label="Pacing" hint={value.pacing === 'adaptive' ? 'Dials up to the lines while abandonment stays under 3% of answered calls (30 days).' : 'Always every line — only 1 line is safe without the cap.'}>
        {(p) => (
          <Select {...p} disabled={disabled || value.linesPerRep === 1} value={value.linesPerRep === 1 ? 'fixed' : value.pacing} onChange={(e) => set('pacing', e.target.value === 'fixed' ? 'fixed' : 'adaptive')}>
            <option value="adaptive">Adaptive (3% abandonment cap)</option>
            <option value="fixed">Fixed</option>
          </Select>
        )}
      </Field>
      <Field label="Attempts per lead">
        {(p) => (
          <Select {...p} disabled={disabled} value={value.maxAttempts} onChange={(e) => set('maxAttempts', Number(e.target.value))}>
            {[1, 2, 3, 4, 5].map((n) => <option key={n} value={n}>{n}</option>)}
          </Select>
        )}
      </Field>
      <Field label="Redial">
        {(p) => (
          <Select {...p} disabled={disabled || value.maxAttempts === 1} value={value.redialDelay} onChange={(e) => set('redialDelay', e.target.value as PowerConfigDraft['redialDelay'])}>
            <option value="end">At the end of the queue</option>
            <option value="5s">After 5 seconds</option>
            <option value="30s">After 30 seconds</option>
          </Select>
        )}
      </Field>
      <Field label="Voicemail" hint="Drops the default recorded message after the beep (Settings → Voicemail); without one, hangs up.">
        {(p) => (
          <Select {...p} disabled={disabled} value={value.voicemail} onChange={(e) => set('voicemail', e.target.value === 'hangup' ? 'hangup' : 'drop')}>
            <option value="drop">Drop my recorded message</option>
            <option value="hangup">Hang up</option>
          </Select>
        )}
      </Field>
      {value.voicemail === 'drop' && (
        <Field label="Message to drop" hint={choices.voicemails.length === 0 ? 'No recording yet: record one in Settings → Voicemail (until then, machines are hung up on).' : undefined}>
          {(p) => (
            <Select {...p} disabled={disabled || choices.voicemails.length === 0} value={value.voicemailTemplateId ?? ''} onChange={(e) => set('voicemailTemplateId', e.target.value || null)}>
              <option value="">{defaultVm ? `Workspace default (${defaultVm.name})` : 'Workspace default'}</option>
              {choices.voicemails.map((v) => <option key={v.id} value={v.id}>{v.name}</option>)}
            </Select>
          )}
        </Field>
      )}
      <Field label="Script">
        {(p) => (
          <Select {...p} disabled={disabled} value={value.scriptId ?? ''} onChange={(e) => set('scriptId', e.target.value || null)}>
            <option value="">Default for the power dialer</option>
            {choices.scripts.map((sc) => <option key={sc.id} value={sc.id}>{sc.name}</option>)}
          </Select>
        )}
      </Field>
      <Field label="Caller id">
        {(p) => (
          <Select {...p} disabled={disabled} value={value.callerIdMode} onChange={(e) => set('callerIdMode', e.target.value === 'fixed' ? 'fixed' : 'local')}>
            <option value="local">Local presence (number pool)</option>
            <option value="fixed">Always one number</option>
          </Select>
        )}
      </Field>
      {value.callerIdMode === 'fixed' && (
        <Field label="Number" hint="E.164, e.g. +14155550100">
          {(p) => <Input {...p} disabled={disabled} value={value.callerId ?? ''} placeholder="+14155550100" onChange={(e) => set('callerId', e.target.value.trim() || null)} />}
        </Field>
      )}
      <Field label="Ring for (seconds)" hint="At least 15 s (4 rings).">
        {(p) => <Input {...p} type="number" min={15} max={60} disabled={disabled} value={value.ringTimeoutSeconds} onChange={(e) => set('ringTimeoutSeconds', Number(e.target.value))} />}
      </Field>
      <label className="flex items-start gap-2 text-sm">
        <Checkbox className="mt-0.5" disabled={disabled} checked={value.autoSmsOnExhaust} onChange={(e) => set('autoSmsOnExhaust', e.target.checked)} />
        <span>Text after the last attempt <span className="block text-xs text-muted">The auto-SMS template, when texting is approved and the number has not opted out.</span></span>
      </label>
      <label className="flex items-start gap-2 text-sm">
        <Checkbox className="mt-0.5" disabled={disabled} checked={value.record} onChange={(e) => set('record', e.target.checked)} />
        <span>Record connected calls <span className="block text-xs text-muted">Two-party-consent states hear the announcement first.</span></span>
      </label>
    </div>
  );
}
