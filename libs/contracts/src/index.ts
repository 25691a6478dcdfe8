export * from './lib/common';
export * from './lib/health';
export * from './lib/identity';
export * from './lib/plans';
export const API_PREFIX = '/api/v1';
