import twilio from 'twilio';

export const TWILIO_API_ORIGIN = 'https://api.twilio.com';

/**
 * The SDK's own RequestClient (same form encoding, Basic auth, error handling) sending its
 * api.twilio.com requests to another origin instead: the standalone sandbox carrier, or a stub of
 * Twilio's REST API in tests. Everything above the socket is the code path used against Twilio.
 */
export function redirectingRequestClient(baseUrl: string): twilio.RequestClient {
  const rc = new twilio.RequestClient();
  const base = baseUrl.replace(/\/$/, '');
  rc.axios.interceptors.request.use((config) => {
    if (config.url?.startsWith(TWILIO_API_ORIGIN)) config.url = base + config.url.slice(TWILIO_API_ORIGIN.length);
    return config;
  });
  return rc;
}

/** A request as an in-process handler receives it: what would have gone over the wire. */
export interface InProcessRequest {
  method: string;
  /** Path and query, e.g. /2010-04-01/Accounts/AC…/Calls.json */
  path: string;
  authorization: string | null;
  /** The form-encoded body exactly as the SDK wrote it. */
  body: string;
}

export interface InProcessResponse {
  status: number;
  body: unknown;
}

/**
 * The SDK's RequestClient with its socket replaced by a function call: used for the carrier that
 * runs inside the app process, so no port has to be open (tests, single-process installs).
 */
export function inProcessRequestClient(handle: (req: InProcessRequest) => Promise<InProcessResponse>): twilio.RequestClient {
  const rc = new twilio.RequestClient();
  rc.axios.defaults.adapter = async (config) => {
    const url = new URL(config.url ?? '/', TWILIO_API_ORIGIN);
    const auth = config.headers.Authorization ?? config.headers.authorization;
    const res = await handle({
      method: (config.method ?? 'get').toUpperCase(),
      path: url.pathname + url.search,
      authorization: typeof auth === 'string' ? auth : null,
      body: typeof config.data === 'string' ? config.data : '',
    });
    // a string body, as the HTTP adapter would hand it over
    return { data: JSON.stringify(res.body), status: res.status, statusText: String(res.status), headers: { 'content-type': 'application/json' }, config };
  };
  return rc;
}
