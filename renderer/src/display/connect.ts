import { DisplayViewSchema, type DisplayView } from '../../../app/display/view.js';
import type { Result } from '../../../app/result.js';
import { createWsClient, type SocketLike } from '../../../app/transport/ws-client.js';

/**
 * The customer display's read-only link to the core: the current view and its changes, nothing
 * else. Under Electron the display window's preload provides `window.counterpayDisplay`; in the
 * browser shell it is a WebSocket opened with the display's own token (from `#token=…`), on
 * which the core answers only `display.state` and pushes only `display.changed`.
 */
export interface DisplayApi {
  state(): Promise<Result<DisplayView>>;
  onChange(listener: (view: DisplayView) => void): () => void;
  /** Called at once with the link's state, then with true whenever it (re)opens and false when it drops. */
  onLink(listener: (open: boolean) => void): () => void;
}

declare global {
  interface Window {
    counterpayDisplay?: DisplayApi;
  }
}

const TOKEN_KEY = 'counterpay.displayToken';

function takeDisplayToken(): string | null {
  const hash = location.hash.startsWith('#') ? location.hash.slice(1) : location.hash;
  const fromHash = new URLSearchParams(hash).get('token');
  if (fromHash) {
    try {
      sessionStorage.setItem(TOKEN_KEY, fromHash);
    } catch {
      // No storage: the token still works for this page.
    }
    history.replaceState(history.state, '', location.pathname + location.search);
    return fromHash;
  }
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

/** The display's API, or null when the browser page has no token. */
export function connectDisplay(): DisplayApi | null {
  if (window.counterpayDisplay) return window.counterpayDisplay;
  const token = takeDisplayToken();
  if (!token) return null;
  const linkListeners = new Set<(open: boolean) => void>();
  let linked = false;
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const client = createWsClient({
    url: `${scheme}://${location.host}/ws?token=${encodeURIComponent(token)}`,
    connect: (u) => new WebSocket(u) as unknown as SocketLike,
    onStatus: (s) => {
      linked = s === 'open';
      for (const l of [...linkListeners]) l(linked);
    },
  });
  return {
    async state() {
      const r = await client.invoke('display.state', {});
      if (!r.ok) return r;
      const parsed = DisplayViewSchema.safeParse(r.value);
      return parsed.success
        ? { ok: true, value: parsed.data }
        : { ok: false, error: { code: 'internal-error', message: 'display.state: unexpected view' } };
    },
    onChange: (listener) => client.on('display.changed', listener),
    onLink(listener) {
      linkListeners.add(listener);
      listener(linked);
      return () => linkListeners.delete(listener);
    },
  };
}
