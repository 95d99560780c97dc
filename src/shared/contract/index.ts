export * from './version';
export * from './errors';
export * from './refusals';
export * from './methods';
export * from './pushes';
export * from './api';
export * from './wire';
export * from './workspace';
