export { RecoveryScreen } from './RecoveryScreen.js';
export { StoreHealthBanner } from './StoreHealthBanner.js';
export { useRecoveryGate, useStoreHealth, useRecoveryStore } from './store.js';
