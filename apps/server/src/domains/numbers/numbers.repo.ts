import { z } from 'zod';
import type { PhoneNumber } from '@flywheel/contracts';
import type { Sql } from '../../db/client.ts';
import { conflict, notFound } from '../../platform/http/errors.ts';
import { areaOf } from './area.ts';

type Provider = PhoneNumber['provider'];

interface Row {
  id: string;
  e164: string;
  provider: Provider;
  label: string;
  area_code: string | null;
  region: string | null;
  status: PhoneNumber['status'];
  health_score: number | null;
  is_default: boolean;
  cnam: string | null;
  cnam_status: PhoneNumber['cnamStatus'];
  spam_reports_by_reps: number;
  calls_7d: number | null;
  connects_7d: number | null;
  connect_rate_7d: number | null;
  connect_rate_prev_7d: number | null;
  spam_score: number | null;
  spam_sources: unknown;
  health_reasons: unknown;
  calls_24h: number;
  last_checked_at: Date | null;
  created_at: Date;
}

const SourcesJson = z.array(z.object({ source: z.string(), score: z.number().nullable(), label: z.string().nullable(), error: z.string().nullable() }));
const ReasonsJson = z.array(z.string());

const SELECT = `
  SELECT n.*, (SELECT count(*)::int FROM call_sessions cs
                WHERE cs.workspace_id = n.workspace_id AND cs.from_number = n.e164 AND cs.direction = 'outbound'
                  AND cs.started_at > now() - interval '24 hours') AS calls_24h
    FROM phone_numbers n`;

function toDto(r: Row): PhoneNumber {
  const wow = r.connect_rate_7d !== null && r.connect_rate_prev_7d !== null && r.connect_rate_prev_7d > 0 ? (r.connect_rate_7d - r.connect_rate_prev_7d) / r.connect_rate_prev_7d : null;
  const sources = SourcesJson.safeParse(r.spam_sources);
  const reasons = ReasonsJson.safeParse(r.health_reasons);
  return {
    id: r.id, e164: r.e164, provider: r.provider, label: r.label, areaCode: r.area_code, region: r.region, status: r.status,
    healthScore: r.health_score, isDefault: r.is_default, cnam: r.cnam, cnamStatus: r.cnam_status, spamReportsByReps: r.spam_reports_by_reps,
    calls7d: r.calls_7d, connects7d: r.connects_7d, connectRate7d: r.connect_rate_7d, connectRateWoW: wow, spamScore: r.spam_score,
    spamSources: sources.success ? sources.data : [], healthReasons: reasons.success ? reasons.data : [], calls24h: r.calls_24h,
    lastCheckedAt: r.last_checked_at ? new Date(r.last_checked_at).toISOString() : null, createdAt: new Date(r.created_at).toISOString(),
  };
}

export async function listNumbers(tx: Sql, workspaceId: string, opts: { provider?: string } = {}): Promise<PhoneNumber[]> {
  const { rows } = await tx.query<Row>(
    `${SELECT} WHERE n.workspace_id = $1 AND ($2::text IS NULL OR n.provider = $2) ORDER BY n.is_default DESC, n.e164`,
    [workspaceId, opts.provider ?? null],
  );
  return rows.map(toDto);
}

export async function getNumber(tx: Sql, workspaceId: string, id: string): Promise<PhoneNumber> {
  const { rows } = await tx.query<Row>(`${SELECT} WHERE n.workspace_id = $1 AND n.id = $2`, [workspaceId, id]);
  if (!rows[0]) throw notFound('Number');
  return toDto(rows[0]);
}

const isUniqueViolation = (err: unknown) => typeof err === 'object' && err !== null && 'code' in err && err.code === '23505';

export interface NewNumber {
  e164: string;
  provider: Provider;
  label: string;
  isDefault: boolean;
  cnam: string | null;
}

/** Adds a number; the first number of a pool becomes its default. Area and state come from the number. */
export async function insertNumber(tx: Sql, workspaceId: string, n: NewNumber): Promise<string> {
  const area = areaOf(n.e164);
  const { rows: existing } = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM phone_numbers WHERE workspace_id = $1', [workspaceId]);
  const makeDefault = n.isDefault || existing[0].n === 0;
  if (makeDefault) await tx.query('UPDATE phone_numbers SET is_default = false, updated_at = now() WHERE workspace_id = $1 AND is_default', [workspaceId]);
  try {
    // a savepoint keeps the transaction usable after a duplicate (Postgres aborts it otherwise)
    await tx.query('SAVEPOINT add_number');
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO phone_numbers (workspace_id, e164, provider, label, area_code, region, is_default, cnam, cnam_status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, CASE WHEN $8::text IS NULL THEN NULL ELSE 'pending' END) RETURNING id`,
      [workspaceId, n.e164, n.provider, n.label, area.areaCode, area.region, makeDefault, n.cnam],
    );
    await tx.query('RELEASE SAVEPOINT add_number');
    return rows[0].id;
  } catch (err) {
    if (isUniqueViolation(err)) {
      await tx.query('ROLLBACK TO SAVEPOINT add_number');
      throw conflict(`${n.e164} is already in this workspace's pool.`);
    }
    throw err;
  }
}

