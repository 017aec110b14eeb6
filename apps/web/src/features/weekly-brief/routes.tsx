import type { RouteObject } from 'react-router';
import { BriefPage } from './BriefPage.tsx';

export const briefRoutes: RouteObject[] = [
  { path: 'brief', element: <BriefPage /> },
  { path: 'brief/:id', element: <BriefPage /> },
];
