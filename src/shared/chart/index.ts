export * from './intervals';
export * from './sessions';
export * from './buckets';
export * from './candle';
