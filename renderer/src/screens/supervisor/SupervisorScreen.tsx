import { useEffect, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import type { SupervisorAuth } from '../../../../app/contract/define.js';
import { errorText } from '../../i18n/index.js';
import { invoke } from '../../invoke.js';
import { selectScreen, selectSession, useCounter } from '../../store/index.js';
import { BillsPanel } from './BillsPanel.js';
import { CashPanel } from './CashPanel.js';
import { SupNoticeLine, useS, useShowError } from './common.js';
import { ExceptionsPanel } from './ExceptionsPanel.js';
import { HistoryPanel } from './HistoryPanel.js';
import { HistoryView } from '../history/HistoryView.js';
import { ImportPanel } from './ImportPanel.js';
import { OperatorsPanel } from './OperatorsPanel.js';
import { ProductsPanel } from './ProductsPanel.js';
import { ClosePanel, XPanel } from './ShiftPanels.js';
import { closeSupervisor, openSupervisor, supCall, SUP_TABS, useSup, type SupTab } from './sup-store.js';
import { tabShown, tabsForGrants } from './grant-tabs.js';
import './supervisor.css';
import { ReconcilePanel } from '../backoffice/ReconcilePanel.js';

/** The key that opens the supervisor screen from the counter (free in the counter's key map). */
export const SUPERVISOR_KEY = 'F11';

const TABS = SUP_TABS;

/** Supervisor number + PIN on the cashier's screen, or nothing when a supervisor is signed in. */
function Gate() {
  const { S, locale } = useS();
  const session = useCounter(selectSession);
  const operator = session?.operator ?? null;
  const [no, setNo] = useState('');
  const [pin, setPin] = useState('');
  const [working, setWorking] = useState(false);
  const showError = useShowError();
  const pinAsked = useSup((s) => s.pinAsked);
  // A cashier: first their own grants (asked at every opening, so a revoke shows at once).
  const [grantsRead, setGrantsRead] = useState(false);

  useEffect(() => {
    if (operator?.role !== 'supervisor') return;
    supCall('supervisor.check', {}).then((check) => useSup.getState().authorised(check, null), showError);
  }, [operator?.role, operator?.operatorNo, showError]);

  useEffect(() => {
    if (operator?.role !== 'cashier' || pinAsked) return;
    let live = true;
    void invoke('supervisor.byGrant', {}).then((r) => {
      if (!live) return;
      const st = useSup.getState();
      const tabs = r.ok ? tabsForGrants(r.value.grants, TABS) : null;
      // A bill handed over for a refund the grants do not cover: the supervisor's gate.
      if (r.ok && tabs && !(st.refundBillNo && !tabs.includes('bills'))) {
        const { grants, ...check } = r.value;
        st.authorisedByGrant(check, grants, tabs);
      } else setGrantsRead(true);
    });
    return () => {
      live = false;
    };
  }, [operator?.role, operator?.operatorNo, pinAsked]);

  async function authorise() {
    if (!no.trim() || !pin || working) return;
    setWorking(true);
    const auth: SupervisorAuth = { supervisorNo: no.trim(), supervisorPin: pin };
    try {
      const r = await invoke('supervisor.check', { auth });
      if (r.ok) useSup.getState().authorised(r.value, auth);
      else {
        setPin('');
        useSup.getState().setNotice({ tone: 'error', text: errorText(locale, r.error), code: r.error.code });
      }
    } finally {
      setWorking(false);
    }
  }

  if (!operator) {
    return (
      <div className="sup-gate" data-testid="sup-gate" data-state="sign-in-first">
        <p>{S('gate.signInFirst')}</p>
      </div>
    );
  }
  if (operator.role === 'supervisor') {
    return (
      <div className="sup-gate" data-testid="sup-gate" data-state="checking">
        <p>{S('gate.subSupervisor')}</p>
      </div>
    );
  }
  if (!pinAsked && !grantsRead) {
    return (
      <div className="sup-gate" data-testid="sup-gate" data-state="grants">
        <p>{S('grant.checking')}</p>
      </div>
    );
  }
  return (
    <form
      className="sup-gate gate-card"
      data-testid="sup-gate"
      data-state="pin"
      onSubmit={(e) => {
        e.preventDefault();
        void authorise();
      }}
    >
      <h2>{S('gate.title')}</h2>
      <p className="sup-muted">{S('gate.sub')}</p>
      <label className="sup-field">
        <span>{S('gate.no')}</span>
        <input
          className="sup-input"
          data-testid="sup-auth-no"
          autoFocus
          autoComplete="off"
          maxLength={32}
          value={no}
          onChange={(e) => setNo(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !pin) {
              e.preventDefault();
              document.querySelector<HTMLInputElement>('[data-testid="sup-auth-pin"]')?.focus();
            }
          }}
        />
      </label>
      <label className="sup-field">
        <span>{S('gate.pin')}</span>
        <input
          className="sup-input"
          data-testid="sup-auth-pin"
          type="password"
          inputMode="numeric"
          autoComplete="off"
          maxLength={32}
          value={pin}
          onChange={(e) => setPin(e.target.value)}
        />
      </label>
      <button
        type="submit"
        className="btn btn-primary btn-wide"
        data-testid="sup-auth-submit"
        disabled={working || !no.trim() || !pin}
      >
        {S('gate.submit')}
      </button>
    </form>
  );
}

