// Request/response schemas of the scripts API (zod), shared by server and web.
export {};
