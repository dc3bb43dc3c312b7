import { isModifierCode } from '../../app/scan/keymap.js';
import { createWedgeDetector, type HeldKey, type WedgeOptions, type WedgeScan } from '../../app/scan/wedge.js';
import type { ScanEvent } from '../../app/scan/types.js';
import { silentLogger, type ScanLogger } from '../../native/clock.js';

/**
 * Keyboard-wedge scanning in the Electron shell, in the main process, from `webContents`'
 * `before-input-event` (which fires before the page sees a key). The Electron shell wires it:
 *
 *   const wedge = createElectronWedge({
 *     onScan: (e) => pipeline.submit(e),
 *     host: {
 *       insertText: (text) => win.webContents.insertText(text),
 *       sendKey: (input) => { for (const ev of toKeyboardInputEvents(input)) win.webContents.sendInputEvent(ev); },
 *     },
 *   });
 *   win.webContents.on('before-input-event', (event, input) => {
 *     if (wedge.handleInput(input)) event.preventDefault();
 *   });
 *
 * Keys that may be part of a scan are held (preventDefault). If they turn out to be typing they
 * are given back with `insertText`, in order; a key that arrives while given-back text is still
 * on its way (e.g. Enter right after two digits) is held too and re-sent after it with
 * `sendKey`, so the page sees "12⏎", never "⏎12". Text is rebuilt from `input.code`, so the
 * keyboard layout and the Chinese IME do not matter; composing keys are never touched.
 *
 * This module does not import electron: `ElectronInputLike` is the structural subset of
 * Electron's `Input` we read.
 */

export interface ElectronInputLike {
  /** 'keyDown' | 'keyUp' (Electron also documents 'char' for sendInputEvent only). */
  type: string;
  key: string;
  code: string;
  shift: boolean;
  control: boolean;
  alt: boolean;
  meta: boolean;
  isAutoRepeat: boolean;
  isComposing?: boolean;
  modifiers?: string[];
}

export interface ElectronWedgeHost {
  /** `webContents.insertText(text)`. */
  insertText(text: string): Promise<void>;
  /** Re-send a key that was held back to keep order (see `toKeyboardInputEvents`). */
  sendKey(input: ElectronInputLike): Promise<void> | void;
}

