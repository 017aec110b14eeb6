import { useNavigate } from 'react-router';
import { Activity, Users } from 'lucide-react';
import { toast } from 'sonner';
import { Badge, Button, ButtonLink, Card, CardHeader } from '../../ui/index.ts';
import { powerApi, usePowerSessions } from './api.ts';

/** Running power sessions on the Dialer home: mine to reopen, shared campaigns to join, and the live dashboard. */
export function PowerSessionsCard() {
  const q = usePowerSessions();
  const navigate = useNavigate();
  const items = q.data?.items ?? [];
  return (
    <Card>
      <CardHeader title="Power dialing" actions={<ButtonLink to="/dialer/live" size="sm"><Activity aria-hidden className="h-3.5 w-3.5" /> Live calls</ButtonLink>} />
      {items.length === 0 ? (
        <p className="px-4 pb-4 text-sm text-muted">No power session running. Start one with “Power dialer” under Call via.</p>
      ) : (
        <ul className="divide-y divide-default text-sm" data-testid="power-sessions">
          {items.map((s) => (
            <li key={s.id} className="flex items-center justify-between gap-2 px-4 py-2">
              <span className="min-w-0">
                <span className="block truncate font-medium">{s.name}</span>
                <span className="flex items-center gap-1 text-xs text-muted">{s.shared && <><Users aria-hidden className="h-3 w-3" /> shared ·</>} {s.ownerName} · {s.reps} {s.reps === 1 ? 'rep' : 'reps'}</span>
              </span>
              <span className="flex items-center gap-2">
                {s.status === 'paused' && <Badge tone="amber">Paused</Badge>}
                {s.joined ? (
                  <ButtonLink to={`/dialer/power/${s.id}`} size="sm" variant="primary">Open</ButtonLink>
                ) : (
                  <Button size="sm" onClick={() => void powerApi.join(s.id).then(() => navigate(`/dialer/power/${s.id}`), (e: unknown) => toast.error(e instanceof Error ? e.message : 'Could not join'))}>Join</Button>
                )}
              </span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
