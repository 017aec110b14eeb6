import { DialerSettingsSchema, type DialerSettings } from '@flywheel/contracts';
import type { Sql } from '../../db/client.ts';
import { badRequest } from '../../platform/http/errors.ts';
import { requireUser, type WorkCtx } from '../tasks/index.ts';

/** What a new workspace's reps read until someone writes their own (variables filled per lead). */
export const DEFAULT_SCRIPT = `Hi {FirstName}, this is {RepFirstName}. I'll be quick — I work with businesses like {Company} around {City}.

Did I catch you at a bad time?

[If OK] The reason I'm calling: most teams we talk to lose deals because follow-ups slip. We fix that.
How are you handling follow-ups at {Company} today?

[Interest] Would it make sense to take 20 minutes this week to see if it fits? How's Tuesday or Thursday?
[Not now] No problem — when would be a better time to reconnect?`;

/** workspaces.settings.dialer over the defaults; a stored value that no longer parses falls back field by field. */
export async function readDialerSettings(tx: Sql, workspaceId: string): Promise<DialerSettings> {
  const { rows } = await tx.query<{ dialer: unknown }>(`SELECT settings -> 'dialer' AS dialer FROM workspaces WHERE id = $1`, [workspaceId]);
  const stored = rows[0]?.dialer;
  const base = DialerSettingsSchema.parse({ script: DEFAULT_SCRIPT });
  if (typeof stored !== 'object' || stored === null) return base;
  const out: DialerSettings = { ...base };
  for (const [k, v] of Object.entries(stored)) {
    const one = DialerSettingsSchema.safeParse({ ...out, [k]: v });
    if (one.success) Object.assign(out, one.data);
  }
  return out;
}

export function getDialerSettings(ctx: WorkCtx): Promise<DialerSettings> {
  return ctx.tx((tx) => readDialerSettings(tx, ctx.workspaceId));
}

export function putDialerSettings(ctx: WorkCtx, body: DialerSettings): Promise<DialerSettings> {
  if (body.workdayEndHour <= body.workdayStartHour) throw badRequest('The working day must end after it starts.', { workdayEndHour: 'After the start hour.' });
  return ctx.tx(async (tx) => {
    await tx.query(`UPDATE workspaces SET settings = jsonb_set(settings, '{dialer}', $2::jsonb) WHERE id = $1`, [ctx.workspaceId, JSON.stringify(body)]);
    return readDialerSettings(tx, ctx.workspaceId);
  });
}

export function setDailyTarget(ctx: WorkCtx, target: number): Promise<{ dailyAttemptTarget: number }> {
  const userId = requireUser(ctx, 'A daily target');
  return ctx.tx(async (tx) => {
    await tx.query('UPDATE memberships SET daily_attempt_target = $3 WHERE workspace_id = $1 AND user_id = $2', [ctx.workspaceId, userId, target]);
    return { dailyAttemptTarget: target };
  });
}
