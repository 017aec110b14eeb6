import type { RouteObject } from 'react-router';
import { EmptyState } from '../../ui/index.ts';

// Replaced by the leads feature (list, pipeline board, lead view).
export const leadsRoutes: RouteObject[] = [{ path: 'leads', element: <EmptyState title="Leads">Loading the leads workspace…</EmptyState> }];
