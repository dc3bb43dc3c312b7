import {
  isEventName,
  type CommandInput,
  type CommandName,
  type CommandOutput,
  type CounterpayApi,
  type EventName,
  type EventPayload,
} from '../contract/index.js';
import type { Result } from '../result.js';
import { ServerFrameSchema, type ClientFrame } from './protocol.js';

/** The minimal socket surface we need; satisfied by the browser WebSocket and by `ws`. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
}

export interface WsClientOptions {
  /** Opens a socket to the browser shell, e.g. `(url) => new WebSocket(url)`. */
  connect: (url: string) => SocketLike;
  url: string;
  /** Delay before reconnecting after a close; grows up to maxBackoffMs. */
  minBackoffMs?: number;
  maxBackoffMs?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  onStatus?: (status: 'connecting' | 'open' | 'closed') => void;
}

const OPEN = 1;

/**
 * The browser shell's implementation of `window.counterpay` over a WebSocket.
 * Invokes made while the socket is down wait for it to reopen; invokes in flight when it
 * drops resolve with `core-unreachable` (the core may or may not have acted: the screen
 * re-reads `counter.state`, it never retries a payment on its own).
 */
export function createWsClient(opts: WsClientOptions): CounterpayApi & { close(): void; whenOpen(): Promise<void> } {
  const minBackoff = opts.minBackoffMs ?? 250;
  const maxBackoff = opts.maxBackoffMs ?? 5000;
  const setTimer = opts.setTimer ?? ((fn: () => void, ms: number) => setTimeout(fn, ms));
  let socket: SocketLike | null = null;
  let nextId = 1;
  let backoff = minBackoff;
  let closedByUser = false;
  const pending = new Map<number, (r: Result<unknown>) => void>();
  const queued: ClientFrame[] = [];
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let openWaiters: (() => void)[] = [];

  function open(): void {
    opts.onStatus?.('connecting');
    const s = opts.connect(opts.url);
    socket = s;
    s.onopen = () => {
      backoff = minBackoff;
      opts.onStatus?.('open');
      for (const f of queued.splice(0)) s.send(JSON.stringify(f));
      const w = openWaiters;
      openWaiters = [];
      w.forEach((fn) => fn());
    };
    s.onmessage = (ev) => {
      if (typeof ev.data !== 'string') return;
      let frame;
      try {
        frame = ServerFrameSchema.parse(JSON.parse(ev.data));
      } catch {
        return;
      }
      if (frame.t === 'result') {
        const resolve = pending.get(frame.id);
        if (resolve) {
          pending.delete(frame.id);
          resolve(frame.result as Result<unknown>);
        }
      } else if (frame.t === 'event') {
        const set = listeners.get(frame.name);
        if (set) for (const l of [...set]) l(frame.payload);
      }
    };
    s.onerror = () => {};
    s.onclose = () => {
      socket = null;
      opts.onStatus?.('closed');
      for (const [id, resolve] of pending) {
        pending.delete(id);
        resolve({ ok: false, error: { code: 'core-unreachable', message: 'connection to the core was lost' } });
      }
      if (!closedByUser) {
        setTimer(open, backoff);
        backoff = Math.min(maxBackoff, backoff * 2);
      }
    };
  }

  function send(frame: ClientFrame): void {
    if (socket && socket.readyState === OPEN) socket.send(JSON.stringify(frame));
    else queued.push(frame);
  }

  open();

  return {
    shell: 'browser',
    invoke<K extends CommandName>(command: K, input: CommandInput<K>): Promise<Result<CommandOutput<K>>> {
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, resolve as (r: Result<unknown>) => void);
        send({ t: 'invoke', id, command, input });
      });
    },
    on<K extends EventName>(name: K, listener: (payload: EventPayload<K>) => void): () => void {
      if (!isEventName(name)) throw new Error(`unknown event ${String(name)}`);
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      const l = listener as (payload: unknown) => void;
      set.add(l);
      return () => set.delete(l);
    },
    close() {
      closedByUser = true;
      socket?.close();
    },
    whenOpen() {
      if (socket && socket.readyState === OPEN) return Promise.resolve();
      return new Promise((resolve) => openWaiters.push(resolve));
    },
  };
}
