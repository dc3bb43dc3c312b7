export * from './server.js';
export * from './scenarios.js';
export * from './clock.js';