export interface ElectronWedgeClock {
  /** Monotonic ms (performance.now). */
  now(): number;
  /** Wall-clock ms for ScanEvent.at (Date.now). */
  wallNow(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface ElectronWedgeOptions {
  host: ElectronWedgeHost;
  onScan: (event: ScanEvent) => void;
  wedge?: Partial<WedgeOptions>;
  /** When false, keys pass untouched (e.g. a settings field that wants raw typing). */
  enabled?: () => boolean;
  clock?: ElectronWedgeClock;
  log?: ScanLogger;
  deviceId?: string;
}

export interface ElectronWedge {
  /** Feed a before-input-event `input`; returns true when the caller must preventDefault. */
  handleInput(input: ElectronInputLike): boolean;
  setOptions(partial: Partial<WedgeOptions>): void;
  options(): WedgeOptions;
  /** Resolves when every given-back key has been delivered (tests, shutdown). */
  whenDelivered(): Promise<void>;
  dispose(): void;
}

const systemClock: ElectronWedgeClock = {
  now: () => performance.now(),
  wallNow: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

type Delivery = { kind: 'text'; text: string } | { kind: 'key'; input: ElectronInputLike };

export function createElectronWedge(options: ElectronWedgeOptions): ElectronWedge {
  const clock = options.clock ?? systemClock;
  const log = options.log ?? silentLogger;
  const deviceId = options.deviceId ?? 'electron-wedge';
  const detector = createWedgeDetector<ElectronInputLike>(options.wedge ?? {});
  let timer: unknown = null;
  let disposed = false;

  // Deliveries run one after another; `pending` counts those not finished yet.
  let chain: Promise<void> = Promise.resolve();
  let pending = 0;
  // Keys we re-send ourselves come back through before-input-event: let them pass once.
  const resent = new Map<string, number>();
  // keyUps to swallow: for keys whose keyDown was held and not (yet) given back, or consumed.
  const swallowUp = new Map<string, number>();

  const inc = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  const dec = (m: Map<string, number>, k: string): boolean => {
    const n = m.get(k) ?? 0;
    if (n <= 0) return false;
    if (n === 1) m.delete(k);
    else m.set(k, n - 1);
    return true;
  };

  function deliver(d: Delivery): void {
    pending++;
    chain = chain
      .then(async () => {
        if (disposed) return;
        if (d.kind === 'text') await options.host.insertText(d.text);
        else {
          if (d.input.type === 'keyDown') inc(resent, d.input.code);
          await options.host.sendKey(d.input);
        }
      })
      .catch((e: unknown) =>
        log.error('electron wedge: delivery failed', { error: e instanceof Error ? e.message : String(e) }),
      )
      .finally(() => {
        pending--;
      });
  }

  function release(keys: HeldKey<ElectronInputLike>[]): void {
    if (keys.length === 0) return;
    // Give back what the user's layout typed (key), falling back to the rebuilt character.
    let text = '';
    for (const k of keys) {
      text += k.key !== undefined && [...k.key].length === 1 ? k.key : k.char;
      // Its keyUp (if still to come) may pass now: the page gets the text, a stray keyUp is harmless.
      dec(swallowUp, k.code);
    }
    deliver({ kind: 'text', text });
  }

  function emit(scan: WedgeScan<ElectronInputLike>): void {
    // Keys consumed by the scan keep their keyUp swallowed (already counted when held).
    try {
      options.onScan({ text: scan.text, source: 'keyboard-wedge', deviceId, at: clock.wallNow() });
    } catch (e) {
      log.error('electron wedge: onScan threw', { error: e instanceof Error ? e.message : String(e) });
    }
  }

  function schedule(): void {
    if (timer !== null) clock.clearTimeout(timer);
    timer = null;
    const deadline = detector.nextDeadline();
    if (deadline === null || disposed) return;
    timer = clock.setTimeout(
      () => {
        timer = null;
        const r = detector.flush(clock.now());
        release(r.release);
        if (r.scan) emit(r.scan);
        schedule();
      },
      Math.max(0, deadline - clock.now()),
    );
  }

  function handleInput(input: ElectronInputLike): boolean {
    if (disposed) return false;
    if (input.type === 'keyUp') return dec(swallowUp, input.code);
    if (input.type !== 'keyDown') return false;
    if (dec(resent, input.code)) return false; // our own re-sent key
    if (input.isComposing) return false;
    // Modifiers carry no text and cannot reorder it; scanners press Shift for capitals.
    if (isModifierCode(input.code)) return false;
    if (options.enabled && !options.enabled()) {
      // Disabled mid-burst: give back what is held, in order, then let this key follow it.
      const r = detector.reset();
      release(r.release);
      if (r.scan) emit(r.scan);
      schedule();
      if (pending > 0) {
        deliver({ kind: 'key', input });
        return true;
      }
      return false;
    }

    const d = detector.feed(
      {
        code: input.code,
        key: input.key,
        shift: input.shift,
        time: clock.now(),
        repeat: input.isAutoRepeat,
        ctrl: input.control,
        alt: input.alt,
        meta: input.meta,
      },
      input,
    );
    release(d.release);
    if (d.scan) emit(d.scan);
    schedule();
    if (d.action === 'hold') {
      inc(swallowUp, input.code);
      return true;
    }
    // Passing key: if given-back text is still in flight, it must not overtake it.
    if (pending > 0) {
      deliver({ kind: 'key', input });
      return true;
    }
    return false;
  }

  return {
    handleInput,
    setOptions: (p) => detector.setOptions(p),
    options: () => detector.options(),
    async whenDelivered() {
      while (pending > 0) await chain;
    },
    dispose() {
      if (timer !== null) clock.clearTimeout(timer);
      timer = null;
      const r = detector.reset();
      release(r.release);
      if (r.scan) emit(r.scan);
      disposed = true;
    },
  };
}

/** Electron accelerator names for DOM `key` values that differ. */
const KEY_NAMES: Record<string, string> = {
  ArrowUp: 'Up',
  ArrowDown: 'Down',
  ArrowLeft: 'Left',
  ArrowRight: 'Right',
  ' ': 'Space',
  Enter: 'Enter',
  Tab: 'Tab',
  Backspace: 'Backspace',
  Delete: 'Delete',
  Escape: 'Escape',
};

export interface KeyboardInputEventLike {
  type: 'keyDown' | 'char' | 'keyUp';
  keyCode: string;
  modifiers: string[];
}

/**
 * The `webContents.sendInputEvent` sequence that re-creates a held-back key: keyDown, a 'char'
 * (so Enter submits and characters insert) and keyUp.
 */
export function toKeyboardInputEvents(input: ElectronInputLike): KeyboardInputEventLike[] {
  const modifiers = [
    ...(input.shift ? ['shift'] : []),
    ...(input.control ? ['control'] : []),
    ...(input.alt ? ['alt'] : []),
    ...(input.meta ? ['meta'] : []),
  ];
  const keyCode = KEY_NAMES[input.key] ?? input.key;
  const out: KeyboardInputEventLike[] = [{ type: 'keyDown', keyCode, modifiers }];
  const charFor =
    input.key === 'Enter' ? '\r' : input.key === 'Tab' ? '\t' : [...input.key].length === 1 ? input.key : null;
  if (charFor !== null && !input.control && !input.meta) out.push({ type: 'char', keyCode: charFor, modifiers });
  out.push({ type: 'keyUp', keyCode, modifiers });
  return out;
}
