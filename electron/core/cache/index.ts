export type {
  ApplyOutcome,
  Cache,
  CacheStats,
  CandleCache,
  EntityKind,
  OpenedCache,
  QuoteStore,
  RowOf,
  StoredLayout,
} from './types';
export { CacheEngineError, openCache, type OpenCacheOptions } from './open';
export { META_ACCOUNT_ID, META_SYNCED_AT } from './sqlite-cache';
export { GLOBAL_META_PREFIX } from './journal-store';
export { LATEST_SCHEMA_VERSION, migrate, migrations, schemaVersion, FutureSchemaError } from './migrations';
