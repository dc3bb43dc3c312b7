/**
 * The supervisor screen (值班主管): X/Z reports with charts, shift close (交班) by denomination,
 * exceptions, refund/void, cash in/out, history, exports and print. Mount <SupervisorRoot />
 * once in App.tsx; it opens on F11 (SUPERVISOR_KEY) or openSupervisor(). See TESTIDS.md here.
 */
export { SupervisorRoot, SupervisorScreen, SUPERVISOR_KEY } from './SupervisorScreen.js';
export { closeSupervisor, openSupervisor, useSup, type SupTab } from './sup-store.js';
