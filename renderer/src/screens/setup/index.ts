export { SetupScreen, SETUP_TESTIDS, type SetupScreenProps } from './SetupScreen.js';
export { setupText, type SetupLocale } from './texts.js';
