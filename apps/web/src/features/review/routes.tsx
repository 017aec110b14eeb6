import type { RouteObject } from 'react-router';
import { ReviewPage } from './ReviewPage.tsx';

export const reviewRoutes: RouteObject[] = [{ path: 'review', element: <ReviewPage /> }];
