import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { appRole, type Database, type Db } from './client.ts';
import { rowsOf } from './tx.ts';

export const migrationsFolder = fileURLToPath(new URL('../../../migrations', import.meta.url));

/** Arbitrary constant: the advisory lock two starting processes queue on while migrating. */
const migrationLockKey = 7_202_611;

/**
 * Applies the committed migrations, then the tenancy rules. Safe to run from several
 * processes at once on PostgreSQL (an advisory lock serialises them) and on every start.
 */
export async function migrate(database: Database): Promise<void> {
  if (database.kind === 'pglite') {
    await migratePglite(database.system as unknown as PgliteDatabase, { migrationsFolder });
    await applyTenancy(database.system);
    return;
  }
  // One dedicated connection holds a session-level advisory lock for the whole migration.
  const url = 'url' in database.connection ? database.connection.url : '';
  const client = new pg.Client({ connectionString: url, application_name: 'enso-migrate' });
  await client.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [migrationLockKey]);
    const db = drizzlePg({ client, casing: 'snake_case' });
    await migratePg(db, { migrationsFolder });
    await applyTenancy(db as unknown as Db);
  } finally {
    await client.query('select pg_advisory_unlock_all()').catch(() => undefined);
    await client.end();
  }
}

/**
 * Row-level security on every tenant table, derived from the schema rather than listed:
 * any table in `public` with a `studio_id` column (and `studios` itself, keyed by `id`)
 * gets RLS enabled and forced, a policy that lets `enso_app` see only the rows of the
 * studio set for the transaction, and a policy that lets the owner (the system handle) see all.
 * A new module's table is covered the moment its migration runs.
 */
export async function applyTenancy(db: Db): Promise<void> {
  await db.execute(
    sql.raw(`do $$ begin
      if not exists (select from pg_roles where rolname = '${appRole}') then
        create role ${appRole} nologin;
      end if;
    exception when duplicate_object or unique_violation then null;
    end $$`),
  );
  await db.execute(sql.raw(`grant ${appRole} to current_user`)).catch(() => undefined);
  await db.execute(sql.raw(`grant usage on schema public to ${appRole}`));
  await db.execute(sql.raw(`grant select, insert, update, delete on all tables in schema public to ${appRole}`));
  await db.execute(sql.raw(`grant usage, select on all sequences in schema public to ${appRole}`));

  const tables = rowsOf<{ table_name: string; column_name: string }>(
    await db.execute(sql`
      select c.table_name, c.column_name
      from information_schema.columns c
      join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
      where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
        and (c.column_name = 'studio_id' or (c.table_name = 'studios' and c.column_name = 'id'))`),
  );
  const existing = new Set(
    rowsOf<{ key: string }>(
      await db.execute(sql`select tablename || '.' || policyname as key from pg_policies where schemaname = 'public'`),
    ).map((r) => r.key),
  );
  for (const { table_name: table, column_name: column } of tables) {
    const statements = [
      `alter table "${table}" enable row level security`,
      `alter table "${table}" force row level security`,
    ];
    const guard = `"${column}" = current_setting('enso.studio_id', true)`;
    if (!existing.has(`${table}.tenant_isolation`)) {
      statements.push(`create policy tenant_isolation on "${table}" to ${appRole} using (${guard}) with check (${guard})`);
    }
    if (!existing.has(`${table}.system_access`)) {
      statements.push(`create policy system_access on "${table}" to current_user using (true) with check (true)`);
    }
    for (const statement of statements) await db.execute(sql.raw(statement));
  }
}
