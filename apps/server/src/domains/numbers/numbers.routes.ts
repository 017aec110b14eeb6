import { z } from 'zod';
import {
  NumberCheckResultSchema, PhoneNumberCreateSchema, PhoneNumberListSchema, PhoneNumberSchema, PhoneNumberUpdateSchema,
  ReputationSourcesSchema, SpamReportSchema,
} from '@flywheel/contracts';
import type { Deps } from '../../platform/deps.ts';
import { defineRoute, uuidParam } from '../../platform/http/route.ts';
import { getProviderRegistry } from '../../platform/providers/registry.ts';
import { checkNumbers, readSourceConfigs, writeSourceConfigs } from './health.ts';
import { deleteNumber, getNumber, insertNumber, listNumbers, reportSpam, seedSandboxPool, updateNumber } from './numbers.repo.ts';

/** The telephony adapter in use ('sandbox' | 'twilio'), read before any transaction (PGlite has one connection). */
async function telephonyAdapter(deps: Deps, workspaceId: string): Promise<'sandbox' | 'twilio'> {
  const r = await getProviderRegistry(deps).resolve(workspaceId, 'telephony');
  return r.configured && r.adapter === 'twilio' ? 'twilio' : 'sandbox';
}

export const numberRoutes = [
  defineRoute({
    method: 'GET', url: '/api/v1/numbers', auth: 'workspace', minRole: 'admin', tags: ['numbers'],
    summary: 'The number pool: caller ids with region, health (connect rate 7d and week over week, spam labels, reps’ reports) and CNAM',
    response: PhoneNumberListSchema,
    handler: async ({ deps, workspace, tx }) => {
      const adapter = await telephonyAdapter(deps, workspace.id);
      return tx(async (t) => {
        // a sandbox workspace gets its fictional local numbers the first time it looks
        if (adapter === 'sandbox') await seedSandboxPool(t, workspace.id);
        return { data: await listNumbers(t, workspace.id) };
      });
    },
  }),
  defineRoute({
    method: 'POST', url: '/api/v1/numbers', auth: 'workspace', minRole: 'admin', tags: ['numbers'],
    summary: 'Add a number to the pool (its area code and state are read from the number)',
    body: PhoneNumberCreateSchema, response: PhoneNumberSchema, successStatus: 201,
    handler: async ({ deps, workspace, body, tx }) => {
      const provider = body.provider ?? (await telephonyAdapter(deps, workspace.id));
      return tx(async (t) => getNumber(t, workspace.id, await insertNumber(t, workspace.id, { e164: body.e164, provider, label: body.label, isDefault: body.isDefault, cnam: body.cnam ?? null })));
    },
  }),
  defineRoute({
    method: 'PATCH', url: '/api/v1/numbers/:id', auth: 'workspace', minRole: 'admin', tags: ['numbers'],
    summary: 'Rename a number, make it the default, or set its CNAM display name (pending until the carrier confirms)',
    params: uuidParam, body: PhoneNumberUpdateSchema, response: PhoneNumberSchema,
    handler: ({ workspace, params, body, tx }) =>
      tx(async (t) => {
        await updateNumber(t, workspace.id, params.id, body);
        return getNumber(t, workspace.id, params.id);
      }),
  }),
  defineRoute({
    method: 'DELETE', url: '/api/v1/numbers/:id', auth: 'workspace', minRole: 'admin', tags: ['numbers'],
    summary: 'Remove a number from the pool (calls already placed from it keep it)',
    params: uuidParam, response: z.object({ ok: z.literal(true) }),
    handler: async ({ workspace, params, tx }) => {
      await tx((t) => deleteNumber(t, workspace.id, params.id));
      return { ok: true as const };
    },
  }),
  defineRoute({
    method: 'POST', url: '/api/v1/numbers/:id/report-spam', auth: 'workspace', minRole: 'rep', tags: ['numbers'],
    summary: 'A rep reports a number as labelled spam; counted per number (with who reported it) and weighed by the next health check',
    params: uuidParam, body: SpamReportSchema, response: z.object({ spamReportsByReps: z.number() }),
    handler: ({ workspace, principal, params, body, tx }) =>
      tx(async (t) => {
        await reportSpam(t, workspace.id, params.id, principal.userId, body.note);
        return { spamReportsByReps: (await getNumber(t, workspace.id, params.id)).spamReportsByReps };
      }),
  }),
  defineRoute({
    method: 'POST', url: '/api/v1/numbers/:id/check', auth: 'workspace', minRole: 'admin', tags: ['numbers'],
    summary: 'Check one number’s health now (connect rate, spam-label sources, reps’ reports)',
    params: uuidParam, response: PhoneNumberSchema,
    handler: async ({ deps, workspace, params, tx }) => {
      await tx((t) => getNumber(t, workspace.id, params.id));
      await checkNumbers(deps, workspace.id, { ids: [params.id] });
      return tx((t) => getNumber(t, workspace.id, params.id));
    },
  }),
  defineRoute({
    method: 'POST', url: '/api/v1/numbers/check', auth: 'workspace', minRole: 'admin', tags: ['numbers'],
    summary: 'Check every number of the pool now',
    response: NumberCheckResultSchema,
    handler: async ({ deps, workspace, tx }) => {
      const r = await checkNumbers(deps, workspace.id);
      return tx(async (t) => ({ checked: r.checked, data: await listNumbers(t, workspace.id) }));
    },
  }),
  defineRoute({
    method: 'GET', url: '/api/v1/numbers/reputation-sources', auth: 'workspace', minRole: 'admin', tags: ['numbers'],
    summary: 'Spam-label sources the health check asks (HTTP lookups returning a JSON verdict); none in the sandbox',
    response: ReputationSourcesSchema,
    handler: ({ workspace, tx }) => tx(async (t) => ({ sources: await readSourceConfigs(t, workspace.id) })),
  }),
  defineRoute({
    method: 'PUT', url: '/api/v1/numbers/reputation-sources', auth: 'workspace', minRole: 'admin', tags: ['numbers'],
    summary: 'Replace the spam-label sources (URL templates with {number})',
    body: ReputationSourcesSchema, response: ReputationSourcesSchema,
    handler: ({ workspace, body, tx }) =>
      tx(async (t) => {
        await writeSourceConfigs(t, workspace.id, body.sources);
        return { sources: await readSourceConfigs(t, workspace.id) };
      }),
  }),
];
