import { useEffect, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Plus, Trash2 } from 'lucide-react';
import { toast } from 'sonner';
import type { ComplianceDecisionRow, ComplianceSettings as Settings } from '@flywheel/contracts';
import { api } from '../../app/api.ts';
import { hasRole, useMe } from '../../app/session.tsx';
import { Alert, Badge, Button, Card, CardHeader, Field, Input, RelativeTime, Select, Skeleton, Table, Td, Th } from '../../ui/index.ts';

const KEY = ['settings', 'compliance'];
const DLC_LABELS: Record<Settings['tenDlcStatus'], string> = { none: 'Not registered', pending: 'Pending', approved: 'Approved', rejected: 'Rejected' };
const SOURCE_LABELS: Record<ComplianceDecisionRow['source'], string> = { dial: 'Dial', check: 'Check', sms: 'Text', engine: 'Power dialer' };

type RuleRow = { state: string; start: string; end: string; cap: string };
const toRows = (s: Settings): RuleRow[] =>
  Object.entries(s.stateRules).map(([state, r]) => ({ state, start: r.start?.toString() ?? '', end: r.end?.toString() ?? '', cap: r.maxCallsPer24h?.toString() ?? '' }));
const num = (v: string) => (v.trim() === '' ? undefined : Number(v));

/**
 * Settings → Compliance (admins): calling hours in the called party's time, stricter state rules,
 * the minimum gap between calls, the 10DLC registration that gates texting, the recording
 * announcement, and the gate's latest decisions.
 */
export function ComplianceSettings() {
  const me = useMe();
  const admin = hasRole(me.data, 'admin');
  const q = useQuery({ queryKey: KEY, queryFn: () => api.get<Settings>('/api/v1/settings/compliance'), enabled: admin });
  if (!admin) return <Alert tone="info">Only an admin changes the compliance rules. Every call and text is still checked against them.</Alert>;
  if (q.isError) return <Alert tone="error">{q.error.message}</Alert>;
  if (!q.data) return <Skeleton className="h-64 w-full" />;
  return (
    <>
      <RulesForm initial={q.data} />
      <Decisions />
    </>
  );
}

