import { useEffect } from 'react';
import { lockScreen, setupDone } from './actions.js';
import { connectApi } from './api.js';
import { StatusBar } from './components/StatusBar.js';
import { Dialogs } from './dialogs/Dialogs.js';
import { useT } from './i18n/useT.js';
import { handleCounterKey } from './keymap.js';
import { Counter } from './screens/Counter.js';
import { LockScreen } from './screens/LockScreen.js';
import { OpenShift } from './screens/OpenShift.js';
import { RecoveryScreen, StoreHealthBanner, useRecoveryGate } from './screens/recovery/index.js';
import { ScannerScreen, useScannerScreenGate } from './screens/scanner/index.js';
import { SignIn } from './screens/SignIn.js';
import { SetupScreen } from './screens/setup/index.js';
import { closeSettings, useSettingsUi } from './screens/setup/settings-gate.js';
import { SupervisorRoot } from './screens/supervisor/index.js';
import { selectPhase, selectScreen, selectSession, useCounter } from './store/index.js';

/** Lock the screen after the session's idle minutes without a key press or touch. */
function useAutoLock(): void {
  const session = useCounter(selectSession);
  const minutes = session?.operator && !session.locked ? session.autoLockMinutes : 0;
  useEffect(() => {
    if (!minutes) return;
    let timer: ReturnType<typeof setTimeout>;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        // Never lock in the middle of a payment: the cashier must see its outcome.
        if (selectPhase(useCounter.getState()) === 'paying') arm();
        else void lockScreen();
      }, minutes * 60_000);
    };
    arm();
    const events = ['keydown', 'pointerdown'] as const;
    for (const e of events) window.addEventListener(e, arm, { passive: true });
    return () => {
      clearTimeout(timer);
      for (const e of events) window.removeEventListener(e, arm);
    };
  }, [minutes]);
}

function Connecting() {
  const { t } = useT();
  const connection = useCounter((s) => s.connection);
  return (
    <main className="gate" data-testid="connecting-screen">
      <div className="gate-card">
        <h1 className="gate-title">{t(`conn.${connection}`)}</h1>
      </div>
    </main>
  );
}

export function App() {
  const { locale } = useT();
  const screen = useCounter(selectScreen);
  const phase = useCounter(selectPhase);
  const hydrated = useCounter((s) => s.hydrated);
  // The scanner settings screen (opened from the status bar) stands in for the shift / counter screen.
  const scannerOpen = useScannerScreenGate(screen);
  // Non-null only when the core could not start: the recovery screen stands in for everything.
  const recovery = useRecoveryGate();
  // 系统设置, opened from the sign-in screen: stands in for the sign-in screen while shown.
  const settingsOpen = useSettingsUi((s) => s.open) && screen === 'sign-in';

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  useEffect(() => {
    window.addEventListener('keydown', handleCounterKey);
    return () => window.removeEventListener('keydown', handleCounterKey);
  }, []);

  useAutoLock();

  if (recovery) return <RecoveryScreen info={recovery} />;
  return (
    <div
      className="app"
      data-testid="app-root"
      data-screen={screen}
      data-phase={screen === 'counter' ? phase : screen}
      data-hydrated={hydrated ? 'yes' : 'no'}
    >
      <StatusBar />
      <StoreHealthBanner />
      {scannerOpen && <ScannerScreen />}
      {screen === 'connecting' && <Connecting />}
      {screen === 'setup' && <SetupScreen api={connectApi().api} locale={locale} onDone={setupDone} />}
      {settingsOpen && <SetupScreen api={connectApi().api} locale={locale} onClose={closeSettings} />}
      {screen === 'sign-in' && !settingsOpen && <SignIn />}
      {screen === 'locked' && <LockScreen />}
      {!scannerOpen && screen === 'open-shift' && <OpenShift />}
      {!scannerOpen && screen === 'counter' && <Counter />}
      {!scannerOpen && screen === 'counter' && <Dialogs />}
      <SupervisorRoot />
    </div>
  );
}
