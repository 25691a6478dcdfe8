export * from './lib/common';
export * from './lib/health';
export const API_PREFIX = '/api/v1';
