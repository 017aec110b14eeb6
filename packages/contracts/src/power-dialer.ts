// Request/response schemas of the power-dialer API (zod), shared by server and web.
export {};
