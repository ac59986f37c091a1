export * from './methods';
export * from './error';
export * from './types';
export * from './api';
export * from './events';
export * from './wire';
export * from './client';
