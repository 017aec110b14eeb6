import WebSocket from 'ws';

export interface WsMessage {
  type: string;
  payload: unknown;
  workspaceId?: string | null;
}

export interface TestSocket {
  messages: WsMessage[];
  /** Resolves with the next message (in arrival order) matching `type`, not yet consumed. */
  next(type: string, timeoutMs?: number): Promise<WsMessage>;
  /** Messages other than hello, received so far. */
  events(): WsMessage[];
  closed: Promise<{ code: number; reason: string }>;
  close(): void;
}

/** Opens a WebSocket like a browser tab would (session cookie), and records what arrives. */
export function openSocket(url: string, cookie?: string): TestSocket {
  const ws = new WebSocket(url, cookie ? { headers: { cookie } } : {});
  const messages: WsMessage[] = [];
  const consumed = new Set<WsMessage>();
  const waiters: (() => void)[] = [];
  ws.on('message', (data) => {
    messages.push(JSON.parse(String(data)) as WsMessage);
    for (const w of waiters.splice(0)) w();
  });
  ws.on('error', () => undefined); // a refused socket reports through `closed`
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
  });
  return {
    messages,
    events: () => messages.filter((m) => m.type !== 'hello'),
    closed,
    close: () => ws.close(),
    next(type, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no "${type}" message within ${timeoutMs} ms; got ${JSON.stringify(messages.map((m) => m.type))}`)), timeoutMs);
        const check = () => {
          const m = messages.find((x) => x.type === type && !consumed.has(x));
          if (m) {
            consumed.add(m);
            clearTimeout(timer);
            resolve(m);
          } else waiters.push(check);
        };
        check();
      });
    },
  };
}
