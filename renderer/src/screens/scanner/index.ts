export { ScannerScreen } from './ScannerScreen.js';
export { ScannerStatusSlot } from './StatusSlot.js';
export { startScannerFeed } from './feed.js';
export { isScannerScreenOpen, useScannerScreenGate, useScannerUi } from './store.js';
