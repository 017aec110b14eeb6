import type { RouteObject } from 'react-router';
import { EmptyState } from '../../ui/index.ts';

// Replaced by the import feature (upload → mapping → preview → progress → result).
export const importRoutes: RouteObject[] = [{ path: 'import', element: <EmptyState title="Import">Coming in this build.</EmptyState> }];
