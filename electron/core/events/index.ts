export { deriveAll, deriveEvents, type DeriveOptions } from './derive';
export { applyAndJournal, type JournaledApply } from './journal';
