export * from './gateway-schema.js';
export * from './classify.js';
export * from './state.js';
export * from './messages.js';
