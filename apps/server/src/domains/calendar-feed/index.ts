import type { AnyRoute } from '../../platform/http/route.ts';
import { calendarFeedRoutes as routes } from './calendar-feed.routes.ts';

/** Every route of the private calendar feed for the route table. */
export const calendarFeedRoutes: AnyRoute[] = routes;
export { renderFeed, renderCalendarObject, foldOctets, type FeedTask } from './ics.ts';
