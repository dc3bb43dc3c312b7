import type { BillView } from '../../app/contract/schemas.js';
import { buildDisplayView, type DisplayAttempt } from '../../app/display/model.js';
import type { DisplayView } from '../../app/display/view.js';
import type { EventBus } from '../events.js';
import type { Dispatch } from '../handlers/dispatch.js';
import { listSlides } from './slides.js';

/**
 * The customer display in the core: recomputes the display's view (app/display/model.ts) after
 * every event and every command, and pushes `display.changed` when it differs from the last one.
 * Both shells show what this pushes; `display.state` answers the current view.
 */
export interface DisplayServiceDeps {
  bus: EventBus;
  billOnCounter(): BillView | null;
  latestAttempt(billId: number): DisplayAttempt | null;
  slidesDir: string | null;
  slideIntervalMs: number;
  locale: 'zh-CN' | 'en';
  now: () => number;
  /** How long the slide list is kept before the folder is read again. */
  slidesTtlMs?: number;
}

export interface DisplayService {
  state(): DisplayView;
  /** Recompute now; pushes `display.changed` when the view changed. */
  refresh(): void;
  /** The same dispatch, followed by a refresh (a command may change the counter without an event). */
  follow(dispatch: Dispatch): Dispatch;
  slidesDir: string | null;
  stop(): void;
}

export function createDisplayService(deps: DisplayServiceDeps): DisplayService {
  const ttl = deps.slidesTtlMs ?? 30_000;
  let slides: { names: string[]; readAt: number } | null = null;
  let rev = 0;
  let last: DisplayView | null = null;
  let lastKey = '';

  function slideNames(): string[] {
    const t = deps.now();
    if (!slides || t - slides.readAt >= ttl) slides = { names: listSlides(deps.slidesDir), readAt: t };
    return slides.names;
  }

  function compute(): { key: string; view: Omit<DisplayView, 'rev'> } {
    const bill = deps.billOnCounter();
    const view = buildDisplayView({
      bill,
      attempt: bill ? deps.latestAttempt(bill.id) : null,
      slides: { names: slideNames(), intervalMs: deps.slideIntervalMs },
      locale: deps.locale,
    });
    return { key: JSON.stringify(view), view };
  }

  function refresh(): void {
    const { key, view } = compute();
    if (last && key === lastKey) return;
    lastKey = key;
    last = { ...view, rev: ++rev };
    deps.bus.emit('display.changed', last);
  }

  const unsubscribe = deps.bus.subscribe((name) => {
    if (name !== 'display.changed') refresh();
  });

  return {
    state() {
      refresh();
      return last as DisplayView;
    },
    refresh,
    follow(dispatch) {
      const followed: Dispatch = async (command, input, ctx) => {
        const result = await dispatch(command, input, ctx);
        if (command !== 'display.state') {
          try {
            refresh();
          } catch {
            // The ledger is closing or being restored: the display catches up at the next change.
          }
        }
        return result;
      };
      if (dispatch.disconnect) followed.disconnect = dispatch.disconnect;
      return followed;
    },
    slidesDir: deps.slidesDir,
    stop: unsubscribe,
  };
}
