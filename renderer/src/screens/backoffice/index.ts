export { BackOfficePills } from './Pills.js';
export { BackOfficeSetupSections } from './SetupSections.js';
export { startBackOfficeFeed, useBackOfficeStatus } from './status-store.js';
