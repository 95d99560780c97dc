export * from './channels';
export * from './context';
export * from './follow';
