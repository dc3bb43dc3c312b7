import type { SessionView } from '../../../app/contract/session.js';
import { useLateOutcomes } from '../store/late-outcomes.js';
import { parseAmount } from './amount.js';
import { call, note, serial, st } from './connection.js';
import { loadLateOutcomes } from './late-outcomes.js';
import { loadQuickKeys, refreshCounterNow } from './sync.js';

/** Sign-in, lock, sign-out, a reload's resume, the shift's opening float and the business type. */

const RESUME_KEY = 'counterpay.session';

function keepResumeToken(v: SessionView): void {
  try {
    if (v.resumeToken) sessionStorage.setItem(RESUME_KEY, v.resumeToken);
    else if (!v.operator) sessionStorage.removeItem(RESUME_KEY);
  } catch {
    // no storage: a reload signs out
  }
}

function takeResumeToken(): string | null {
  try {
    return sessionStorage.getItem(RESUME_KEY);
  } catch {
    return null;
  }
}

function dropResumeToken(): void {
  try {
    sessionStorage.removeItem(RESUME_KEY);
  } catch {
    // ignore
  }
}

function applySession(v: SessionView): void {
  keepResumeToken(v);
  const before = st().session;
  st().setSession(v);
  if (
    v.operator &&
    !v.locked &&
    v.shift &&
    (!before || !before.shift || before.operator?.operatorNo !== v.operator.operatorNo)
  ) {
    void loadQuickKeys();
  }
  if (v.operator && !v.locked) void loadLateOutcomes();
  else if (!v.operator) useLateOutcomes.getState().clear();
}

export async function refreshSessionNow(): Promise<void> {
  const v = await call('session.state', {}, { quiet: true });
  if (!v) return;
  if (!v.operator) {
    // A reload: take our session over to this connection with the token kept in this tab.
    const token = takeResumeToken();
    if (token) {
      const resumed = await call('session.resume', { token }, { quiet: true });
      if (resumed) {
        applySession(resumed);
        return;
      }
      dropResumeToken();
    }
  }
  applySession(v);
}

/** `'pin-change'`: a supervisor reset the PIN; the sign-in screen asks for a new one (setNewPin). */
async function signInNow(operatorNo: string, pin: string): Promise<boolean | 'pin-change'> {
  let pinChange = false;
  const v = await call(
    'session.signIn',
    { operatorNo: operatorNo.trim(), pin },
    { onError: (e) => (pinChange = e.code === 'pin-change-required') },
  );
  if (pinChange) return 'pin-change';
  if (!v) return false;
  applySession(v);
  note(null);
  await refreshCounterNow();
  return true;
}

/** Sign-in after a PIN reset: the temporary PIN, then the new PIN typed twice. */
async function setNewPinNow(operatorNo: string, pin: string, newPin: string, newPinRepeat: string): Promise<boolean> {
  const v = await call('session.setNewPin', { operatorNo: operatorNo.trim(), pin, newPin, newPinRepeat });
  if (!v) return false;
  applySession(v);
  note(null);
  await refreshCounterNow();
  return true;
}

async function unlockNow(pin: string, operatorNo?: string): Promise<boolean> {
  const v = await call('session.unlock', operatorNo ? { pin, operatorNo } : { pin });
  if (!v) return false;
  applySession(v);
  note(null);
  await refreshCounterNow();
  return true;
}

async function lockScreenNow(): Promise<void> {
  const v = await call('session.lock', {});
  if (v) {
    st().openDialog(null);
    applySession(v);
    note(null);
  }
}

async function signOutNow(supervisor?: { operatorNo: string; pin: string }): Promise<boolean> {
  const v = await call(
    'session.signOut',
    supervisor ? { supervisorNo: supervisor.operatorNo, pin: supervisor.pin } : {},
  );
  if (!v) return false;
  st().openDialog(null);
  applySession(v);
  note({ tone: 'info', kind: 'key', key: 'session.signedOut' });
  return true;
}

async function openShiftNow(floatText: string): Promise<boolean> {
  const parsed = parseAmount(floatText === '' ? '0' : floatText, { allowZero: true });
  if ('notice' in parsed) {
    note(parsed.notice);
    return false;
  }
  const v = await call('shift.open', { floatFen: parsed.fen });
  if (!v) return false;
  applySession(v);
  note({ tone: 'ok', kind: 'key', key: 'shift.opened' });
  return true;
}

async function setBusinessTypeNow(businessType: number): Promise<void> {
  const v = await call('terminal.setBusinessType', { businessType });
  if (v) {
    applySession(v);
    st().openDialog(null);
  }
}

export function toggleLocale(): void {
  st().setLocale(st().locale === 'zh-CN' ? 'en' : 'zh-CN');
}

export const signIn = serial(signInNow);
export const setNewPin = serial(setNewPinNow);
export const unlock = serial(unlockNow);
export const lockScreen = serial(lockScreenNow);
export const signOut = serial(signOutNow);
export const openShift = serial(openShiftNow);
export const setBusinessType = serial(setBusinessTypeNow);
export const refreshSession = serial(refreshSessionNow);
