import type { Db, Sql } from '../../db/client.ts';
import type { Logger } from '../deps.ts';
import { withWorkspace } from '../tenancy/with-workspace.ts';
import type { EmailPort } from './email/port.ts';
import type { Capability } from './types.ts';

export interface ProviderHealth {
  lastSuccessAt: string | null;
  lastErrorAt: string | null;
  lastError: string | null;
}

export type HealthRecorder = (workspaceId: string, capability: Capability, adapter: string, outcome: { ok: true } | { ok: false; error: unknown }) => Promise<void>;

// A busy dialer succeeds many times a second; one success write per key per interval is enough
// for "last success", while every error is written (they are what an operator needs to see).
const SUCCESS_WRITE_INTERVAL_MS = 30_000;
const MAX_ERROR_CHARS = 500;

/**
 * Records provider outcomes per workspace in `provider_health` (shared by every process, so the
 * API shows what the workers saw). Never throws: health bookkeeping must not break the send it
 * observes (SPEC §1.12). Errors are stored per workspace only, so one tenant never sees another's
 * error text (which can hold addresses or numbers).
 */
export function createHealthRecorder(db: Db, log: Logger): HealthRecorder {
  const lastSuccessWrite = new Map<string, number>();
  return async (workspaceId, capability, adapter, outcome) => {
    const key = `${workspaceId}:${capability}:${adapter}`;
    try {
      if (outcome.ok) {
        const last = lastSuccessWrite.get(key) ?? 0;
        if (Date.now() - last < SUCCESS_WRITE_INTERVAL_MS) return;
        lastSuccessWrite.set(key, Date.now());
        await withWorkspace(db, workspaceId, (tx) =>
          tx.query(
            `INSERT INTO provider_health (workspace_id, capability, adapter, last_success_at) VALUES ($1, $2, $3, now())
             ON CONFLICT (workspace_id, capability, adapter) DO UPDATE SET last_success_at = now()`,
            [workspaceId, capability, adapter],
          ),
        );
      } else {
        const message = (outcome.error instanceof Error ? outcome.error.message : String(outcome.error)).slice(0, MAX_ERROR_CHARS);
        await withWorkspace(db, workspaceId, (tx) =>
          tx.query(
            `INSERT INTO provider_health (workspace_id, capability, adapter, last_error_at, last_error) VALUES ($1, $2, $3, now(), $4)
             ON CONFLICT (workspace_id, capability, adapter) DO UPDATE SET last_error_at = now(), last_error = $4`,
            [workspaceId, capability, adapter, message],
          ),
        );
      }
    } catch (err) {
      log.warn({ err, workspaceId, capability, adapter }, 'could not record provider health');
    }
  };
}

export async function readHealth(tx: Sql, workspaceId: string, capability: Capability, adapter: string): Promise<ProviderHealth | null> {
  const { rows } = await tx.query<ProviderHealth>(
    `SELECT to_char(last_success_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "lastSuccessAt",
            to_char(last_error_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "lastErrorAt",
            last_error AS "lastError"
       FROM provider_health WHERE workspace_id = $1 AND capability = $2 AND adapter = $3`,
    [workspaceId, capability, adapter],
  );
  return rows[0] ?? null;
}

/**
 * Wraps a port so every asynchronous method records success or failure for the workspace it
 * serves. Synchronous methods (webhook parsing) are passed through: a forged webhook says nothing
 * about the provider's health.
 */
export function withHealth<P extends object>(port: P, workspaceId: string, capability: Capability, adapter: string, record: HealthRecorder): P {
  return new Proxy(port, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const out: unknown = Reflect.apply(value, target, args);
        if (!(out instanceof Promise)) return out;
        return out.then(
          async (result: unknown) => {
            await record(workspaceId, capability, adapter, { ok: true });
            return result;
          },
          async (error: unknown) => {
            await record(workspaceId, capability, adapter, { ok: false, error });
            throw error;
          },
        );
      };
    },
  });
}

/**
 * The instance's email port records health for the workspace each message belongs to
 * (invitations, notifications); instance-level mail (password resets) has no workspace to show it in.
 */
export function withEmailHealth(port: EmailPort, record: HealthRecorder): EmailPort {
  return {
    provider: port.provider,
    mode: port.mode,
    async send(msg) {
      try {
        const sent = await port.send(msg);
        if (msg.workspaceId) await record(msg.workspaceId, 'email', port.provider, { ok: true });
        return sent;
      } catch (error) {
        if (msg.workspaceId) await record(msg.workspaceId, 'email', port.provider, { ok: false, error });
        throw error;
      }
    },
  };
}
