import { z } from 'zod';
import type { Deps } from '../deps.ts';
import type { AiPort } from './ai/port.ts';
import { aiAdapters } from './ai/catalog.ts';
import type { CalendarPort } from './calendar/port.ts';
import type { EmailPort } from './email/port.ts';
import { createSmtpEmail } from './email/smtp.ts';
import { createCaptureEmail } from './email/capture.ts';
import { createHealthRecorder, withHealth, type HealthRecorder } from './health.ts';
import { createInAppNotifier } from './notifier/in-app.ts';
import type { NotifierPort } from './notifier/port.ts';
import type { SmsPort } from './sms/port.ts';
import { smsAdapters } from './sms/catalog.ts';
import type { TelephonyPort } from './telephony/port.ts';
import { telephonyAdapters } from './telephony/catalog.ts';
import { CAPABILITIES, type Capability, type ProviderMode } from './types.ts';

export interface PortMap {
  email: EmailPort;
  telephony: TelephonyPort;
  sms: SmsPort;
  ai: AiPort;
  calendar: CalendarPort;
  notifier: NotifierPort;
}

export interface AdapterContext {
  deps: Deps;
  workspaceId: string;
}

export interface AdapterFactory<P> {
  name: string;
  mode: ProviderMode;
  /** Null when the adapter can be used; otherwise why not (e.g. which variable to set, which account to add). */
  unavailableReason(ctx: AdapterContext): string | null | Promise<string | null>;
  create(ctx: AdapterContext): P;
}

export type AdapterCatalog = { [C in Capability]: AdapterFactory<PortMap[C]>[] };

/**
 * The adapters this build ships, in order of preference (live first). A capability with an
 * empty list is reported "not configured": no adapter pretends to work before it exists.
 */
export function defaultCatalog(): AdapterCatalog {
  return {
    email: [
      {
        name: 'smtp',
        mode: 'live',
        unavailableReason: ({ deps }) => (deps.config.smtpUrl ? null : 'Set SMTP_URL to send real email.'),
        // the instance port is already SMTP when SMTP_URL is set; reuse its connection pool
        create: ({ deps }) => (deps.email.provider === 'smtp' ? deps.email : createSmtpEmail(deps.db, deps.config.smtpUrl ?? '', deps.config.mailFrom)),
      },
      {
        name: 'capture',
        mode: 'sandbox',
        unavailableReason: () => null,
        create: ({ deps }) => (deps.email.provider === 'capture' ? deps.email : createCaptureEmail(deps.db, deps.config.mailFrom)),
      },
    ],
    telephony: telephonyAdapters(),
    sms: smsAdapters(),
    ai: aiAdapters(),
    calendar: [],
    notifier: [{ name: 'in-app', mode: 'sandbox', unavailableReason: () => null, create: ({ deps }) => createInAppNotifier(deps.db, deps.events) }],
  };
}

export const CAPABILITY_LABELS: Record<Capability, string> = {
  email: 'Email',
  telephony: 'Voice calls',
  sms: 'SMS',
  ai: 'AI analysis',
  calendar: 'Calendar',
  notifier: 'Notifications',
};

// workspaces.settings.providers.<capability>: an adapter by name, or just a mode to prefer
const ChoiceSchema = z.object({ adapter: z.string().optional(), mode: z.enum(['sandbox', 'live']).optional() });
const SettingsSchema = z.object({ providers: z.record(z.string(), ChoiceSchema).optional() });
type Choice = z.infer<typeof ChoiceSchema>;

export type Resolution<C extends Capability> =
  | { capability: C; configured: true; adapter: string; mode: ProviderMode; port: PortMap[C] }
  | { capability: C; configured: false; adapter: null; mode: 'not configured'; reason: string };

export interface ProviderRegistry {
  resolve<C extends Capability>(workspaceId: string, capability: C): Promise<Resolution<C>>;
  catalog: AdapterCatalog;
  recordHealth: HealthRecorder;
}

export function createProviderRegistry(deps: Deps, catalog: AdapterCatalog = defaultCatalog()): ProviderRegistry {
  const recordHealth = createHealthRecorder(deps.db, deps.log);

  async function choiceFor(workspaceId: string, capability: Capability): Promise<Choice> {
    const { rows } = await deps.db.query<{ settings: unknown }>('SELECT settings FROM workspaces WHERE id = $1', [workspaceId]);
    const parsed = SettingsSchema.safeParse(rows[0]?.settings ?? {});
    // malformed settings fall back to the defaults rather than taking the capability down
    return (parsed.success ? parsed.data.providers?.[capability] : undefined) ?? {};
  }

  async function pick<C extends Capability>(capability: C, ctx: AdapterContext, choice: Choice): Promise<AdapterFactory<PortMap[C]> | string> {
    const factories: AdapterFactory<PortMap[C]>[] = catalog[capability];
    if (choice.adapter) {
      const f = factories.find((x) => x.name === choice.adapter);
      if (!f) return `The workspace chose "${choice.adapter}", which this version does not have.`;
      return (await f.unavailableReason(ctx)) ?? f;
    }
    if (factories.length === 0) return `No ${CAPABILITY_LABELS[capability].toLowerCase()} adapter is available in this version yet.`;
    const candidates = choice.mode ? factories.filter((f) => f.mode === choice.mode) : [...factories.filter((f) => f.mode === 'live'), ...factories.filter((f) => f.mode === 'sandbox')];
    // availability may need a look-up (a provider account), so candidates are checked in order
    for (const f of candidates) if ((await f.unavailableReason(ctx)) === null) return f;
    return (candidates[0] && (await candidates[0].unavailableReason(ctx))) ?? `No ${choice.mode ?? ''} adapter is available for ${capability}.`;
  }

  return {
    catalog,
    recordHealth,
    async resolve<C extends Capability>(workspaceId: string, capability: C): Promise<Resolution<C>> {
      const ctx = { deps, workspaceId };
      const picked = await pick(capability, ctx, await choiceFor(workspaceId, capability));
      if (typeof picked === 'string') return { capability, configured: false, adapter: null, mode: 'not configured', reason: picked };
      const raw = picked.create(ctx);
      // the instance email port already records health per message (runtime.ts)
      const port = (raw as object) === deps.email ? raw : withHealth(raw, workspaceId, capability, picked.name, recordHealth);
      return { capability, configured: true, adapter: picked.name, mode: picked.mode, port };
    },
  };
}

// One registry per Deps (per process in production, per test context in tests).
const registries = new WeakMap<Deps, ProviderRegistry>();
export function getProviderRegistry(deps: Deps): ProviderRegistry {
  let r = registries.get(deps);
  if (!r) {
    r = createProviderRegistry(deps);
    registries.set(deps, r);
  }
  return r;
}

export { CAPABILITIES };
