import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError } from './api.ts';

export type Role = 'owner' | 'admin' | 'manager' | 'rep';
export interface Me {
  user: { id: string; email: string; name: string };
  workspaces: { id: string; name: string; role: Role }[];
  activeWorkspaceId: string | null;
  role: Role | null;
}

const RANK: Record<Role, number> = { rep: 1, manager: 2, admin: 3, owner: 4 };

/** The signed-in user (null when signed out). */
export function useMe() {
  return useQuery({
    queryKey: ['me'],
    queryFn: async () => {
      try {
        return await api.get<Me>('/api/v1/auth/me');
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) return null;
        throw e;
      }
    },
    staleTime: 60_000,
  });
}

export function hasRole(me: Me | null | undefined, min: Role) {
  return !!me?.role && RANK[me.role] >= RANK[min];
}

export function useSignOut() {
  const qc = useQueryClient();
  return async () => {
    await api.post('/api/v1/auth/logout');
    qc.clear();
    window.location.assign('/login');
  };
}
