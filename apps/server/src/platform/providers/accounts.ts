import crypto from 'node:crypto';
import type { Deps } from '../deps.ts';
import { getSecretBox } from '../secrets/secrets.ts';

/**
 * Provider accounts: which workspace a webhook belongs to and the secret that signs it.
 * One account per (workspace, provider). Webhook routes call `findAccount` / `listAccounts`
 * before any workspace is known (owner connection, outside RLS); the secret is decrypted here
 * and never leaves the server.
 */
export type AccountProvider = 'twilio' | 'sandbox' | 'openphone';

export interface ProviderAccount {
  id: string;
  workspaceId: string;
  provider: AccountProvider;
  /** Twilio / sandbox AccountSid (AC…); OpenPhone: a label. */
  accountId: string;
  /** Auth token (Twilio, sandbox) or webhook signing secret (OpenPhone), decrypted. */
  secret: string;
  defaultFrom: string | null;
  settings: Record<string, unknown>;
}

interface Row {
  id: string;
  workspace_id: string;
  provider: AccountProvider;
  account_id: string;
  secret_enc: string;
  default_from: string | null;
  settings: Record<string, unknown> | null;
}

const COLUMNS = 'id, workspace_id, provider, account_id, secret_enc, default_from, settings';

async function toAccount(deps: Deps, r: Row): Promise<ProviderAccount> {
  const box = await getSecretBox(deps.db, deps.config.secret);
  return { id: r.id, workspaceId: r.workspace_id, provider: r.provider, accountId: r.account_id, secret: box.decrypt(r.secret_enc), defaultFrom: r.default_from, settings: r.settings ?? {} };
}

/** The account a webhook names (Twilio's AccountSid), or null. */
export async function findAccount(deps: Deps, provider: AccountProvider, accountId: string): Promise<ProviderAccount | null> {
  const { rows } = await deps.db.query<Row>(`SELECT ${COLUMNS} FROM provider_accounts WHERE provider = $1 AND account_id = $2`, [provider, accountId]);
  return rows[0] ? toAccount(deps, rows[0]) : null;
}

/** Every account of a provider (OpenPhone payloads name no account: try each signing secret). */
export async function listAccounts(deps: Deps, provider: AccountProvider): Promise<ProviderAccount[]> {
  const { rows } = await deps.db.query<Row>(`SELECT ${COLUMNS} FROM provider_accounts WHERE provider = $1 ORDER BY created_at`, [provider]);
  return Promise.all(rows.map((r) => toAccount(deps, r)));
}

export async function getWorkspaceAccount(deps: Deps, workspaceId: string, provider: AccountProvider): Promise<ProviderAccount | null> {
  const { rows } = await deps.db.query<Row>(`SELECT ${COLUMNS} FROM provider_accounts WHERE workspace_id = $1 AND provider = $2`, [workspaceId, provider]);
  return rows[0] ? toAccount(deps, rows[0]) : null;
}

export interface SaveAccountInput {
  workspaceId: string;
  provider: AccountProvider;
  accountId: string;
  secret: string;
  defaultFrom?: string | null;
  settings?: Record<string, unknown>;
}

/** Creates or replaces the workspace's account for a provider. */
export async function saveAccount(deps: Deps, input: SaveAccountInput): Promise<ProviderAccount> {
  const box = await getSecretBox(deps.db, deps.config.secret);
  const { rows } = await deps.db.query<Row>(
    `INSERT INTO provider_accounts (workspace_id, provider, account_id, secret_enc, default_from, settings)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (workspace_id, provider) DO UPDATE SET account_id = EXCLUDED.account_id, secret_enc = EXCLUDED.secret_enc,
       default_from = EXCLUDED.default_from, settings = EXCLUDED.settings, updated_at = now()
     RETURNING ${COLUMNS}`,
    [input.workspaceId, input.provider, input.accountId, box.encrypt(input.secret), input.defaultFrom ?? null, JSON.stringify(input.settings ?? {})],
  );
  return toAccount(deps, rows[0]);
}

export async function deleteAccount(deps: Deps, workspaceId: string, provider: AccountProvider): Promise<boolean> {
  const { rowCount } = await deps.db.query('DELETE FROM provider_accounts WHERE workspace_id = $1 AND provider = $2', [workspaceId, provider]);
  return rowCount > 0;
}

/** Twilio-shaped ids: a two-letter prefix and 32 hex digits. */
export const newSid = (prefix: string) => prefix + crypto.randomBytes(16).toString('hex');

/**
 * Every workspace gets a sandbox carrier account the first time it needs one: an AccountSid, an
 * auth token that signs its webhooks, and a fictional caller id (555-01xx numbers are reserved
 * for fiction). Concurrent first calls agree on one account.
 */
export async function ensureSandboxAccount(deps: Deps, workspaceId: string): Promise<ProviderAccount> {
  const existing = await getWorkspaceAccount(deps, workspaceId, 'sandbox');
  if (existing) return existing;
  const box = await getSecretBox(deps.db, deps.config.secret);
  const from = `+1212555${String(100 + crypto.randomInt(0, 100)).padStart(4, '0')}`;
  await deps.db.query(
    `INSERT INTO provider_accounts (workspace_id, provider, account_id, secret_enc, default_from) VALUES ($1, 'sandbox', $2, $3, $4)
     ON CONFLICT DO NOTHING`,
    [workspaceId, newSid('AC'), box.encrypt(crypto.randomBytes(16).toString('hex')), from],
  );
  const created = await getWorkspaceAccount(deps, workspaceId, 'sandbox');
  if (!created) throw new Error('Could not create the sandbox carrier account.');
  return created;
}