function Panel({ tab }: { tab: SupTab }) {
  const { S } = useS();
  switch (tab) {
    case 'x':
      return <XPanel />;
    case 'close':
      return <ClosePanel />;
    case 'exceptions':
      return <ExceptionsPanel />;
    case 'bills':
      return <BillsPanel />;
    case 'cash':
      return <CashPanel />;
    case 'history':
      return <HistoryPanel />;
    case 'import':
      return <ImportPanel />;
    case 'operators':
      return <OperatorsPanel />;
    case 'products':
      return <ProductsPanel />;
    case 'docs':
      return (
        <HistoryView
          onRefund={(billNo) => (
            useSup.getState().handOverRefund(billNo),
            goToTab('bills', S('grant.needsSupervisor'))
          )}
        />
      );
    case 'xbreconcile':
      return <ReconcilePanel />;
  }
}

/** A tab the screen does not show by grant asks for a supervisor first (the gate keeps the tab). */
function goToTab(tab: SupTab, why: string): void {
  const st = useSup.getState();
  if (tabShown(tab, st.byGrant)) return st.setTab(tab);
  st.setTab(tab);
  st.askSupervisor({ tone: 'warn', text: why });
}

function isTextField(el: EventTarget | null): boolean {
  return el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement;
}

/** Alt+1…9 are the first nine tabs, Alt+0 the tenth, Alt+- the eleventh. */
function tabIndexOfDigit(key: string): number {
  return key === '-' ? 10 : key === '0' ? 9 : Number(key) - 1;
}
function tabDigit(index: number): string {
  return index === 10 ? '-' : String((index + 1) % 10);
}

/**
 * Esc leaves a filled field, then the screen; Alt+1…9, Alt+0 and Alt+- switch among the tabs
 * shown (once authorised; a tab keeps its key when others are hidden by grant); F11 in the
 * grant view is 主管授权.
 */
function layerKey(e: Pick<KeyboardEvent, 'key' | 'altKey' | 'target' | 'preventDefault' | 'repeat'>): void {
  const st = useSup.getState();
  const tab = TABS[tabIndexOfDigit(e.key)];
  if (e.key === 'Escape') {
    e.preventDefault();
    if (isTextField(e.target) && (e.target as HTMLInputElement).value !== '') (e.target as HTMLElement).blur();
    else closeSupervisor();
  } else if (e.altKey && /^[0-9-]$/.test(e.key) && tab && st.check && tabShown(tab, st.byGrant)) {
    e.preventDefault();
    st.setTab(tab);
  } else if (e.key === SUPERVISOR_KEY && !e.repeat && st.byGrant) {
    e.preventDefault();
    st.askSupervisor();
  }
}

/**
 * The supervisor screen: a full-screen layer over the counter. Keys typed here never reach
 * the counter's key map. Esc leaves a field, then the screen; Alt+1…9 and Alt+0 switch tabs.
 */
