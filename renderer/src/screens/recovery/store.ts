import { useEffect } from 'react';
import { create } from 'zustand';
import type { AppFault, RecoveryInfo, StoreHealthView } from '../../../../app/contract/recovery.js';
import { invoke, onEvent, whenOpen } from '../../invoke.js';

/**
 * What the core says about recovery: `recovery.info` (non-null only when the core could not
 * start and the shell runs the recovery dispatch) and the ledger's health after the deferred
 * full check (`store.health`, pushed as `store.health.changed`).
 */
interface RecoveryState {
  info: RecoveryInfo | null;
  health: StoreHealthView | null;
  /** The last fault the core pushed (`app.fault`) that the cashier has not acknowledged yet. */
  fault: AppFault | null;
}

export const useRecoveryStore = create<RecoveryState>()(() => ({ info: null, health: null, fault: null }));

/** The fault notice: set by `app.fault`, cleared when the cashier acknowledges it. */
export function useAppFault(): { fault: AppFault | null; acknowledge(): void } {
  const fault = useRecoveryStore((s) => s.fault);
  useEffect(() => onEvent('app.fault', (f) => useRecoveryStore.setState({ fault: f })), []);
  return { fault, acknowledge: () => useRecoveryStore.setState({ fault: null }) };
}

/** Ask the core whenever the connection (re)opens; returns the recovery info, or null for a normal start. */
export function useRecoveryGate(): RecoveryInfo | null {
  const info = useRecoveryStore((s) => s.info);
  useEffect(
    () =>
      whenOpen(() => {
        void invoke('recovery.info', {}).then((r) => {
          if (r.ok) useRecoveryStore.setState({ info: r.value });
        });
      }),
    [],
  );
  return info;
}

/** The ledger's health as the running core knows it (null until known). */
export function useStoreHealth(): StoreHealthView | null {
  const health = useRecoveryStore((s) => s.health);
  useEffect(() => {
    const off = onEvent('store.health.changed', (view) => useRecoveryStore.setState({ health: view }));
    const offStatus = whenOpen(() => {
      void invoke('store.health', {}).then((r) => {
        if (r.ok) useRecoveryStore.setState({ health: r.value });
      });
    });
    return () => {
      off();
      offStatus();
    };
  }, []);
  return health;
}
