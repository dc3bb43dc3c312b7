import { LIVE_STATES } from '../../app/payment/state.js';

/**
 * The live payment-attempt states as an SQL `IN` list — `('created', 'sent', 'awaiting-payer',
 * 'unconfirmed')` — built from the one state list (app/payment/state.ts) so no query writes the
 * states by hand.
 */
export const LIVE_STATES_SQL = `(${LIVE_STATES.map((s) => `'${s}'`).join(', ')})`;
