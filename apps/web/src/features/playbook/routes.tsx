import type { RouteObject } from 'react-router';
import { PlaybookPage } from './PlaybookPage.tsx';

export const playbookRoutes: RouteObject[] = [{ path: 'playbook', element: <PlaybookPage /> }];
