import type { AuthzPart } from './part.ts';

/** Authorization samples for the calendar feed routes (the .ics route is public: the token is the credential). */
export const calendarFeedAuthz: AuthzPart = {
  samples: {
    'GET /api/v1/calendar-feed': { url: () => '/api/v1/calendar-feed', collection: true },
    'POST /api/v1/calendar-feed/rotate': { url: () => '/api/v1/calendar-feed/rotate', collection: true, body: () => ({}) },
  },
};
