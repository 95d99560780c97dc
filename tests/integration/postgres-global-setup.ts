import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../electron/stack/db';
import { SEEDED_TEMPLATE } from './engines';
import { startPostgresCluster } from './postgres-cluster';

/**
 * vitest globalSetup of the `integration-postgres` project: one throwaway cluster for the whole
 * run, with a migrated and seeded database that each test database is copied from (CREATE
 * DATABASE … TEMPLATE, a file copy), and everything removed when the run ends. Fails the run
 * with instructions when the PostgreSQL binaries are missing.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started = Date.now();
  const cluster = await startPostgresCluster();
  try {
    const { default: pg } = await import('pg');
    const admin = new pg.Client({ connectionString: cluster.url() });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${SEEDED_TEMPLATE}`);
    await admin.end();
    const db = await openDatabase({ databaseUrl: cluster.url(SEEDED_TEMPLATE) });
    await db.close();
  } catch (err) {
    await cluster.stop();
    throw err;
  }
  project.provide('pgClusterUrl', cluster.url());
  console.log(
    `[integration-postgres] PostgreSQL ${cluster.version} test cluster on 127.0.0.1:${cluster.port} ready in ${Date.now() - started} ms`,
  );
  return () => cluster.stop();
}
