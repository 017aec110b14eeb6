import { useEffect } from 'react';

type Listener = (payload: unknown) => void;
const listeners = new Map<string, Set<Listener>>();
let socket: WebSocket | null = null;
let retry = 0;

function connect() {
  if (socket && socket.readyState <= 1) return;
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/ws`;
  socket = new WebSocket(url);
  socket.onopen = () => {
    retry = 0;
  };
  socket.onmessage = (ev) => {
    try {
      const msg = JSON.parse(String(ev.data)) as { type: string; payload: unknown };
      for (const fn of listeners.get(msg.type) ?? []) fn(msg.payload);
    } catch {
      /* ignore malformed frames */
    }
  };
  socket.onclose = (ev) => {
    socket = null;
    if (ev.code === 4401) return; // signed out: don't hammer the server
    retry = Math.min(retry + 1, 6);
    setTimeout(connect, 500 * 2 ** retry);
  };
}

/** Live events from the server (import progress, later: line status, callbacks due …). */
export function useRealtime(type: string, fn: Listener) {
  useEffect(() => {
    connect();
    let set = listeners.get(type);
    if (!set) listeners.set(type, (set = new Set()));
    set.add(fn);
    return () => {
      set!.delete(fn);
    };
  }, [type, fn]);
}
