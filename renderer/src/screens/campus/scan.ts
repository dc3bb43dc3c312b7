/**
 * Scans while 校园卡套餐 is open: the page's scanner catch (renderer/src/actions/events.ts) hands
 * each completed scan here first. While the dialog is open every scan is its own — the user-id
 * field takes it (a campus card), any other step ignores it — so no scan reaches the counter's
 * payment path from this screen.
 */
let taker: ((text: string) => void) | null = null;

/** The dialog registers while it is open; returns the unregister function. */
export function claimCampusScans(fn: (text: string) => void): () => void {
  taker = fn;
  return () => {
    if (taker === fn) taker = null;
  };
}

/** true when the campus dialog took the scan. */
export function takeCampusScan(text: string): boolean {
  if (!taker) return false;
  taker(text);
  return true;
}
