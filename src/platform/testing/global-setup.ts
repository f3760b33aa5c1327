import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import type { PGlite } from '@electric-sql/pglite';
import { openDatabase } from '../db/client.ts';
import { migrate, migrationsFolder } from '../db/migrate.ts';
import { adminUrl, onServer } from './server.ts';
import { installJobsSchema } from '../jobs/index.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    postgresTemplate: string | null;
  }
}

/**
 * Migrates one database per run and lets each test file start from a copy of it:
 * a PGlite data-dir dump (cached by migration contents) and, when DATABASE_URL is set,
 * a PostgreSQL template database that `create database … template` copies in milliseconds.
 */
export async function setup(project: TestProject) {
  const cacheDir = join(process.cwd(), '.cache');
  mkdirSync(cacheDir, { recursive: true });
  const digest = createHash('sha256');
  for (const file of readdirSync(migrationsFolder, { recursive: true }).map(String).sort()) {
    if (file.endsWith('.sql') || file.endsWith('.json')) digest.update(file).update(readFileSync(join(migrationsFolder, file)));
  }
  const templatePath = join(cacheDir, `pglite-template-${digest.digest('hex').slice(0, 16)}.tar`);
  if (!existsSync(templatePath)) {
    const database = await openDatabase({ dataDir: 'memory://' });
    await migrate(database);
    await installJobsSchema(database);
    const dump = await (database.connection as { pglite: PGlite }).pglite.dumpDataDir('none');
    writeFileSync(templatePath, Buffer.from(await dump.arrayBuffer()));
    await database.close();
  }
  project.provide('pgliteTemplate', templatePath);

  let templateName: string | null = null;
  const url = process.env.DATABASE_URL;
  if (url) {
    templateName = `enso_tpl_${randomBytes(5).toString('hex')}`;
    await onServer(adminUrl(url), `create database ${templateName}`);
    const database = await openDatabase({ databaseUrl: withDatabase(url, templateName), poolSize: 2 });
    await migrate(database);
    await installJobsSchema(database);
    await database.close();
  }
  project.provide('postgresTemplate', templateName);

  return async () => {
    if (url && templateName) await onServer(adminUrl(url), `drop database if exists ${templateName} with (force)`);
  };
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}
