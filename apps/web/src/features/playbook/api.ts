import { keepPreviousData, useQuery, type QueryClient } from '@tanstack/react-query';
import type { EvidenceInput, PlaybookEvidence, PlaybookKind, PlaybookPrep, PlaybookRuleCreate, PlaybookRuleDetail, PlaybookRuleList, PlaybookRuleUpdate, PlaybookRuleVersion } from '@flywheel/contracts';
import { api, qs } from '../../app/api.ts';

// Every Playbook URL lives here, so the screens never spell one out.
const V1 = '/api/v1/playbook';
export const playbookUrls = {
  rules: `${V1}/rules`,
  rule: (id: string) => `${V1}/rules/${id}`,
  history: (id: string) => `${V1}/rules/${id}/history`,
  evidence: (id: string) => `${V1}/rules/${id}/evidence`,
  evidenceItem: (id: string) => `${V1}/evidence/${id}`,
  uses: (id: string) => `${V1}/rules/${id}/uses`,
  prep: `${V1}/prep`,
  categories: `${V1}/categories`,
};

export const playbookKeys = {
  all: ['playbook'] as const,
  rules: (p: Record<string, unknown>) => ['playbook', 'rules', p] as const,
  rule: (id: string) => ['playbook', 'rule', id] as const,
  prep: (leadId: string, callSessionId: string | null) => ['playbook', 'prep', leadId, callSessionId] as const,
  categories: ['playbook', 'categories'] as const,
};

export const invalidatePlaybook = (qc: QueryClient) => qc.invalidateQueries({ queryKey: playbookKeys.all });

export interface RuleFilters {
  kind?: PlaybookKind;
  category?: string;
  status?: 'active' | 'archived' | 'all';
  q?: string;
  segment?: string;
  stage?: string;
  tag?: string;
}

export function useRules(f: RuleFilters) {
  const params = { ...f };
  return useQuery({
    queryKey: playbookKeys.rules(params),
    queryFn: () => api.get<PlaybookRuleList>(`${playbookUrls.rules}${qs(params as Record<string, string | undefined>)}`),
    placeholderData: keepPreviousData,
  });
}

export function useRule(id: string | null) {
  return useQuery({ queryKey: playbookKeys.rule(id ?? ''), queryFn: () => api.get<PlaybookRuleDetail>(playbookUrls.rule(id!)), enabled: !!id });
}

export function useCategories() {
  return useQuery({
    queryKey: playbookKeys.categories,
    queryFn: () => api.get<{ data: { category: string; rules: number }[] }>(playbookUrls.categories),
    select: (r) => r.data,
    staleTime: 30_000,
  });
}

export function usePrep(leadId: string, callSessionId: string | null) {
  return useQuery({
    queryKey: playbookKeys.prep(leadId, callSessionId),
    queryFn: () => api.get<PlaybookPrep>(`${playbookUrls.prep}${qs({ leadId, callSessionId })}`),
    enabled: !!leadId,
    staleTime: 60_000,
    placeholderData: (prev) => (prev && prev.lead.id === leadId ? prev : undefined),
  });
}

export const playbookApi = {
  create: (body: PlaybookRuleCreate) => api.post<PlaybookRuleDetail>(playbookUrls.rules, body),
  update: (id: string, body: PlaybookRuleUpdate) => api.patch<PlaybookRuleDetail>(playbookUrls.rule(id), body),
  remove: (id: string) => api.del<{ ok: true }>(playbookUrls.rule(id)),
  history: (id: string) => api.get<{ data: PlaybookRuleVersion[] }>(playbookUrls.history(id)),
  addEvidence: (id: string, body: EvidenceInput) => api.post<PlaybookEvidence>(playbookUrls.evidence(id), body),
  removeEvidence: (evidenceId: string) => api.del<{ ok: true }>(playbookUrls.evidenceItem(evidenceId)),
  opened: (id: string, body: { leadId?: string | null; callSessionId?: string | null }) => api.post<{ ok: true }>(playbookUrls.uses(id), { action: 'opened', ...body }),
};
