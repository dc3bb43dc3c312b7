/**
 * The scan beeps: `scan-ok.wav` for a scan that did something, `scan-error.wav` for one that was
 * refused (app/scan/route.ts decides; main sends it with `scan.routed`). The files ship next to
 * index.html as `sounds/*.wav` (scripts/vite-sounds.ts). Playback never throws: a page that has
 * not had a user gesture yet may refuse to play, and the cashier still sees the message.
 *
 * The last beep is also written on <html> (`data-beep`, `data-beep-count`) so tests and support
 * can see what the counter played.
 */
export type Beep = 'ok' | 'error';

const FILES: Record<Beep, string> = { ok: './sounds/scan-ok.wav', error: './sounds/scan-error.wav' };
const players = new Map<Beep, HTMLAudioElement>();
let count = 0;

function player(kind: Beep): HTMLAudioElement | null {
  if (typeof Audio === 'undefined') return null;
  let a = players.get(kind);
  if (!a) {
    a = new Audio(FILES[kind]);
    a.preload = 'auto';
    players.set(kind, a);
  }
  return a;
}

/** Load both sounds now so the first scan beeps without delay. */
export function preloadBeeps(): void {
  player('ok');
  player('error');
}

export function playBeep(kind: Beep): void {
  count++;
  const root = typeof document !== 'undefined' ? document.documentElement : null;
  if (root) {
    root.dataset['beep'] = kind;
    root.dataset['beepCount'] = String(count);
  }
  const a = player(kind);
  if (!a) return;
  try {
    a.currentTime = 0;
    const p = a.play();
    if (p && typeof p.catch === 'function') p.catch(() => undefined);
  } catch {
    // no audio device, or playback refused: the message on screen still says what happened
  }
}
