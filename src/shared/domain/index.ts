export * from './primitives';
export * from './instant';
export * from './trading';
export * from './watchlist';
export * from './market';
export * from './events';
export * from './status';
export * from './state';
