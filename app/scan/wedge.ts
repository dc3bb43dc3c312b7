import { z } from 'zod';
import { charForCode, isModifierCode } from './keymap.js';

/**
 * Keyboard-wedge scan detector (pure: no timers, no DOM, no Electron).
 *
 * A keyboard-mode scanner "types" its data as a burst of key presses a few milliseconds apart
 * (typically 2–20 ms per character) and usually ends with Enter or Tab; people type 60 ms or
 * more per key, with only short rolls faster than that. The detector sees every keydown and
 * decides per key:
 *
 *   - `hold`: the caller must suppress the key now (preventDefault). It is buffered because it
 *     may be part of a scan, or it was consumed by a scan (including the terminating Enter/Tab).
 *   - `pass`: the caller lets it through.
 *
 * and returns, with each decision,
 *
 *   - `release`: held keys that turned out NOT to be a scan, oldest first. The caller must
 *     re-insert them BEFORE the current key takes effect, so ordinary typing loses nothing and
 *     keeps its order.
 *   - `scan`: a completed scan.
 *
 * Rules (thresholds in `WedgeOptions`):
 *   - a burst is a run of character keys whose gaps are each < `maxGapMs`;
 *   - once a burst has `minLength` characters it is a scan ("confirmed"): from then on gaps up to
 *     `endGapMs` are tolerated (a scanner stalling on a busy machine), and it completes with a
 *     terminator key (consumed), after `endGapMs` of silence, on any other key, or at `maxLength`;
 *   - a burst that is not confirmed when a gap ≥ `maxGapMs` occurs, or when a non-character key
 *     arrives, is human typing: released;
 *   - IME composition events are ignored entirely (never held, never part of a scan);
 *   - auto-repeat (a held-down key) and Ctrl/Alt/Meta chords are human: they end the burst;
 *   - pure modifier keys (Shift, which scanners use for capitals) neither start nor break a burst.
 *
 * Text is rebuilt from `code` + Shift (US layout), independent of layout and IME.
 *
 * Time: callers feed a monotonic `time` (ms) per key and must call `flush(now)` when
 * `nextDeadline()` passes (schedule a timer), otherwise a held key waits for the next key.
 */

export const WedgeOptionsSchema = z.object({
  /** A gap of this many ms or more between two characters breaks a burst. */
  maxGapMs: z.number().min(5).max(200),
  /** Characters a burst needs before it counts as a scan. */
  minLength: z.number().int().min(3).max(64),
  /** Silence (ms) that completes a scan without terminator; also the stall tolerance inside one. */
  endGapMs: z.number().min(10).max(1000),
  /** `KeyboardEvent.code`s that end a scan (and are consumed by it). */
  terminators: z.array(z.string().min(1).max(32)).max(8),
  /** A burst this long is emitted as a scan at once. */
  maxLength: z.number().int().min(16).max(4096),
});
export type WedgeOptions = z.infer<typeof WedgeOptionsSchema>;

export const DEFAULT_WEDGE_OPTIONS: Readonly<WedgeOptions> = Object.freeze({
  maxGapMs: 35,
  minLength: 6,
  endGapMs: 80,
  terminators: ['Enter', 'NumpadEnter', 'Tab'],
  maxLength: 256,
});

/** Merge and validate partial options; invalid combinations throw a zod error. */
export function resolveWedgeOptions(partial: Partial<WedgeOptions> = {}): WedgeOptions {
  const merged = { ...DEFAULT_WEDGE_OPTIONS, ...stripUndefined(partial) };
  const parsed = WedgeOptionsSchema.parse({ ...merged, terminators: [...merged.terminators] });
  if (parsed.endGapMs < parsed.maxGapMs) {
    throw new RangeError(`endGapMs (${parsed.endGapMs}) must be ≥ maxGapMs (${parsed.maxGapMs})`);
  }
  if (parsed.maxLength < parsed.minLength) {
    throw new RangeError(`maxLength (${parsed.maxLength}) must be ≥ minLength (${parsed.minLength})`);
  }
  return parsed;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}

export interface WedgeKeyEvent {
  /** `KeyboardEvent.code` / Electron `input.code`, e.g. 'Digit1', 'Numpad3', 'KeyA', 'Enter'. */
  code: string;
  /** `KeyboardEvent.key`, kept for replay (the character the user's layout produced). */
  key?: string;
  shift: boolean;
  /** Monotonic time of the key, ms. */
  time: number;
  /** IME composition in progress (`isComposing` or keyCode 229). */
  composing?: boolean;
  /** Auto-repeat of a held-down key. */
  repeat?: boolean;
  ctrl?: boolean;
  alt?: boolean;
  meta?: boolean;
}

export interface HeldKey<T = undefined> {
  code: string;
  key: string | undefined;
  shift: boolean;
  time: number;
  /** The character rebuilt from code + Shift ('' for a terminator). */
  char: string;
  /** What the caller attached to the key when feeding it (e.g. the DOM target). */
  payload: T;
}

export type WedgeScanEnd = 'terminator' | 'gap' | 'interrupted' | 'max-length';

export interface WedgeScan<T = undefined> {
  text: string;
  startedAt: number;
  endedAt: number;
  /** The terminator's code when the scan ended with one. */
  terminator: string | null;
  end: WedgeScanEnd;
  /** Every key consumed by the scan, in order (the terminator last, if any). */
  keys: HeldKey<T>[];
}

