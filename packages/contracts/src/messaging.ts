// Request/response schemas of the messaging API (zod), shared by server and web.
export {};
