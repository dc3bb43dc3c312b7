import { isModifierCode } from '../../app/scan/keymap.js';
import { createWedgeDetector, type HeldKey, type WedgeOptions, type WedgeScan } from '../../app/scan/wedge.js';

/**
 * Keyboard-wedge scanning in the page (browser shell; also usable in Electron's renderer when
 * the main-process wedge is off). Framework-free.
 *
 * A capture-phase `keydown` listener on `window` feeds app/scan/wedge.ts. While a burst may be
 * a scan its keys are held: `preventDefault()` (no character lands in the focused field) and
 * `stopImmediatePropagation()` (no app hotkey fires on a scanner digit). When the burst proves to
 * be typing, each held key is given back to the element it was aimed at: a synthetic `keydown`
 * is dispatched there (app handlers see it and may cancel it), then, if not cancelled and the
 * element is editable, the character is inserted at the caret with `execCommand('insertText')`
 * (or the native value setter + an `input` event when the element lost focus), so React's
 * onChange sees it. When a scan completes, `onScan` is called. IME composition (isComposing /
 * keyCode 229) is never touched.
 */

export interface WedgeScanDetail {
  text: string;
  source: 'keyboard-wedge';
  /** Wall-clock ms. */
  at: number;
}

export interface WedgeListenerOptions extends Partial<WedgeOptions> {
  /** When it returns false keys pass untouched (a settings field that wants raw typing). */
  enabled?: () => boolean;
  /** Monotonic time of a key event (default `event.timeStamp`). */
  eventTime?: (event: KeyboardEvent) => number;
  /** Monotonic now, same clock as eventTime (default `performance.now()`). */
  now?: () => number;
  /** Wall clock for `at` (default `Date.now()`). */
  wallNow?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  onError?: (error: unknown) => void;
}

export type WedgeListenerHandle = (() => void) & {
  setOptions(partial: Partial<WedgeOptions>): void;
  options(): WedgeOptions;
};

interface KeyRecord {
  target: EventTarget | null;
  init: KeyboardEventInit;
  state: 'held' | 'released' | 'consumed';
  keyupSeen: boolean;
  at: number;
}

const TEXT_INPUT_TYPES = new Set(['', 'text', 'search', 'tel', 'url', 'email', 'password', 'number']);

function editable(el: EventTarget | null): HTMLInputElement | HTMLTextAreaElement | HTMLElement | null {
  const e = el as (HTMLElement & { readOnly?: boolean; disabled?: boolean; type?: string }) | null;
  if (!e || typeof e.tagName !== 'string') return null;
  const tag = e.tagName.toUpperCase();
  if (tag === 'INPUT') {
    const type = (e.getAttribute('type') ?? '').toLowerCase();
    return TEXT_INPUT_TYPES.has(type) && !e.readOnly && !e.disabled ? e : null;
  }
  if (tag === 'TEXTAREA') return !e.readOnly && !e.disabled ? e : null;
  return e.isContentEditable ? e : null;
}

/** Insert `text` at the caret of `el` the way typing would, so frameworks see an input event. */
export function insertTextAtCaret(el: HTMLElement, text: string): boolean {
  const doc = el.ownerDocument;
  if (doc.activeElement === el && typeof doc.execCommand === 'function') {
    try {
      if (doc.execCommand('insertText', false, text)) return true;
    } catch {
      // fall through to the setter path
    }
  }
  const win = doc.defaultView;
  const tag = el.tagName.toUpperCase();
  if (!win || (tag !== 'INPUT' && tag !== 'TEXTAREA')) return false;
  const field = el as HTMLInputElement | HTMLTextAreaElement;
  const value = field.value;
  let start = value.length;
  let end = value.length;
  try {
    start = field.selectionStart ?? value.length;
    end = field.selectionEnd ?? start;
  } catch {
    // type=number etc. have no selection API: append
  }
  const before = new win.InputEvent('beforeinput', {
    bubbles: true,
    cancelable: true,
    inputType: 'insertText',
    data: text,
  });
  if (!field.dispatchEvent(before)) return false;
  let next = value.slice(0, start) + text + value.slice(end);
  if (field.maxLength >= 0 && next.length > field.maxLength) {
    const room = Math.max(0, field.maxLength - (value.length - (end - start)));
    if (room === 0) return false;
    next = value.slice(0, start) + text.slice(0, room) + value.slice(end);
  }
  // The prototype's setter, not the instance's: React tracks the instance setter and would
  // otherwise think nothing changed.
  const proto = tag === 'TEXTAREA' ? win.HTMLTextAreaElement.prototype : win.HTMLInputElement.prototype;
  Object.getOwnPropertyDescriptor(proto, 'value')?.set?.call(field, next);
  try {
    const inserted = next.length - (value.length - (end - start));
    field.setSelectionRange(start + inserted, start + inserted);
  } catch {
    // no selection API for this type
  }
  field.dispatchEvent(new win.InputEvent('input', { bubbles: true, inputType: 'insertText', data: text }));
  return true;
}

