import type { CounterpayApi } from '../../app/contract/index.js';
import { createWsClient, type SocketLike } from '../../app/transport/ws-client.js';

/**
 * `window.counterpay`: provided by the Electron preload, or — in the browser shell — made here
 * as a WebSocket client of the core. The rest of the renderer only ever talks to the core
 * through the object returned by `connectApi()`.
 */

declare global {
  interface Window {
    counterpay?: CounterpayApi;
  }
}

export type ConnectionStatus = 'connecting' | 'open' | 'closed' | 'no-token';

const TOKEN_KEY = 'counterpay.token';

/**
 * The browser shell puts its per-run token in the URL fragment (`#token=…`): the fragment is
 * never sent to the server in HTTP requests. Keep it in sessionStorage so a reload of this tab
 * still works, and drop it from the address bar.
 */
export function takeToken(
  loc: Location = location,
  storage: Storage = sessionStorage,
  hist: History = history,
): string | null {
  const hash = loc.hash.startsWith('#') ? loc.hash.slice(1) : loc.hash;
  const fromHash = new URLSearchParams(hash).get('token');
  if (fromHash) {
    try {
      storage.setItem(TOKEN_KEY, fromHash);
    } catch {
      // Storage may be unavailable (private mode); the token still works for this page.
    }
    hist.replaceState(hist.state, '', loc.pathname + loc.search);
    return fromHash;
  }
  try {
    return storage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export interface Connection {
  api: CounterpayApi;
  /** Current transport status; the Electron shell is always 'open'. */
  status(): ConnectionStatus;
  onStatus(listener: (s: ConnectionStatus) => void): () => void;
}

/** A stand-in that fails every command with `core-unreachable` (no token: nothing to talk to). */
function unreachableApi(): CounterpayApi {
  return {
    shell: 'browser',
    invoke: () => Promise.resolve({ ok: false, error: { code: 'core-unreachable', message: 'no access token' } }),
    on: () => () => {},
  };
}

let connection: Connection | null = null;

export function connectApi(): Connection {
  if (connection) return connection;
  const listeners = new Set<(s: ConnectionStatus) => void>();
  let current: ConnectionStatus = 'connecting';
  const set = (s: ConnectionStatus): void => {
    current = s;
    for (const l of [...listeners]) l(s);
  };
  let api: CounterpayApi;
  if (window.counterpay) {
    api = window.counterpay;
    current = 'open';
  } else {
    const token = takeToken();
    if (!token) {
      api = unreachableApi();
      current = 'no-token';
    } else {
      const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
      const url = `${scheme}://${location.host}/ws?token=${encodeURIComponent(token)}`;
      api = createWsClient({
        url,
        connect: (u) => new WebSocket(u) as unknown as SocketLike,
        onStatus: set,
      });
      // The same one named API as under Electron's preload: window.counterpay.
      Object.defineProperty(window, 'counterpay', { value: api, writable: false, configurable: false });
    }
  }
  connection = {
    api,
    status: () => current,
    onStatus(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return connection;
}
