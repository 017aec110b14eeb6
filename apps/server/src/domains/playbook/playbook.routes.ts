import { z } from 'zod';
import {
  EvidenceInputSchema, PlaybookCategoriesSchema, PlaybookEvidenceSchema, PlaybookHistorySchema, PlaybookPrepQuerySchema, PlaybookPrepSchema,
  PlaybookRuleCreateSchema, PlaybookRuleDetailSchema, PlaybookRuleListQuerySchema, PlaybookRuleListSchema, PlaybookRuleUpdateSchema, PlaybookUseCreateSchema,
} from '@flywheel/contracts';
import type { Sql } from '../../db/client.ts';
import { forbidden } from '../../platform/http/errors.ts';
import { ROLE_RANK, defineRoute, uuidParam, type Principal, type WorkspaceCtx } from '../../platform/http/route.ts';
import {
  checkEvidence, createRuleWithEvidence, deleteEvidence, deleteRule, getRuleDetail, insertEvidence, listCategories, listEvidence, listRules,
  loadPrepLead, mapEvidenceConstraint, matchingRules, recordOpened, recordShown, ruleAuthor, ruleHistory, updateRule,
} from './playbook.repo.ts';

const tags = ['playbook'];

/** Managers and above edit any rule; a rep edits the rules they wrote (API keys act as the workspace). */
async function assertCanEdit(t: Sql, workspace: WorkspaceCtx, principal: Principal, ruleId: string): Promise<void> {
  const author = await ruleAuthor(t, workspace.id, ruleId);
  if (ROLE_RANK[workspace.role] >= ROLE_RANK.manager) return;
  if (principal.userId && author === principal.userId) return;
  throw forbidden('Only a manager or the rule’s author can change this rule.');
}

const ok = z.object({ ok: z.literal(true) });

