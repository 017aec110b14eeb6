import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CallReview, ReviewCallDetail, ReviewCallList, ReviewPatch, ReviewTagList, ReviewTop, ReviewUpsert } from '@flywheel/contracts';
import { api, qs } from '../../app/api.ts';
import { apiParams, localDayEnd, localDayStart, type ReviewFilters } from './filters.ts';

export const reviewKeys = {
  all: ['review'] as const,
  calls: (p: Record<string, unknown>) => ['review', 'calls', p] as const,
  call: (id: string) => ['review', 'call', id] as const,
  top: (p: Record<string, unknown>) => ['review', 'top', p] as const,
  tags: ['review', 'tags'] as const,
};

/** The filtered calls (up to 200: a batch is worked through in one sitting). */
export function useReviewCalls(f: ReviewFilters) {
  const params = { ...apiParams(f), limit: 200 };
  return useQuery({
    queryKey: reviewKeys.calls(params),
    queryFn: () => api.get<ReviewCallList>(`/api/v1/review/calls${qs(params)}`),
    placeholderData: keepPreviousData,
  });
}

export function useReviewCall(id: string | null) {
  return useQuery({
    queryKey: reviewKeys.call(id ?? ''),
    queryFn: () => api.get<ReviewCallDetail>(`/api/v1/review/calls/${id}`),
    enabled: !!id,
  });
}

export function useTop(f: Pick<ReviewFilters, 'from' | 'to' | 'userId'>) {
  const params = { limit: 10, from: f.from ? localDayStart(f.from) : undefined, to: f.to ? localDayEnd(f.to) : undefined, userId: f.userId || undefined };
  return useQuery({ queryKey: reviewKeys.top(params), queryFn: () => api.get<ReviewTop>(`/api/v1/review/top${qs(params)}`) });
}

export function useReviewTags() {
  return useQuery({ queryKey: reviewKeys.tags, queryFn: () => api.get<ReviewTagList>('/api/v1/review/tags'), staleTime: 30_000 });
}

/** Saving touches lists, the call, Top 10 and the tag picker. */
function useInvalidate() {
  const qc = useQueryClient();
  return (saved: CallReview) => {
    void qc.invalidateQueries({ queryKey: ['review', 'calls'] });
    void qc.invalidateQueries({ queryKey: ['review', 'top'] });
    void qc.invalidateQueries({ queryKey: reviewKeys.tags });
    void qc.invalidateQueries({ queryKey: reviewKeys.call(saved.callSessionId) });
    if (saved.leadId) void qc.invalidateQueries({ queryKey: ['leads', 'timeline', saved.leadId] });
  };
}

export function useSaveReview() {
  const done = useInvalidate();
  return useMutation({
    mutationFn: (v: { callSessionId: string; body: ReviewUpsert }) => api.put<CallReview>(`/api/v1/review/calls/${v.callSessionId}/review`, v.body),
    onSuccess: done,
  });
}

export function usePatchReview() {
  const done = useInvalidate();
  return useMutation({
    mutationFn: (v: { id: string; body: ReviewPatch }) => api.patch<CallReview>(`/api/v1/reviews/${v.id}`, v.body),
    onSuccess: done,
  });
}

export function useDeleteReview() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.del<{ ok: true }>(`/api/v1/reviews/${id}`),
    onSuccess: () => void qc.invalidateQueries({ queryKey: reviewKeys.all }),
  });
}