export function SupervisorScreen() {
  const { S } = useS();
  const check = useSup((s) => s.check);
  const tab = useSup((s) => s.tab);
  const byGrant = useSup((s) => s.byGrant);
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const root = ref.current;
    if (root && !root.contains(document.activeElement)) root.focus();
    // Keys aimed outside this layer (focus lost to the page, e.g. when a button it was on went
    // away) are kept from the counter and handled here.
    const guard = (e: KeyboardEvent) => {
      const layer = ref.current;
      if (!layer || (e.target instanceof Node && layer.contains(e.target))) return;
      e.stopImmediatePropagation();
      e.preventDefault();
      layer.focus();
      layerKey(e);
    };
    window.addEventListener('keydown', guard, true);
    return () => window.removeEventListener('keydown', guard, true);
  }, []);

  function onKeyDown(e: ReactKeyboardEvent<HTMLDivElement>) {
    layerKey(e);
    // Nothing typed here reaches the counter's key handler.
    e.stopPropagation();
  }

  return (
    <div
      className="sup-overlay"
      ref={ref}
      tabIndex={-1}
      data-testid="supervisor-screen"
      data-tab={check ? tab : 'gate'}
      data-by-grant={byGrant ? byGrant.join(' ') : undefined}
      onKeyDown={onKeyDown}
      role="dialog"
      aria-modal="true"
      aria-label={S('title')}
    >
      <header className="sup-head">
        <h1>{S('title')}</h1>
        {check && !byGrant && (
          <span
            className="sup-who"
            data-testid="sup-who"
            data-operator-no={check.supervisor.operatorNo}
            data-via={check.supervisor.via}
          >
            {S('gate.as', { name: check.supervisor.name, no: check.supervisor.operatorNo })} ·{' '}
            {S(check.supervisor.via === 'pin' ? 'gate.viaPin' : 'gate.viaSession')}
          </span>
        )}
        {check && byGrant && (
          <>
            <span
              className="sup-who sup-who-grant"
              data-testid="sup-who"
              data-operator-no={check.supervisor.operatorNo}
              data-via="permission"
            >
              {S('grant.as', { name: check.supervisor.name, no: check.supervisor.operatorNo })} · {S('grant.noCheck')}
            </span>
            <button
              type="button"
              className="btn"
              data-testid="sup-ask-supervisor"
              onClick={() => useSup.getState().askSupervisor()}
            >
              {S('grant.askSupervisor')} <kbd>{SUPERVISOR_KEY}</kbd>
            </button>
          </>
        )}
        <button type="button" className="btn" data-testid="sup-close" onClick={closeSupervisor}>
          {S('close')} <kbd>Esc</kbd>
        </button>
      </header>
      {check && (
        <nav className="sup-tabs" role="tablist">
          {TABS.map((t, i) =>
            !tabShown(t, byGrant) ? null : (
              <button
                key={t}
                type="button"
                role="tab"
                aria-selected={tab === t}
                className={`sup-tab${tab === t ? ' sup-tab-on' : ''}`}
                data-testid={`sup-tab-${t}`}
                onClick={() => useSup.getState().setTab(t)}
              >
                {S(`tab.${t}`)} <kbd>Alt+{tabDigit(i)}</kbd>
              </button>
            ),
          )}
        </nav>
      )}
      <SupNoticeLine />
      <main className="sup-body">{check ? <Panel key={tab} tab={tab} /> : <Gate />}</main>
    </div>
  );
}

/**
 * Mount once at the top of the app (App.tsx). Opens on SUPERVISOR_KEY from the counter or the
 * open-shift screen (someone must be signed in), or from code with openSupervisor().
 */
export function SupervisorRoot() {
  const open = useSup((s) => s.open);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== SUPERVISOR_KEY || e.repeat || useSup.getState().open) return;
      const screen = selectScreen(useCounter.getState());
      if (screen !== 'counter' && screen !== 'open-shift') return;
      e.preventDefault();
      openSupervisor();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return open ? <SupervisorScreen /> : null;
}
