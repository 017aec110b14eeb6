import type { RouteObject } from 'react-router';
import { LeadsPage } from './LeadsPage.tsx';
import { LeadList } from './LeadList.tsx';
import { PipelineBoard } from './PipelineBoard.tsx';
import { LeadView } from './LeadView.tsx';

export const leadsRoutes: RouteObject[] = [
  {
    path: 'leads',
    element: <LeadsPage />,
    children: [
      { index: true, element: <LeadList /> },
      { path: 'pipeline', element: <PipelineBoard /> },
    ],
  },
  { path: 'leads/:id', element: <LeadView /> },
];
