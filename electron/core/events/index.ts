export { deriveAll, deriveEvents, type DeriveOptions } from './derive';
