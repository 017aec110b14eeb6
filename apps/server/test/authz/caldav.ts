import type { AuthzPart } from './part.ts';

/**
 * Authorization samples for the calendar sync routes: all are the signed-in member's own, so an
 * outsider only ever reaches their own (empty) connection. The test/connect samples carry no
 * password and the outsider has none stored: a clear 400 without any network call.
 */
export const caldavAuthz: AuthzPart = {
  samples: {
    'GET /api/v1/caldav': { url: () => '/api/v1/caldav', collection: true },
    'POST /api/v1/caldav/test': { url: () => '/api/v1/caldav/test', body: () => ({ serverUrl: 'http://127.0.0.1:9/dav/', username: 'outsider' }), collection: true },
    'PUT /api/v1/caldav/connection': {
      url: () => '/api/v1/caldav/connection',
      body: () => ({ serverUrl: 'http://127.0.0.1:9/dav/', username: 'outsider', calendarUrl: 'http://127.0.0.1:9/dav/cal/' }),
      collection: true,
    },
    'PATCH /api/v1/caldav/connection': { url: () => '/api/v1/caldav/connection', body: () => ({ enabled: false }), collection: true },
    'DELETE /api/v1/caldav/connection': { url: () => '/api/v1/caldav/connection', collection: true },
    'POST /api/v1/caldav/resync': { url: () => '/api/v1/caldav/resync', collection: true },
    'PUT /api/v1/caldav/reminders': { url: () => '/api/v1/caldav/reminders', body: () => ({ minutesBefore: 15 }), collection: true },
  },
};
