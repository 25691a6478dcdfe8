export * from './lib/common';
export * from './lib/health';
export * from './lib/identity';
export * from './lib/plans';
export * from './lib/sessions';
export * from './lib/logging';
export * from './lib/alerts';
export const API_PREFIX = '/api/v1';
