import { z } from 'zod';
import { OpenPhoneSecretSchema, TelephonyModeSchema, TelephonySettingsSchema, TwilioCredentialsSchema, TwilioVoiceSdkSchema, type TelephonySettings } from '@flywheel/contracts';
import type { Deps } from '../../deps.ts';
import { defineRoute } from '../../http/route.ts';
import { badRequest, conflict, notFound } from '../../http/errors.ts';
import { deleteAccount, ensureSandboxAccount, getWorkspaceAccount, saveAccount } from '../accounts.ts';
import { getProviderRegistry } from '../registry.ts';
import { MAGIC_NUMBERS } from '../sandbox-carrier/planner.ts';
import { clearVoiceSdk, readVoiceSdk, saveVoiceSdk, voiceSdkSummary } from './voice-sdk.ts';

const ChoiceSchema = z.object({ providers: z.object({ telephony: z.object({ adapter: z.enum(['sandbox', 'twilio']).optional() }).optional() }).optional() });

async function chosenAdapter(deps: Deps, workspaceId: string): Promise<'sandbox' | 'twilio' | null> {
  const { rows } = await deps.db.query<{ settings: unknown }>('SELECT settings FROM workspaces WHERE id = $1', [workspaceId]);
  const parsed = ChoiceSchema.safeParse(rows[0]?.settings ?? {});
  return (parsed.success ? parsed.data.providers?.telephony?.adapter : undefined) ?? null;
}

/** workspaces.settings.providers.telephony, where the provider registry reads the choice. */
async function setChoice(deps: Deps, workspaceId: string, choice: { adapter: 'sandbox' | 'twilio' } | null) {
  await deps.db.query(
    `UPDATE workspaces SET settings = coalesce(settings, '{}'::jsonb)
       || jsonb_build_object('providers', (coalesce(settings->'providers', '{}'::jsonb) - 'telephony') || CASE WHEN $2::jsonb IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('telephony', $2::jsonb) END)
     WHERE id = $1`,
    [workspaceId, choice ? JSON.stringify(choice) : null],
  );
}

const isUniqueViolation = (err: unknown) => typeof err === 'object' && err !== null && 'code' in err && err.code === '23505';

// OpenPhone payloads name no account: one row per workspace, labelled with the workspace
const openPhoneLabel = (workspaceId: string) => `openphone:${workspaceId}`;

async function readSettings(deps: Deps, workspaceId: string): Promise<TelephonySettings> {
  const r = await getProviderRegistry(deps).resolve(workspaceId, 'telephony');
  const sandbox = await ensureSandboxAccount(deps, workspaceId);
  const twilio = await getWorkspaceAccount(deps, workspaceId, 'twilio');
  const openphone = await getWorkspaceAccount(deps, workspaceId, 'openphone');
  const phoneNumbers = z.array(z.string()).safeParse(openphone?.settings.phoneNumbers);
  const base = deps.config.publicUrl;
  const adapter = r.adapter === 'twilio' || r.adapter === 'sandbox' ? r.adapter : null;
  return {
    adapter,
    mode: r.mode,
    chosen: await chosenAdapter(deps, workspaceId),
    reason: r.configured ? null : r.reason,
    sandbox: {
      accountSid: sandbox.accountId,
      callerId: sandbox.defaultFrom ?? '',
      timeScale: deps.config.sandboxCarrier.timeScale,
      magicNumbers: Object.entries(MAGIC_NUMBERS).map(([suffix, behaviour]) => ({ suffix, example: `+1415555${suffix}`, behaviour })),
    },
    twilio: twilio ? { accountSid: twilio.accountId, callerId: twilio.defaultFrom, authTokenSet: twilio.secret.length > 0, voiceSdk: voiceSdkSummary(twilio) } : null,
    openphone: { signingSecretSet: openphone !== null, phoneNumbers: phoneNumbers.success ? phoneNumbers.data : [] },
    webhookUrls: {
      twilioVoice: `${base}/webhooks/twilio/voice`,
      twilioRecording: `${base}/webhooks/twilio/recording`,
      twilioTwiml: `${base}/webhooks/twilio/twiml/outbound`,
      openphone: `${base}/webhooks/openphone`,
    },
  };
}