export const playbookRuleRoutes = [
  defineRoute({
    method: 'GET', url: '/api/v1/playbook/rules', auth: 'workspace', tags,
    summary: 'Playbook rules (active unless status=archived|all), filtered by kind, category, search text, segment, stage or tag; each with its evidence count and first evidence',
    query: PlaybookRuleListQuerySchema, response: PlaybookRuleListSchema,
    handler: ({ workspace, query, tx }) =>
      tx(async (t) => ({
        data: await listRules(t, workspace.id, query),
        categories: (await listCategories(t, workspace.id)).map((c) => c.category),
      })),
  }),
  defineRoute({
    method: 'POST', url: '/api/v1/playbook/rules', auth: 'workspace', tags,
    summary: 'Create a rule with its evidence (at least one: a call moment, a message or a metric); the database refuses a rule without evidence',
    body: PlaybookRuleCreateSchema, response: PlaybookRuleDetailSchema, successStatus: 201,
    handler: ({ workspace, principal, body, tx }) =>
      tx(async (t) => {
        const { id } = await createRuleWithEvidence(t, workspace.id, principal.userId, body);
        return getRuleDetail(t, workspace.id, id);
      }).catch(mapEvidenceConstraint),
  }),
  defineRoute({
    method: 'GET', url: '/api/v1/playbook/categories', auth: 'workspace', tags,
    summary: 'Playbook categories: the defaults (opening, discovery, objections, closing, pricing, general) and the team’s own in use, with their number of active rules',
    response: PlaybookCategoriesSchema,
    handler: ({ workspace, tx }) => tx(async (t) => ({ data: await listCategories(t, workspace.id) })),
  }),
  defineRoute({
    method: 'GET', url: '/api/v1/playbook/rules/:id', auth: 'workspace', tags,
    summary: 'One rule with all its evidence (call, lead, message), its edit history and how often it was shown and opened',
    params: uuidParam, response: PlaybookRuleDetailSchema,
    handler: ({ workspace, params, tx }) => tx((t) => getRuleDetail(t, workspace.id, params.id)),
  }),
  defineRoute({
    method: 'PATCH', url: '/api/v1/playbook/rules/:id', auth: 'workspace', tags,
    summary: 'Edit a rule (managers, or its author): writes a new version with the change note; status=archived archives it',
    params: uuidParam, body: PlaybookRuleUpdateSchema, response: PlaybookRuleDetailSchema,
    handler: ({ workspace, principal, params, body, tx }) =>
      tx(async (t) => {
        await assertCanEdit(t, workspace, principal, params.id);
        await updateRule(t, workspace.id, params.id, principal.userId, body);
        return getRuleDetail(t, workspace.id, params.id);
      }),
  }),
  defineRoute({
    method: 'DELETE', url: '/api/v1/playbook/rules/:id', auth: 'workspace', minRole: 'manager', tags,
    summary: 'Delete a rule for good with its evidence and history (managers; archive it with PATCH status=archived to keep it)',
    params: uuidParam, response: ok,
    handler: async ({ workspace, params, tx }) => {
      await tx((t) => deleteRule(t, workspace.id, params.id));
      return { ok: true as const };
    },
  }),
  defineRoute({
    method: 'GET', url: '/api/v1/playbook/rules/:id/history', auth: 'workspace', tags,
    summary: 'The versions of a rule, newest first: who, when, the change note, the fields that changed and the full snapshot',
    params: uuidParam, response: PlaybookHistorySchema,
    handler: ({ workspace, params, tx }) =>
      tx(async (t) => {
        await ruleAuthor(t, workspace.id, params.id); // 404 for a rule that is not ours
        return { data: await ruleHistory(t, workspace.id, params.id) };
      }),
  }),
  defineRoute({
    method: 'POST', url: '/api/v1/playbook/rules/:id/evidence', auth: 'workspace', tags,
    summary: 'Add a piece of evidence to a rule: a call moment {callSessionId, start, end, snippet}, a message {messageId} or a metric {name, value, period?, link?}',
    params: uuidParam, body: EvidenceInputSchema, response: PlaybookEvidenceSchema, successStatus: 201,
    handler: ({ workspace, principal, params, body, tx }) =>
      tx(async (t) => {
        await ruleAuthor(t, workspace.id, params.id);
        const checked = await checkEvidence(t, workspace.id, body, 'evidence');
        const id = await insertEvidence(t, workspace.id, params.id, principal.userId, checked);
        return (await listEvidence(t, workspace.id, params.id)).find((e) => e.id === id)!;
      }),
  }),
  defineRoute({
    method: 'DELETE', url: '/api/v1/playbook/evidence/:id', auth: 'workspace', tags,
    summary: 'Remove a piece of evidence (managers, or the rule’s author); refused when it is the rule’s last one',
    params: uuidParam, response: ok,
    handler: async ({ workspace, principal, params, tx }) => {
      await tx(async (t) => {
        const { rows } = await t.query<{ rule_id: string }>('SELECT rule_id FROM playbook_evidence WHERE workspace_id = $1 AND id = $2', [workspace.id, params.id]);
        if (rows[0]) await assertCanEdit(t, workspace, principal, rows[0].rule_id);
        await deleteEvidence(t, workspace.id, params.id);
      }).catch(mapEvidenceConstraint);
      return { ok: true as const };
    },
  }),
  defineRoute({
    method: 'POST', url: '/api/v1/playbook/rules/:id/uses', auth: 'workspace', tags,
    summary: "Record that a rule was opened in call prep (its evidence expanded or played)",
    params: uuidParam, body: PlaybookUseCreateSchema, response: ok, successStatus: 201,
    handler: async ({ workspace, principal, params, body, tx }) => {
      await tx((t) => recordOpened(t, workspace.id, principal.userId, params.id, body.leadId ?? null, body.callSessionId ?? null));
      return { ok: true as const };
    },
  }),
  defineRoute({
    method: 'GET', url: '/api/v1/playbook/prep', auth: 'workspace', tags,
    summary: "Call prep for a lead: the active rules matching its segment, stage and tags, ranked (specificity, priority, known objections first, evidence); records them as shown",
    query: PlaybookPrepQuerySchema, response: PlaybookPrepSchema,
    handler: ({ workspace, principal, query, tx }) =>
      tx(async (t) => {
        const lead = await loadPrepLead(t, workspace.id, query.leadId);
        let callId: string | null = null;
        if (query.callSessionId) {
          const { rows } = await t.query('SELECT 1 FROM call_sessions WHERE workspace_id = $1 AND id = $2', [workspace.id, query.callSessionId]);
          if (rows[0]) callId = query.callSessionId; // a stale or foreign call id shows prep without tying uses to it
        }
        const data = await matchingRules(t, workspace.id, lead, query.limit);
        await recordShown(t, workspace.id, principal.userId, data.map((r) => r.id), lead.id, callId);
        return { lead, data };
      }),
  }),
];
