import { useLateOutcomes } from '../store/late-outcomes.js';
import { call } from './connection.js';

/** The late outcomes not yet acknowledged (app/contract/late-outcome.ts). */
export async function loadLateOutcomes(): Promise<void> {
  const r = await call('lateOutcome.list', {}, { quiet: true });
  if (r) useLateOutcomes.getState().setAll(r.notices);
}

/** 知道了: the signed-in operator acknowledges a late outcome; it leaves the counter. */
export async function acknowledgeLateOutcome(noticeId: number): Promise<boolean> {
  const late = useLateOutcomes.getState();
  if (late.pending.includes(noticeId)) return false;
  late.setPending(noticeId, true);
  let unknown = false;
  const r = await call(
    'lateOutcome.acknowledge',
    { noticeId },
    { onError: (e) => (unknown = e.code === 'payment-not-found') },
  );
  late.setPending(noticeId, false);
  // Unknown to the core: nothing to keep on screen either.
  if (r || unknown) {
    useLateOutcomes.getState().remove(noticeId);
    return true;
  }
  return false;
}
