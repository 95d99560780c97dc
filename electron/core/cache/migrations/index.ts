import { migration0001 } from './0001_entities';
import { migration0002 } from './0002_market';
import { migration0003 } from './0003_journal';
import { migration0004 } from './0004_layouts';
import { migration0005 } from './0005_utc_instants';
import { migration0006 } from './0006_candles';
import { migration0007 } from './0007_price_alerts';
import { migration0008 } from './0008_client_order_id';
import type { Db, Migration } from './types';

export type { Db, Migration } from './types';

/** Every schema step in order; append new ones, never edit a released one. */
export const migrations: readonly Migration[] = [
  migration0001,
  migration0002,
  migration0003,
  migration0004,
  migration0005,
  migration0006,
  migration0007,
  migration0008,
];

export const LATEST_SCHEMA_VERSION = migrations[migrations.length - 1]!.version;

export class FutureSchemaError extends Error {
  constructor(readonly found: number) {
    super(`cache schema version ${found} is newer than this build knows (${LATEST_SCHEMA_VERSION})`);
    this.name = 'FutureSchemaError';
  }
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Brings the file up to `upTo` (default: latest), one transaction per step so a crash mid-way
 * leaves the file at the last completed version. Returns the versions that ran.
 */
export function migrate(db: Db, upTo: number = LATEST_SCHEMA_VERSION): number[] {
  const current = schemaVersion(db);
  if (current > LATEST_SCHEMA_VERSION) throw new FutureSchemaError(current);
  const ran: number[] = [];
  for (const step of migrations) {
    if (step.version <= current || step.version > upTo) continue;
    db.transaction(() => {
      step.up(db);
      // user_version takes no bound parameters; version is a number from our own list.
      db.pragma(`user_version = ${step.version}`);
    })();
    ran.push(step.version);
  }
  return ran;
}
