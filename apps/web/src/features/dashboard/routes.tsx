import type { RouteObject } from 'react-router';
import { DashboardPage } from './DashboardPage.tsx';

export const dashboardRoutes: RouteObject[] = [{ path: 'dashboard', element: <DashboardPage /> }];
