import type { AttemptView, BillView } from '../contract/schemas.js';
import {
  DISPLAY_MAX_LINES,
  type DisplayFailure,
  type DisplayQr,
  type DisplaySlides,
  type DisplayView,
} from './view.js';

/**
 * The customer display's view model: a pure function of what is on the counter. Only what the
 * payer should see leaves here — see DisplayViewSchema.
 */

/** The live attempt as the display reads it; `qr` is set when the payer scans the counter's QR. */
export type DisplayAttempt = Pick<AttemptView, 'state' | 'stateReason' | 'amountFen' | 'outcome'> & {
  qr?: DisplayQr | null;
};

/** What the display reads of the engine's attempt view: the QR only while the payer can still pay it. */
export function displayAttemptOf(a: AttemptView): DisplayAttempt {
  const { state, stateReason, amountFen, outcome } = a;
  const qr = a.qrContent && a.payTypeCode ? { content: a.qrContent, payTypeCode: a.payTypeCode } : null;
  return { state, stateReason, amountFen, outcome, qr };
}

export interface DisplayInput {
  bill: Pick<BillView, 'status' | 'totalFen' | 'dueFen' | 'lines' | 'tenders'> | null;
  attempt: DisplayAttempt | null;
  slides: DisplaySlides;
  locale: 'zh-CN' | 'en';
}

const LIVE = new Set(['created', 'sent', 'awaiting-payer']);

function failureOf(attempt: DisplayAttempt): DisplayFailure {
  if (attempt.state === 'cancelled') return 'cancelled';
  if (attempt.stateReason !== null && /expire/i.test(attempt.stateReason)) return 'expired';
  if (attempt.outcome?.next === 'check-phone') return 'check-phone';
  return 'declined';
}

/** Without `rev`: the display service numbers the views it pushes. */
export function buildDisplayView(input: DisplayInput): Omit<DisplayView, 'rev'> {
  const { bill, attempt } = input;
  const base: Omit<DisplayView, 'rev'> = {
    phase: 'idle',
    locale: input.locale,
    lines: [],
    moreLines: 0,
    totalFen: 0,
    dueFen: 0,
    paidFen: 0,
    changeFen: null,
    qr: null,
    failure: null,
    slides: input.slides,
  };
  if (!bill || bill.status === 'voided' || bill.status === 'suspended') return base;
  const live = bill.lines.filter((l) => !l.voided && l.quantity > 0);
  if (live.length === 0 && bill.status === 'open') return base;
  const shown = live.slice(-DISPLAY_MAX_LINES);
  const view: Omit<DisplayView, 'rev'> = {
    ...base,
    phase: 'due',
    lines: shown.map((l) => ({
      name: l.name.slice(0, 100),
      quantity: l.quantity,
      amountFen: Math.max(0, l.amountFen),
    })),
    moreLines: live.length - shown.length,
    totalFen: Math.max(0, bill.totalFen),
    dueFen: Math.max(0, bill.dueFen),
  };
  if (bill.status === 'paid') {
    const paid = bill.tenders.reduce((s, t) => s + Math.max(0, t.amountFen), 0);
    // The change comes from the tender that closed the bill (split payment: earlier cash parts gave none).
    const closing = bill.tenders.at(-1);
    const change = closing?.kind === 'cash' ? closing.changeFen : null;
    return { ...view, phase: 'paid', dueFen: 0, paidFen: paid, changeFen: change };
  }
  // Split payment: money already in shows as paid so far; the due is what is left.
  const paidSoFar = bill.tenders.reduce((s, t) => s + Math.max(0, t.amountFen), 0);
  if (paidSoFar > 0) view.paidFen = paidSoFar;
  if (bill.status === 'unconfirmed') return { ...view, phase: 'checking' };
  if (attempt && LIVE.has(attempt.state)) {
    return { ...view, phase: 'paying', qr: attempt.qr ?? null };
  }
  if (attempt && attempt.state === 'unconfirmed') return { ...view, phase: 'checking' };
  // A paid part of a bill that still owes money is not "paid": the rest is due (split payment).
  if (attempt && attempt.state === 'paid' && !(bill.status === 'open' && bill.dueFen > 0))
    return { ...view, phase: 'paid', dueFen: 0, paidFen: attempt.amountFen };
  if (attempt && (attempt.state === 'declined' || attempt.state === 'cancelled') && bill.status === 'open') {
    return { ...view, phase: 'failed', failure: failureOf(attempt) };
  }
  return view;
}
