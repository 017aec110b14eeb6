// Request/response schemas of the caldav API (zod), shared by server and web.
export {};
