import { useQuery } from '@tanstack/react-query';
import { api } from '../../app/api.ts';
import type { ImportOptions, ImportRecord, PreviewResult, UploadResult } from './types.ts';

export const ACCEPT = '.csv,.tsv,.txt,.xlsx,text/csv,text/tab-separated-values,text/plain,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function uploadImportFile(file: File) {
  const form = new FormData();
  form.append('file', file, file.name);
  return api.upload<UploadResult>('/api/v1/imports', form);
}

export interface RunBody {
  mapping: Record<string, string>;
  options: ImportOptions;
  saveMapping?: boolean;
}

export const previewImport = (id: string, body: RunBody) => api.post<PreviewResult>(`/api/v1/imports/${id}/preview`, body);
export const runImport = (id: string, body: RunBody) => api.post<{ importId: string; status: string }>(`/api/v1/imports/${id}/run`, body);
export const getImport = (id: string) => api.get<ImportRecord>(`/api/v1/imports/${id}`);
export const rejectedCsvUrl = (id: string) => `/api/v1/imports/${id}/rejected.csv`;

export const isActive = (s: string | undefined) => s === 'queued' || s === 'running';

export function useImportHistory(enabled = true) {
  return useQuery({
    queryKey: ['imports'],
    enabled,
    queryFn: () => api.get<{ data: ImportRecord[] }>('/api/v1/imports'),
    // keep the list's progress moving while one of them runs
    refetchInterval: (q) => (q.state.data?.data.some((i) => isActive(i.status)) ? 2000 : false),
  });
}

export function useStages() {
  return useQuery({ queryKey: ['pipeline-stages'], queryFn: () => api.get<{ data: { key: string; label: string }[] }>('/api/v1/pipeline/stages'), retry: false, staleTime: 60_000 });
}

export function useMembers() {
  return useQuery({ queryKey: ['members'], queryFn: () => api.get<{ data: { id: string; name: string; email: string }[] }>('/api/v1/members'), staleTime: 60_000 });
}