export const telephonySettingsRoutes = [
  defineRoute({
    method: 'GET', url: '/api/v1/settings/telephony', auth: 'workspace', minRole: 'admin', tags: ['settings'],
    summary: 'Telephony: the adapter in use, connected accounts (never their secrets) and the webhook URLs to configure',
    response: TelephonySettingsSchema,
    handler: ({ deps, workspace }) => readSettings(deps, workspace.id),
  }),
  defineRoute({
    method: 'PUT', url: '/api/v1/settings/telephony/twilio', auth: 'workspace', minRole: 'admin', tags: ['settings'],
    summary: 'Connect a Twilio account (Account SID, auth token, caller id); the token is stored encrypted and never shown again',
    body: TwilioCredentialsSchema,
    response: TelephonySettingsSchema,
    handler: async ({ deps, workspace, body }) => {
      try {
        // a new token or caller id for the same account keeps its browser-calling key
        const current = await getWorkspaceAccount(deps, workspace.id, 'twilio');
        const settings = current?.accountId === body.accountSid ? current.settings : {};
        await saveAccount(deps, { workspaceId: workspace.id, provider: 'twilio', accountId: body.accountSid, secret: body.authToken, defaultFrom: body.callerId, settings });
      } catch (err) {
        // (provider, account_id) is unique: webhooks name the account, so it can serve one workspace
        if (isUniqueViolation(err)) throw conflict('This Twilio account is already connected to another workspace.');
        throw err;
      }
      return readSettings(deps, workspace.id);
    },
  }),
  defineRoute({
    method: 'DELETE', url: '/api/v1/settings/telephony/twilio', auth: 'workspace', minRole: 'admin', tags: ['settings'],
    summary: 'Disconnect Twilio: calls go through the sandbox carrier again',
    response: TelephonySettingsSchema,
    handler: async ({ deps, workspace }) => {
      if (!(await deleteAccount(deps, workspace.id, 'twilio'))) throw notFound('Twilio account');
      if ((await chosenAdapter(deps, workspace.id)) === 'twilio') await setChoice(deps, workspace.id, null);
      return readSettings(deps, workspace.id);
    },
  }),
  defineRoute({
    method: 'PUT', url: '/api/v1/settings/telephony/twilio/voice-sdk', auth: 'workspace', minRole: 'admin', tags: ['settings'],
    summary: "Browser calling: the Twilio API key (SID + secret, stored encrypted, never shown again) that signs reps' Voice SDK tokens, and the TwiML App",
    body: TwilioVoiceSdkSchema,
    response: TelephonySettingsSchema,
    handler: async ({ deps, workspace, body }) => {
      const account = await getWorkspaceAccount(deps, workspace.id, 'twilio');
      if (!account) throw conflict('Connect a Twilio account first (Account SID, auth token, caller id).');
      await saveVoiceSdk(deps, account, body);
      return readSettings(deps, workspace.id);
    },
  }),
  defineRoute({
    method: 'DELETE', url: '/api/v1/settings/telephony/twilio/voice-sdk', auth: 'workspace', minRole: 'admin', tags: ['settings'],
    summary: 'Turn browser calling off: forget the API key; reps get no Voice SDK token',
    response: TelephonySettingsSchema,
    handler: async ({ deps, workspace }) => {
      const account = await getWorkspaceAccount(deps, workspace.id, 'twilio');
      if (!account || !(await readVoiceSdk(deps, account))) throw notFound('Browser calling key');
      await clearVoiceSdk(deps, account);
      return readSettings(deps, workspace.id);
    },
  }),
  defineRoute({
    method: 'PUT', url: '/api/v1/settings/telephony/openphone', auth: 'workspace', minRole: 'admin', tags: ['settings'],
    summary: "Store OpenPhone's webhook signing secret (and the workspace's OpenPhone numbers)",
    body: OpenPhoneSecretSchema,
    response: TelephonySettingsSchema,
    handler: async ({ deps, workspace, body }) => {
      if (Buffer.from(body.signingSecret, 'base64').length < 16) throw badRequest('signingSecret: The signing secret is too short.', { signingSecret: 'The signing secret is too short.' });
      await saveAccount(deps, { workspaceId: workspace.id, provider: 'openphone', accountId: openPhoneLabel(workspace.id), secret: body.signingSecret, settings: { phoneNumbers: body.phoneNumbers ?? [] } });
      return readSettings(deps, workspace.id);
    },
  }),
  defineRoute({
    method: 'PUT', url: '/api/v1/settings/telephony/mode', auth: 'workspace', minRole: 'admin', tags: ['settings'],
    summary: 'Choose who places calls: the sandbox carrier or the connected Twilio account',
    body: TelephonyModeSchema,
    response: TelephonySettingsSchema,
    handler: async ({ deps, workspace, body }) => {
      if (body.adapter === 'twilio' && !(await getWorkspaceAccount(deps, workspace.id, 'twilio'))) {
        throw conflict('Connect a Twilio account first (Account SID, auth token, caller id).');
      }
      await setChoice(deps, workspace.id, { adapter: body.adapter });
      return readSettings(deps, workspace.id);
    },
  }),
];
