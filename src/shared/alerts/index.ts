export * from './effective';
export * from './validate';
export * from './describe';
