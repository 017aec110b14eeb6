import dns from 'node:dns/promises';
import { DAVClient, DAVNamespaceShort, propfind } from 'tsdav';

/**
 * The CalDAV side: discovery and listing through tsdav (principal → calendar home → calendars),
 * object writes with plain fetch so every status (201/204/412/401/404…) is ours to interpret.
 * Every request has a timeout, and every failure becomes a CaldavError with a message a rep can
 * act on.
 */

export interface CaldavCreds {
  serverUrl: string;
  username: string;
  password: string;
}

export type CaldavErrorKind = 'auth' | 'forbidden' | 'blocked' | 'not_found' | 'dns' | 'refused' | 'timeout' | 'tls' | 'not_caldav' | 'server' | 'network';

export class CaldavError extends Error {
  constructor(
    public readonly kind: CaldavErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'CaldavError';
  }
  /** Worth retrying soon by itself (the server is down or slow), as opposed to needing the rep. */
  get transient(): boolean {
    return this.kind === 'timeout' || this.kind === 'server' || this.kind === 'network' || this.kind === 'refused' || this.kind === 'dns';
  }
}

export const REQUEST_TIMEOUT_MS = 15_000;

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** A network-level failure (fetch threw) as a CaldavError naming the host. */
export function networkError(err: unknown, url: string): CaldavError {
  if (err instanceof CaldavError) return err;
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } } | undefined;
  const code = e?.cause?.code ?? '';
  const host = hostOf(url);
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError' || code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT')
    return new CaldavError('timeout', `${host} did not answer within ${REQUEST_TIMEOUT_MS / 1000} s.`);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new CaldavError('dns', `The server name ${host} could not be found (DNS). Check the server URL.`);
  if (code === 'ECONNREFUSED') return new CaldavError('refused', `${host} refused the connection. Check the server URL and port.`);
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_SOCKET') return new CaldavError('network', `The connection to ${host} was interrupted.`);
  if (/CERT|SSL|TLS|SELF_SIGNED/i.test(code) || /certificate/i.test(e?.cause?.message ?? ''))
    return new CaldavError('tls', `The secure connection to ${host} failed (${code || 'certificate problem'}).`);
  return new CaldavError('network', `Could not reach ${host}: ${e?.cause?.message ?? e?.message ?? String(err)}.`);
}

/** An HTTP status that means the request cannot succeed as is. */
export function statusError(status: number, url: string, what: string): CaldavError {
  const host = hostOf(url);
  if (status === 401) return new CaldavError('auth', `${host} refused the username or password (401). Check them, or use an app-specific password.`);
  if (status === 403) return new CaldavError('forbidden', `${host} does not allow this account to ${what} (403).`);
  if (status === 404 || status === 410) return new CaldavError('not_found', `Nothing was found at ${url} (${status}). Check the URL, or pick the calendar again.`);
  if (status >= 500) return new CaldavError('server', `${host} had an internal problem (${status}) while we tried to ${what}; we will retry.`);
  return new CaldavError('not_caldav', `${host} answered ${status} when we tried to ${what}; it does not look like a CalDAV server.`);
}

function authHeader(c: CaldavCreds): string {
  return `Basic ${Buffer.from(`${c.username}:${c.password}`, 'utf8').toString('base64')}`;
}

