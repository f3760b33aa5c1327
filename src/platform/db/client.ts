import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { joinBeginWithStudio } from './begin.ts';
import { preparePlans } from './prepared.ts';

export type Db = PgDatabase<PgQueryResultHKT>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Either the pool handle or an open transaction: what a repository function runs its SQL on. */
export type Executor = Db | Tx;

/** The role tenant transactions run as; it owns nothing, so row-level security applies to it. */
export const appRole = 'enso_app';

export type DatabaseKind = 'pglite' | 'postgres';

export interface Database {
  kind: DatabaseKind;
  /**
   * Runs as the owner of the tables: migrations, the job and event machinery, and the few
   * look-ups that must find a studio before one is known (a session token, a studio slug).
   */
  system: Db;
  /** Tenant work, always through `withStudio` (tx.ts): runs as `enso_app` under row-level security. */
  app: Db;
  /** How pg-boss and other clients reach the same database. */
  connection: { pglite: PGlite } | { url: string };
  close(): Promise<void>;
}

export interface OpenOptions {
  databaseUrl?: string | undefined;
  /** PGlite data directory; `memory://` for an in-memory database. */
  dataDir?: string;
  /** Load a PGlite data dir dump (tests restore a migrated snapshot this way). */
  loadDataDir?: Blob;
  poolSize?: number;
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.poolSize ?? 10);
  return openPglite(options.dataDir ?? './data', options.loadDataDir);
}

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  // Timestamps come back as Date, bigint (int8) as number: money never exceeds 2^53 minor units.
  pg.types.setTypeParser(20, (v) => Number(v));
  const systemPool = new pg.Pool({ connectionString: url, max: 4, application_name: 'enso-system' });
  const appPool = new pg.Pool({ connectionString: url, max: poolSize, application_name: 'enso' });
  // Every connection of the app pool gives up the owner's rights for the role under RLS.
  appPool.on('connect', (client) => {
    client.query(`set role ${appRole}`).catch(() => undefined);
    preparePlans(client);
    joinBeginWithStudio(client);
  });
  // Repeated statements are parsed and planned once per connection (prepared.ts).
  systemPool.on('connect', (client) => preparePlans(client));
  systemPool.on('error', () => undefined);
  appPool.on('error', () => undefined);
  return {
    kind: 'postgres',
    system: drizzlePg({ client: systemPool, casing: 'snake_case' }) as unknown as Db,
    app: drizzlePg({ client: appPool, casing: 'snake_case' }) as unknown as Db,
    connection: { url },
    async close() {
      await Promise.all([appPool.end(), systemPool.end()]);
    },
  };
}

async function openPglite(dataDir: string, loadDataDir?: Blob): Promise<Database> {
  const inMemory = dataDir.startsWith('memory://');
  let release = () => {};
  if (!inMemory) {
    mkdirSync(dataDir, { recursive: true });
    release = lockDataDir(dataDir);
  }
  let client: PGlite;
  try {
    client = new PGlite({
      ...(inMemory ? {} : { dataDir: join(resolve(dataDir), 'pg') }),
      ...(loadDataDir ? { loadDataDir } : {}),
    });
    await client.waitReady;
  } catch (err) {
    release();
    throw err;
  }
  const db = drizzlePglite({ client, casing: 'snake_case' }) as unknown as Db;
  return {
    kind: 'pglite',
    // One embedded connection: the system and app handles are the same; `withStudio`
    // switches to `enso_app` with SET LOCAL ROLE for the length of each tenant transaction.
    system: db,
    app: db,
    connection: { pglite: client },
    async close() {
      await client.close();
      release();
    },
  };
}

/**
 * PGlite does not stop two processes opening one data directory (which corrupts it),
 * so a lock file holds the pid of the process that has it open.
 */
function lockDataDir(dataDir: string): () => void {
  const lockPath = join(dataDir, 'enso.lock');
  try {
    const pid = Number(readFileSync(lockPath, 'utf8').trim());
    if (pid && pid !== process.pid && isAlive(pid)) {
      throw new Error(
        `The data directory ${dataDir} is in use by process ${pid}. Stop that Enso first, or set DATA_DIR to another folder.`,
      );
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  writeFileSync(lockPath, String(process.pid));
  return () => rmSync(lockPath, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
