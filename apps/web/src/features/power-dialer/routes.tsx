import type { RouteObject } from 'react-router';
import { PowerSessionPage } from './PowerSessionPage.tsx';
import { PowerDashboardPage } from './PowerDashboardPage.tsx';

export const powerRoutes: RouteObject[] = [
  { path: 'dialer/power/:id', element: <PowerSessionPage /> },
  { path: 'dialer/live', element: <PowerDashboardPage /> },
];