export interface WedgeDecision<T = undefined> {
  action: 'hold' | 'pass';
  release: HeldKey<T>[];
  scan: WedgeScan<T> | null;
}

export interface WedgeFlushResult<T = undefined> {
  release: HeldKey<T>[];
  scan: WedgeScan<T> | null;
}

export interface WedgeDetector<T = undefined> {
  feed(event: WedgeKeyEvent, payload: T): WedgeDecision<T>;
  /** Resolve a burst whose deadline has passed at `now`. */
  flush(now: number): WedgeFlushResult<T>;
  /** When `flush` must next be called (ms, same clock as `time`), or null if nothing is held. */
  nextDeadline(): number | null;
  /**
   * End the pending burst now (e.g. on blur or dispose): a confirmed burst becomes a scan
   * (end 'interrupted'), anything else is released.
   */
  reset(): WedgeFlushResult<T>;
  /** Whether keys are currently held. */
  pending(): boolean;
  options(): WedgeOptions;
  setOptions(partial: Partial<WedgeOptions>): void;
}

const NONE: never[] = [];

export function createWedgeDetector<T = undefined>(initial: Partial<WedgeOptions> = {}): WedgeDetector<T> {
  let opts = resolveWedgeOptions(initial);
  let terminators = new Set(opts.terminators);
  let buffer: HeldKey<T>[] = [];
  let lastTime = 0;

  const confirmed = (): boolean => buffer.length >= opts.minLength;

  function take(): HeldKey<T>[] {
    const keys = buffer;
    buffer = [];
    return keys;
  }

  function emit(end: WedgeScanEnd, terminator: HeldKey<T> | null): WedgeScan<T> {
    const keys = take();
    let text = '';
    for (const k of keys) text += k.char;
    const first = keys[0]!;
    const last = keys[keys.length - 1]!;
    if (terminator) keys.push(terminator);
    return {
      text,
      startedAt: first.time,
      endedAt: terminator ? terminator.time : last.time,
      terminator: terminator ? terminator.code : null,
      end,
      keys,
    };
  }

  /** Resolve the pending burst if, at `now`, it can no longer continue. */
  function resolveStale(now: number): WedgeFlushResult<T> {
    if (buffer.length === 0) return { release: NONE, scan: null };
    // Compare against the same sum nextDeadline() returns, so a timer firing exactly at the
    // deadline always resolves (no floating-point near-miss).
    if (confirmed()) {
      if (now >= lastTime + opts.endGapMs) return { release: NONE, scan: emit('gap', null) };
    } else if (now >= lastTime + opts.maxGapMs) {
      return { release: take(), scan: null };
    }
    return { release: NONE, scan: null };
  }

  /** End the pending burst because a key that cannot belong to it arrived. */
  function interrupt(): WedgeFlushResult<T> {
    if (buffer.length === 0) return { release: NONE, scan: null };
    if (confirmed()) return { release: NONE, scan: emit('interrupted', null) };
    return { release: take(), scan: null };
  }

  function feed(ev: WedgeKeyEvent, payload: T): WedgeDecision<T> {
    // IME composition: not ours, never held, state untouched.
    if (ev.composing) return { action: 'pass', release: NONE, scan: null };
    if (isModifierCode(ev.code)) return { action: 'pass', release: NONE, scan: null };

    const stale = resolveStale(ev.time);
    const isHumanChord = Boolean(ev.ctrl || ev.alt || ev.meta || ev.repeat);

    if (terminators.has(ev.code) && !isHumanChord) {
      if (buffer.length > 0 && confirmed()) {
        const term: HeldKey<T> = { code: ev.code, key: ev.key, shift: ev.shift, time: ev.time, char: '', payload };
        return { action: 'hold', release: stale.release, scan: emit('terminator', term) };
      }
      const ended = interrupt();
      return { action: 'pass', release: concat(stale.release, ended.release), scan: stale.scan ?? ended.scan };
    }

    const ch = isHumanChord ? null : charForCode(ev.code, ev.shift);
    if (ch === null) {
      const ended = interrupt();
      return { action: 'pass', release: concat(stale.release, ended.release), scan: stale.scan ?? ended.scan };
    }

    buffer.push({ code: ev.code, key: ev.key, shift: ev.shift, time: ev.time, char: ch, payload });
    lastTime = ev.time;
    if (buffer.length >= opts.maxLength) {
      // stale.scan is necessarily null here: a stale burst was just resolved and emptied.
      return { action: 'hold', release: stale.release, scan: emit('max-length', null) };
    }
    return { action: 'hold', release: stale.release, scan: stale.scan };
  }

  return {
    feed,
    flush: (now) => resolveStale(now),
    nextDeadline() {
      if (buffer.length === 0) return null;
      return lastTime + (confirmed() ? opts.endGapMs : opts.maxGapMs);
    },
    reset: () => interrupt(),
    pending: () => buffer.length > 0,
    options: () => ({ ...opts, terminators: [...opts.terminators] }),
    setOptions(partial) {
      opts = resolveWedgeOptions({ ...opts, ...partial });
      terminators = new Set(opts.terminators);
    },
  };
}

function concat<X>(a: X[], b: X[]): X[] {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  return [...a, ...b];
}
