export * from './geometry';
export * from './topics';
export * from './panels';
export * from './document';
export * from './migrations';
export * from './monitor-set';
export * from './window-topics';
