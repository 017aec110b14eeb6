import type { RouteObject } from 'react-router';
import { ImportWizard } from './ImportWizard.tsx';
import { ImportRunPage } from './ImportRunPage.tsx';

// /import: upload → map columns → dry-run preview; /import/:id: live progress, then the result.
export const importRoutes: RouteObject[] = [
  { path: 'import', element: <ImportWizard /> },
  { path: 'import/:id', element: <ImportRunPage /> },
];
