export * from './actions';
export * from './chords';
export * from './keymap';
export * from './focus';
export * from './menu';
