export * from './receipt.js';
export * from './settings.js';