export function installWedgeListener(
  targetWindow: Window,
  options: WedgeListenerOptions,
  onScan: (scan: WedgeScanDetail) => void,
): WedgeListenerHandle {
  const target = targetWindow as Window & typeof globalThis;
  const { enabled, eventTime, now, wallNow, setTimer, clearTimer, onError, ...wedgeOptions } = options;
  const detector = createWedgeDetector<KeyRecord>(wedgeOptions);
  const clockNow = now ?? (() => target.performance.now());
  const timeOf = eventTime ?? ((ev: KeyboardEvent) => ev.timeStamp);
  const wall = wallNow ?? (() => Date.now());
  const set = setTimer ?? ((fn: () => void, ms: number) => target.setTimeout(fn, ms));
  const clear = clearTimer ?? ((h: unknown) => target.clearTimeout(h as number));
  const report = onError ?? ((e: unknown) => target.console?.error?.('[wedge]', e));

  /** Events we dispatch ourselves: our own listeners must ignore them. */
  const synthetic = new WeakSet<Event>();
  /** Held/consumed keys whose keyup has not arrived yet, by code, oldest first. */
  const awaitingKeyup = new Map<string, KeyRecord[]>();
  let timer: unknown = null;
  let disposed = false;

  function dispatchKey(rec: KeyRecord, type: 'keydown' | 'keyup'): boolean {
    const t = rec.target ?? target;
    const ev = new target.KeyboardEvent(type, { ...rec.init, bubbles: true, cancelable: true, composed: true });
    synthetic.add(ev);
    return t.dispatchEvent(ev);
  }

  function release(keys: HeldKey<KeyRecord>[]): void {
    for (const k of keys) {
      const rec = k.payload;
      rec.state = 'released';
      try {
        const notCancelled = dispatchKey(rec, 'keydown');
        const el = editable(rec.target);
        const text = k.key !== undefined && [...k.key].length === 1 ? k.key : k.char;
        if (notCancelled && el && text) insertTextAtCaret(el, text);
        if (rec.keyupSeen) dispatchKey(rec, 'keyup');
      } catch (e) {
        report(e);
      }
    }
  }

  function consume(scan: WedgeScan<KeyRecord>): void {
    for (const k of scan.keys) {
      k.payload.state = 'consumed';
      if (k.payload.keyupSeen) forget(k.code, k.payload);
    }
    try {
      onScan({ text: scan.text, source: 'keyboard-wedge', at: wall() });
    } catch (e) {
      report(e);
    }
  }

  function forget(code: string, rec: KeyRecord): void {
    const list = awaitingKeyup.get(code);
    if (!list) return;
    const i = list.indexOf(rec);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) awaitingKeyup.delete(code);
  }

  function schedule(): void {
    if (timer !== null) clear(timer);
    timer = null;
    const deadline = detector.nextDeadline();
    if (deadline === null || disposed) return;
    timer = set(
      () => {
        timer = null;
        const r = detector.flush(clockNow());
        release(r.release);
        if (r.scan) consume(r.scan);
        schedule();
      },
      Math.max(0, deadline - clockNow()),
    );
  }

  function giveBackAll(): void {
    const r = detector.reset();
    release(r.release);
    if (r.scan) consume(r.scan);
    schedule();
  }

  function onKeyDown(ev: KeyboardEvent): void {
    if (synthetic.has(ev) || disposed) return;
    if (ev.isComposing || ev.keyCode === 229) return;
    if (isModifierCode(ev.code)) return;
    if (enabled && !enabled()) {
      if (detector.pending()) giveBackAll();
      return;
    }
    const t = timeOf(ev);
    const rec: KeyRecord = {
      target: ev.target,
      init: {
        key: ev.key,
        code: ev.code,
        location: ev.location,
        shiftKey: ev.shiftKey,
        ctrlKey: ev.ctrlKey,
        altKey: ev.altKey,
        metaKey: ev.metaKey,
        repeat: ev.repeat,
      },
      state: 'held',
      keyupSeen: false,
      at: t,
    };
    const d = detector.feed(
      {
        code: ev.code,
        key: ev.key,
        shift: ev.shiftKey,
        time: t,
        repeat: ev.repeat,
        ctrl: ev.ctrlKey,
        alt: ev.altKey,
        meta: ev.metaKey,
      },
      rec,
    );
    release(d.release);
    if (d.scan) consume(d.scan);
    if (d.action === 'hold') {
      ev.preventDefault();
      ev.stopImmediatePropagation();
      const list = awaitingKeyup.get(ev.code) ?? [];
      // Drop records whose keyup never came (focus left the window mid-press).
      while (list.length > 0 && t - list[0]!.at > 10_000) list.shift();
      list.push(rec);
      awaitingKeyup.set(ev.code, list);
    }
    schedule();
  }

  function onKeyUp(ev: KeyboardEvent): void {
    if (synthetic.has(ev) || disposed) return;
    const list = awaitingKeyup.get(ev.code);
    const rec = list?.[0];
    if (!rec) return;
    if (rec.state === 'released') {
      forget(ev.code, rec); // given back already: this keyup belongs to the page
      return;
    }
    // Held (keyup comes later, after its keydown is given back) or consumed by a scan.
    ev.preventDefault();
    ev.stopImmediatePropagation();
    if (rec.state === 'held') {
      rec.keyupSeen = true;
      forget(ev.code, rec);
    } else forget(ev.code, rec);
  }

  function onBlur(): void {
    if (detector.pending()) giveBackAll();
  }

  target.addEventListener('keydown', onKeyDown, { capture: true });
  target.addEventListener('keyup', onKeyUp, { capture: true });
  target.addEventListener('blur', onBlur);

  const dispose = (() => {
    if (disposed) return;
    target.removeEventListener('keydown', onKeyDown, { capture: true });
    target.removeEventListener('keyup', onKeyUp, { capture: true });
    target.removeEventListener('blur', onBlur);
    if (timer !== null) clear(timer);
    timer = null;
    const r = detector.reset();
    release(r.release);
    if (r.scan) consume(r.scan);
    disposed = true;
    awaitingKeyup.clear();
  }) as WedgeListenerHandle;
  dispose.setOptions = (p) => detector.setOptions(p);
  dispose.options = () => detector.options();
  return dispose;
}