function RulesForm({ initial }: { initial: Settings }) {
  const qc = useQueryClient();
  const [start, setStart] = useState(String(initial.callingHours.start));
  const [end, setEnd] = useState(String(initial.callingHours.end));
  const [rules, setRules] = useState<RuleRow[]>(toRows(initial));
  const [gap, setGap] = useState(String(initial.minGapMinutes));
  const [dlc, setDlc] = useState(initial.tenDlcStatus);
  const [consent, setConsent] = useState(initial.recordingConsent);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setRules(toRows(initial)), [initial]);

  async function save() {
    setSaving(true);
    setError(null);
    try {
      const stateRules: Settings['stateRules'] = {};
      for (const r of rules) {
        const code = r.state.trim().toUpperCase();
        if (!code) continue;
        stateRules[code] = { start: num(r.start), end: num(r.end), maxCallsPer24h: num(r.cap) };
      }
      const body: Settings = { callingHours: { start: Number(start), end: Number(end) }, stateRules, minGapMinutes: Number(gap || 0), tenDlcStatus: dlc, recordingConsent: consent };
      qc.setQueryData(KEY, await api.put<Settings>('/api/v1/settings/compliance', body));
      toast.success('Compliance rules saved');
    } catch (e) {
      setError(e instanceof Error ? e.message : 'Not saved');
    } finally {
      setSaving(false);
    }
  }

  const setRule = (i: number, patch: Partial<RuleRow>) => setRules((rs) => rs.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <Card>
      <CardHeader title="Compliance" subtitle="Checked before every call and text — by reps, sequences and the power dialer — and logged with its reason." />
      <form className="space-y-5 p-4" onSubmit={(e) => { e.preventDefault(); void save(); }}>
        <fieldset className="space-y-2">
          <legend className="text-sm font-semibold">Calling hours</legend>
          <p className="text-xs text-muted">In the called person's local time (their time zone, else their area code's). The law's floor is 8:00–21:00.</p>
          <div className="flex items-end gap-3">
            <Field label="From (hour)">{(p) => <Input {...p} type="number" min={0} max={23} value={start} onChange={(e) => setStart(e.target.value)} className="!w-24" />}</Field>
            <Field label="Until (hour)">{(p) => <Input {...p} type="number" min={1} max={24} value={end} onChange={(e) => setEnd(e.target.value)} className="!w-24" />}</Field>
          </div>
        </fieldset>

        <fieldset className="space-y-2">
          <legend className="text-sm font-semibold">Stricter state rules</legend>
          <p className="text-xs text-muted">A narrower window and/or a cap on calls per person per 24 hours (e.g. Florida 8–20 and 3 calls).</p>
          <Table aria-label="State rules">
            <thead><tr><Th>State</Th><Th>From</Th><Th>Until</Th><Th>Max calls / 24 h</Th><Th><span className="sr-only">Remove</span></Th></tr></thead>
            <tbody>
              {rules.map((r, i) => (
                <tr key={i}>
                  <Td><Input aria-label="State code" value={r.state} maxLength={2} placeholder="FL" onChange={(e) => setRule(i, { state: e.target.value.toUpperCase() })} className="!w-16" /></Td>
                  <Td><Input aria-label={`${r.state || 'State'} from`} type="number" min={0} max={23} value={r.start} onChange={(e) => setRule(i, { start: e.target.value })} className="!w-20" /></Td>
                  <Td><Input aria-label={`${r.state || 'State'} until`} type="number" min={1} max={24} value={r.end} onChange={(e) => setRule(i, { end: e.target.value })} className="!w-20" /></Td>
                  <Td><Input aria-label={`${r.state || 'State'} max calls`} type="number" min={1} max={100} value={r.cap} placeholder="—" onChange={(e) => setRule(i, { cap: e.target.value })} className="!w-24" /></Td>
                  <Td><Button variant="ghost" size="sm" aria-label={`Remove ${r.state || 'rule'}`} onClick={() => setRules((rs) => rs.filter((_, j) => j !== i))}><Trash2 aria-hidden className="h-3.5 w-3.5" /></Button></Td>
                </tr>
              ))}
            </tbody>
          </Table>
          <Button size="sm" onClick={() => setRules((rs) => [...rs, { state: '', start: '', end: '', cap: '' }])}><Plus aria-hidden className="h-3.5 w-3.5" /> Add a state</Button>
        </fieldset>

        <div className="grid gap-3 sm:grid-cols-3">
          <Field label="Minimum gap between calls (minutes)" hint="0 = off">{(p) => <Input {...p} type="number" min={0} max={10080} value={gap} onChange={(e) => setGap(e.target.value)} />}</Field>
          <Field label="10DLC registration" hint="Texts go out only when approved.">
            {(p) => (
              <Select {...p} value={dlc} onChange={(e) => setDlc(e.target.value as Settings['tenDlcStatus'])}>
                {Object.entries(DLC_LABELS).map(([k, v]) => <option key={k} value={k}>{v}</option>)}
              </Select>
            )}
          </Field>
          <Field label="Recording announcement">
            {(p) => (
              <Select {...p} value={consent} onChange={(e) => setConsent(e.target.value === 'always' ? 'always' : 'all_party_states')}>
                <option value="all_party_states">In all-party-consent states</option>
                <option value="always">On every recorded call</option>
              </Select>
            )}
          </Field>
        </div>
        {error && <Alert tone="error" title="Not saved">{error}</Alert>}
        <div className="flex justify-end"><Button variant="primary" type="submit" loading={saving}>Save rules</Button></div>
      </form>
    </Card>
  );
}

function Decisions() {
  const q = useQuery({ queryKey: ['compliance', 'decisions'], queryFn: () => api.get<{ data: ComplianceDecisionRow[] }>('/api/v1/compliance/decisions?limit=25'), refetchInterval: 30_000 });
  return (
    <Card>
      <CardHeader title="Latest decisions" subtitle="What the gate allowed or refused, and why." />
      {!q.data ? <div className="p-4"><Skeleton className="h-20 w-full" /></div> : q.data.data.length === 0 ? <p className="px-4 pb-4 text-sm text-muted">No call or text checked yet.</p> : (
        <Table>
          <thead><tr><Th>When</Th><Th>What</Th><Th>Decision</Th><Th>Why</Th></tr></thead>
          <tbody>
            {q.data.data.map((d) => (
              <tr key={d.id}>
                <Td className="whitespace-nowrap text-xs"><RelativeTime date={d.decidedAt} /></Td>
                <Td className="text-xs">{SOURCE_LABELS[d.source]} · {d.kind === 'sms' ? 'text' : 'call'}</Td>
                <Td>{d.allowed ? <Badge tone="green">Allowed</Badge> : <Badge tone="red">Refused</Badge>}</Td>
                <Td className="text-xs">{d.reason}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </Card>
  );
}