export interface NumberPatch {
  label?: string;
  isDefault?: boolean;
  cnam?: string | null;
  cnamStatus?: NonNullable<PhoneNumber['cnamStatus']>;
}

export async function updateNumber(tx: Sql, workspaceId: string, id: string, p: NumberPatch): Promise<void> {
  const cur = await getNumber(tx, workspaceId, id);
  if (p.isDefault === false && cur.isDefault) throw conflict('Choose another default number instead; a pool always has one.');
  if (p.isDefault) await tx.query('UPDATE phone_numbers SET is_default = false, updated_at = now() WHERE workspace_id = $1 AND is_default AND id <> $2', [workspaceId, id]);
  // a new display name goes back to pending until the carrier confirms it
  const cnamChanged = p.cnam !== undefined && p.cnam !== cur.cnam;
  const cnamStatus = p.cnamStatus ?? (cnamChanged ? (p.cnam === null ? null : 'pending') : cur.cnamStatus);
  if (cnamStatus !== null && (p.cnam === undefined ? cur.cnam : p.cnam) === null) throw conflict('Set a caller name (CNAM) before its status.');
  await tx.query(
    `UPDATE phone_numbers SET label = coalesce($3, label), is_default = coalesce($4, is_default),
            cnam = CASE WHEN $5 THEN $6 ELSE cnam END, cnam_status = $7, updated_at = now()
      WHERE workspace_id = $1 AND id = $2`,
    [workspaceId, id, p.label ?? null, p.isDefault ?? null, p.cnam !== undefined, p.cnam ?? null, cnamStatus],
  );
}

/** Removes a number; when it was the default, the oldest remaining number takes over. */
export async function deleteNumber(tx: Sql, workspaceId: string, id: string): Promise<void> {
  const { rows } = await tx.query<{ is_default: boolean }>('DELETE FROM phone_numbers WHERE workspace_id = $1 AND id = $2 RETURNING is_default', [workspaceId, id]);
  if (!rows[0]) throw notFound('Number');
  if (rows[0].is_default) {
    await tx.query(
      `UPDATE phone_numbers SET is_default = true, updated_at = now()
        WHERE id = (SELECT id FROM phone_numbers WHERE workspace_id = $1 ORDER BY created_at, e164 LIMIT 1)`,
      [workspaceId],
    );
  }
}

/** A rep heard "Spam Likely" (or a prospect said so): counted, and who said it is kept. */
export async function reportSpam(tx: Sql, workspaceId: string, id: string, userId: string | null, note: string): Promise<void> {
  const { rowCount } = await tx.query('UPDATE phone_numbers SET spam_reports_by_reps = spam_reports_by_reps + 1, updated_at = now() WHERE workspace_id = $1 AND id = $2', [workspaceId, id]);
  if (!rowCount) throw notFound('Number');
  await tx.query('INSERT INTO phone_number_spam_reports (workspace_id, phone_number_id, user_id, note) VALUES ($1, $2, $3, $4)', [workspaceId, id, userId, note]);
}

// fictional (555-01xx is reserved for fiction), one per large area code
export const SANDBOX_POOL = [
  { e164: '+12125550142', label: 'New York' },
  { e164: '+13125550143', label: 'Chicago' },
  { e164: '+14155550144', label: 'San Francisco' },
  { e164: '+15125550145', label: 'Austin' },
  { e164: '+13055550146', label: 'Miami' },
] as const;

const Settings = z.object({ numbers: z.object({ sandboxSeededAt: z.string().optional() }).loose().optional() }).loose();

/**
 * A sandbox workspace gets the fictional pool the first time it opens Settings → Numbers, once:
 * numbers an admin deletes afterwards stay deleted.
 */
export async function seedSandboxPool(tx: Sql, workspaceId: string): Promise<boolean> {
  const { rows } = await tx.query<{ settings: unknown }>('SELECT settings FROM workspaces WHERE id = $1 FOR UPDATE', [workspaceId]);
  const s = Settings.safeParse(rows[0]?.settings ?? {});
  if (s.success && s.data.numbers?.sandboxSeededAt) return false;
  for (const [i, n] of SANDBOX_POOL.entries()) {
    const area = areaOf(n.e164);
    await tx.query(
      `INSERT INTO phone_numbers (workspace_id, e164, provider, label, area_code, region, is_default)
       VALUES ($1, $2, 'sandbox', $3, $4, $5, $6 AND NOT EXISTS (SELECT 1 FROM phone_numbers WHERE workspace_id = $1 AND is_default))
       ON CONFLICT (workspace_id, e164) DO NOTHING`,
      [workspaceId, n.e164, n.label, area.areaCode, area.region, i === 0],
    );
  }
  await tx.query(
    `UPDATE workspaces SET settings = jsonb_set(coalesce(settings, '{}'::jsonb), '{numbers}', coalesce(settings->'numbers', '{}'::jsonb) || jsonb_build_object('sandboxSeededAt', now()::text)) WHERE id = $1`,
    [workspaceId],
  );
  return true;
}
