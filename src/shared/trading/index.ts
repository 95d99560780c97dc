export * from './charges';
export * from './decimal';
export * from './order-rules';
