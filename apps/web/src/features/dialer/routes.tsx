import type { RouteObject } from 'react-router';
import { DialerHome } from './DialerHome.tsx';
import { SessionRun } from './SessionRun.tsx';
import { SessionSetup } from './SessionSetup.tsx';
import { SessionSummary } from './SessionSummary.tsx';

export const dialerRoutes: RouteObject[] = [
  { path: 'dialer', element: <DialerHome /> },
  { path: 'dialer/new', element: <SessionSetup /> },
  { path: 'dialer/sessions/:id', element: <SessionRun /> },
  { path: 'dialer/sessions/:id/summary', element: <SessionSummary /> },
];
