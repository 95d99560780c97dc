export * from './router';
export * from './push-hub';
