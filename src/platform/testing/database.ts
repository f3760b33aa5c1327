import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { inject } from 'vitest';
import { openDatabase, type Database, type DatabaseKind } from '../db/client.ts';
import { withDatabase } from './global-setup.ts';
import { adminUrl, onServer } from './server.ts';

export interface TestDatabase {
  database: Database;
  dispose(): Promise<void>;
}

/** The databases an integration suite runs on: PGlite always, PostgreSQL when DATABASE_URL is set. */
export function testDatabaseKinds(): DatabaseKind[] {
  return process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

/** A fresh, migrated database of its own: a copy of the run's template (global-setup.ts). `poolSize`: PostgreSQL's app pool (5). */
export async function openTestDatabase(kind: DatabaseKind, options: { poolSize?: number } = {}): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const dump = readFileSync(inject('pgliteTemplate'));
    const database = await openDatabase({ dataDir: 'memory://', loadDataDir: new Blob([dump]) });
    return { database, dispose: () => database.close() };
  }
  const serverUrl = process.env.DATABASE_URL;
  const template = inject('postgresTemplate');
  if (!serverUrl || !template) throw new Error('DATABASE_URL is not set');
  const name = `enso_test_${randomBytes(6).toString('hex')}`;
  await onServer(adminUrl(serverUrl), `create database ${name} template ${template}`);
  const database = await openDatabase({ databaseUrl: withDatabase(serverUrl, name), poolSize: options.poolSize ?? 5 });
  return {
    database,
    async dispose() {
      await database.close();
      await onServer(adminUrl(serverUrl), `drop database if exists ${name} with (force)`);
    },
  };
}
