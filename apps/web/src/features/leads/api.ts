import { keepPreviousData, useInfiniteQuery, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api, ApiError, qs } from '../../app/api.ts';
import { activeFilters, type LeadFilters } from './filters.ts';
import type { BoardColumn, BulkAction, Facets, LeadDetail, LeadListItem, Member, SavedView, Stage, TimelineEntry } from './types.ts';

export const leadKeys = {
  all: ['leads'] as const,
  list: (params: Record<string, unknown>) => ['leads', 'list', params] as const,
  board: (params: Record<string, unknown>) => ['leads', 'board', params] as const,
  facets: ['leads', 'facets'] as const,
  detail: (id: string) => ['leads', 'detail', id] as const,
  timeline: (id: string) => ['leads', 'timeline', id] as const,
  stages: ['pipeline', 'stages'] as const,
  views: ['views'] as const,
  members: ['members'] as const,
};

/** Everything that shows leads is stale after a lead mutation (list, board, facets, counts). */
export function invalidateLeads(qc: QueryClient) {
  void qc.invalidateQueries({ queryKey: leadKeys.all });
  void qc.invalidateQueries({ queryKey: leadKeys.stages });
}

export function filterQuery(f: LeadFilters) {
  return activeFilters(f);
}

export function useLeadList(f: LeadFilters, sort: string, page: number, pageSize: number) {
  const params = { ...filterQuery(f), sort, limit: pageSize, offset: (page - 1) * pageSize };
  return useQuery({
    queryKey: leadKeys.list(params),
    queryFn: () => api.get<{ data: LeadListItem[]; total: number }>(`/api/v1/leads${qs(params)}`),
    placeholderData: keepPreviousData,
  });
}

export function useBoard(f: LeadFilters) {
  const params = filterQuery(f);
  return useQuery({
    queryKey: leadKeys.board(params),
    queryFn: () => api.get<{ stages: BoardColumn[] }>(`/api/v1/pipeline/board${qs(params)}`),
    placeholderData: keepPreviousData,
  });
}

export function useFacets() {
  return useQuery({ queryKey: leadKeys.facets, queryFn: () => api.get<Facets>('/api/v1/leads/facets'), staleTime: 30_000 });
}

export function useStages() {
  return useQuery({
    queryKey: leadKeys.stages,
    queryFn: async () => {
      const r = await api.get<{ data: Stage[] }>('/api/v1/pipeline/stages');
      return [...r.data].sort((a, b) => a.position - b.position);
    },
    staleTime: 30_000,
  });
}

export function useMembers() {
  return useQuery({ queryKey: leadKeys.members, queryFn: () => api.get<{ data: Member[] }>('/api/v1/members'), staleTime: 60_000, select: (r) => r.data });
}

export function useViews() {
  return useQuery({ queryKey: leadKeys.views, queryFn: () => api.get<{ data: SavedView[] }>('/api/v1/views'), select: (r) => r.data });
}

export function useLead(id: string) {
  return useQuery({
    queryKey: leadKeys.detail(id),
    queryFn: () => api.get<LeadDetail>(`/api/v1/leads/${id}`),
    retry: (n, e) => !(e instanceof ApiError && (e.status === 404 || e.status === 400 || e.status === 403)) && n < 1,
  });
}

export function useTimeline(id: string) {
  return useInfiniteQuery({
    queryKey: leadKeys.timeline(id),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => api.get<{ data: TimelineEntry[]; nextBefore: string | null }>(`/api/v1/leads/${id}/timeline${qs({ before: pageParam, limit: 30 })}`),
    getNextPageParam: (last) => last.nextBefore ?? null,
  });
}

export function bulk(body: { ids: string[]; action: BulkAction; ownerId?: string | null; tags?: string[]; stage?: string }) {
  return api.post<{ affected: number }>('/api/v1/leads/bulk', body);
}

export function patchLead(id: string, body: Record<string, unknown>) {
  return api.patch<LeadDetail>(`/api/v1/leads/${id}`, body);
}

/** PATCH a lead and put the answer straight into the cache (no flicker), then refresh lists. */
export function usePatchLead(id: string) {
  const qc = useQueryClient();
  return async (body: Record<string, unknown>) => {
    const lead = await patchLead(id, body);
    if (lead && typeof lead === 'object' && 'id' in lead) qc.setQueryData(leadKeys.detail(id), lead);
    else void qc.invalidateQueries({ queryKey: leadKeys.detail(id) });
    void qc.invalidateQueries({ queryKey: leadKeys.timeline(id) });
    void qc.invalidateQueries({ queryKey: ['leads', 'list'] });
    void qc.invalidateQueries({ queryKey: ['leads', 'board'] });
    void qc.invalidateQueries({ queryKey: leadKeys.facets });
    return lead;
  };
}

export function exportHref(f: LeadFilters, sort: string) {
  return `/api/v1/leads/export.csv${qs({ ...filterQuery(f), sort })}`;
}