/** fetch with a timeout; network failures become CaldavErrors. */
async function timedFetch(input: string | URL | Request, init: RequestInit = {}): Promise<Response> {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.toString() : input.url;
  try {
    return await fetch(input, { ...init, redirect: 'follow', signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  } catch (err) {
    throw networkError(err, url);
  }
}

const LINK_LOCAL = [/^169\.254\./, /^fe[89ab][0-9a-f]:/i, /^::ffff:169\.254\./i];

/**
 * Refuses hosts that resolve to link-local addresses (cloud metadata services live there): a rep's
 * server URL must not turn the app into a probe of its own infrastructure. Loopback and private
 * networks stay allowed on purpose — a self-hosted Radicale or Nextcloud on the LAN is normal.
 */
export async function assertAllowedHost(url: string): Promise<void> {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  try {
    addresses = (await dns.lookup(host, { all: true })).map((a) => a.address);
  } catch (err) {
    throw networkError({ cause: err }, url);
  }
  if (addresses.some((a) => LINK_LOCAL.some((re) => re.test(a)))) throw new CaldavError('blocked', `${host} is a link-local address; calendar servers cannot live there.`);
}

export interface DiscoveredCalendar {
  url: string;
  name: string;
  color: string | null;
}

/**
 * Checks the account and lists its event calendars. A PROPFIND on the URL first tells a wrong
 * password, a dead host or a web page apart; tsdav then walks principal → home → calendars
 * (trying /.well-known/caldav as well).
 */
export async function discover(creds: CaldavCreds): Promise<{ principalUrl: string; calendars: DiscoveredCalendar[] }> {
  await assertAllowedHost(creds.serverUrl);
  const probe = await timedFetch(creds.serverUrl, {
    method: 'PROPFIND',
    headers: { authorization: authHeader(creds), depth: '0', 'content-type': 'application/xml; charset=utf-8' },
    body: '<?xml version="1.0" encoding="utf-8"?><d:propfind xmlns:d="DAV:"><d:prop><d:current-user-principal/><d:resourcetype/></d:prop></d:propfind>',
  });
  await probe.body?.cancel().catch(() => undefined);
  if (probe.status === 401 || probe.status === 403 || probe.status >= 500) throw statusError(probe.status, creds.serverUrl, 'list calendars');

  let account;
  try {
    const client = new DAVClient({
      serverUrl: creds.serverUrl,
      credentials: { username: creds.username, password: creds.password },
      authMethod: 'Basic',
      defaultAccountType: 'caldav',
      fetch: timedFetch as typeof fetch,
    });
    await client.login();
    const calendars = await client.fetchCalendars();
    account = { principalUrl: client.account?.principalUrl ?? creds.serverUrl, calendars };
  } catch (err) {
    if (err instanceof CaldavError) throw err;
    const msg = err instanceof Error ? err.message : String(err);
    if (/401|Invalid credentials/i.test(msg)) throw statusError(401, creds.serverUrl, 'list calendars');
    if (/403/.test(msg)) throw statusError(403, creds.serverUrl, 'list calendars');
    if (probe.status === 404) throw statusError(404, creds.serverUrl, 'list calendars');
    if (probe.status !== 207) throw statusError(probe.status, creds.serverUrl, 'list calendars');
    throw new CaldavError('not_caldav', `${hostOf(creds.serverUrl)} answers WebDAV but offers no CalDAV calendars for this account (${msg}).`);
  }
  if (probe.status !== 207 && account.calendars.length === 0) throw statusError(probe.status, creds.serverUrl, 'list calendars');
  const calendars = account.calendars
    // a calendar that lists its components must accept events; one that lists none accepts anything
    .filter((c) => !c.components?.length || c.components.includes('VEVENT'))
    .map((c) => ({
      url: new URL(c.url, creds.serverUrl).toString(),
      name: typeof c.displayName === 'string' && c.displayName.trim() ? c.displayName.trim() : decodeURIComponent(new URL(c.url, creds.serverUrl).pathname.split('/').filter(Boolean).pop() ?? c.url),
      color: typeof c.calendarColor === 'string' ? c.calendarColor : null,
    }));
  return { principalUrl: new URL(account.principalUrl, creds.serverUrl).toString(), calendars };
}

/** The URL of a task's calendar object inside a calendar collection. */
export function objectUrl(calendarUrl: string, uid: string): string {
  const base = calendarUrl.endsWith('/') ? calendarUrl : `${calendarUrl}/`;
  return new URL(`${encodeURIComponent(uid)}.ics`, base).toString();
}

export type PutMode = { kind: 'create' } | { kind: 'update'; etag: string | null } | { kind: 'overwrite' };

/**
 * PUTs one calendar object. create → If-None-Match: *, update → If-Match: etag (none known →
 * unconditional). Returns 'precondition' on 412 so the caller decides; the new ETag when the
 * server sends one.
 */
export async function putObject(creds: CaldavCreds, url: string, body: string, mode: PutMode): Promise<{ ok: true; etag: string | null } | { ok: false; reason: 'precondition' }> {
  const headers: Record<string, string> = { authorization: authHeader(creds), 'content-type': 'text/calendar; charset=utf-8' };
  if (mode.kind === 'create') headers['if-none-match'] = '*';
  if (mode.kind === 'update' && mode.etag) headers['if-match'] = mode.etag;
  const res = await timedFetch(url, { method: 'PUT', headers, body });
  await res.body?.cancel().catch(() => undefined);
  if (res.status === 412) return { ok: false, reason: 'precondition' };
  if (res.status === 404 || res.status === 409) throw new CaldavError('not_found', `The calendar ${url.replace(/[^/]+$/, '')} no longer exists (${res.status}). Pick a calendar again in Settings → Calendar sync.`);
  if (!res.ok) throw statusError(res.status, url, 'save an event');
  return { ok: true, etag: res.headers.get('etag') };
}

/** DELETEs one calendar object; already gone counts as done. */
export async function deleteObject(creds: CaldavCreds, url: string, etag: string | null): Promise<{ ok: true } | { ok: false; reason: 'precondition' }> {
  const headers: Record<string, string> = { authorization: authHeader(creds) };
  if (etag) headers['if-match'] = etag;
  const res = await timedFetch(url, { method: 'DELETE', headers });
  await res.body?.cancel().catch(() => undefined);
  if (res.status === 404 || res.status === 410) return { ok: true };
  if (res.status === 412) return { ok: false, reason: 'precondition' };
  if (!res.ok) throw statusError(res.status, url, 'delete an event');
  return { ok: true };
}

/** Every object in a calendar (href → etag), for a full resync (a depth-1 PROPFIND through tsdav). */
export async function listObjects(creds: CaldavCreds, calendarUrl: string): Promise<Map<string, string | null>> {
  let responses;
  try {
    responses = await propfind({
      url: calendarUrl,
      props: { [`${DAVNamespaceShort.DAV}:getetag`]: {} },
      depth: '1',
      headers: { authorization: authHeader(creds) },
      fetch: timedFetch as typeof fetch,
    });
  } catch (err) {
    throw networkError(err, calendarUrl);
  }
  const out = new Map<string, string | null>();
  for (const r of responses) {
    if (r.status === 401 || r.status === 403 || r.status === 404) throw statusError(r.status, calendarUrl, 'list the calendar');
    if (!r.href) continue;
    const abs = new URL(r.href, calendarUrl).toString();
    if (abs.replace(/\/$/, '') === calendarUrl.replace(/\/$/, '')) continue;
    const etag = (r.props as { getetag?: unknown } | undefined)?.getetag;
    out.set(abs, typeof etag === 'string' ? etag : null);
  }
  return out;
}
