import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { DashboardView, DashboardViewName, LeadBestWindow } from '@flywheel/contracts';
import { api, qs } from '../../app/api.ts';

export type Range = '7d' | '30d' | '90d';
export type Bucket = 'week' | 'month';
export type ViewParams = { range: Range; bucket: Bucket; by?: string; key?: string };

export const dashboardKeys = {
  all: ['dashboard'] as const,
  view: (view: DashboardViewName, p: ViewParams) => ['dashboard', view, p] as const,
  bestWindow: (leadId: string) => ['dashboard', 'best-window', leadId] as const,
};

export const viewUrl = (view: DashboardViewName, p: ViewParams) => `/api/v1/dashboard/${view}${qs(p)}`;
export const csvUrl = (view: DashboardViewName, p: ViewParams) => `/api/v1/dashboard/${view}/export.csv${qs(p)}`;

export function useDashboardView(view: DashboardViewName, p: ViewParams) {
  return useQuery({
    queryKey: dashboardKeys.view(view, p),
    queryFn: () => api.get<DashboardView>(viewUrl(view, p)),
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
}

export function useRefreshRollups() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<{ days: number; ms: number; asOf: string | null }>('/api/v1/dashboard/refresh'),
    onSuccess: () => qc.invalidateQueries({ queryKey: dashboardKeys.all }),
  });
}

export function useLeadBestWindow(leadId: string) {
  return useQuery({
    queryKey: dashboardKeys.bestWindow(leadId),
    queryFn: () => api.get<LeadBestWindow>(`/api/v1/dashboard/best-window/${leadId}`),
    staleTime: 5 * 60_000,
  });
}
