import { getTableColumns, getTableName, sql, SQL, type Column } from 'drizzle-orm';
import { toSnakeCase } from 'drizzle-orm/casing';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Executor } from './client.ts';
import { rowsOf } from './tx.ts';

/**
 * SQL for the hot paths, written once per table instead of built per call.
 *
 * Drizzle's query builder spends ~300 µs of CPU building one select or insert of a wide table
 * (it walks every column and chunk on each call); a `sql` template of the same statement costs
 * ~5 µs. On a path that runs hundreds of times a second (a booking rush, the session look-up of
 * every request) that was a third of the server's CPU. These helpers keep the template form as
 * safe as the builder: the column lists come from the table definitions (so a new column is not
 * forgotten), values are bound parameters encoded by their column, and rows come back exactly as
 * the builder returns them (`rowOf`). Use the builder everywhere else.
 */

interface Shape {
  name: string;
  columns: { key: string; sqlName: string; column: Column }[];
  lists: Map<string, SQL>;
}

const shapes = new WeakMap<PgTable, Shape>();

/** The column's name in the database (the schema's keys are camelCase; the database's snake_case). */
const sqlNameOf = (column: Column) => (column.keyAsName ? toSnakeCase(column.name) : column.name);
const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

function shapeOf(table: PgTable): Shape {
  let shape = shapes.get(table);
  if (!shape) {
    shape = {
      name: getTableName(table),
      columns: Object.entries(getTableColumns(table)).map(([key, column]) => ({ key, sqlName: sqlNameOf(column), column })),
      lists: new Map(),
    };
    shapes.set(table, shape);
  }
  return shape;
}

/**
 * `alias.col_name as "colName", …` for every column of the table but those in `omit` (a logo's
 * bytes, say), built once per table, alias, omission and prefix. `prefix` goes before each
 * answer name (`"user.id"`), so two tables with the same column names can share a select.
 */
export function columnsOf(table: PgTable, options: { alias?: string; omit?: readonly string[]; prefix?: string } = {}): SQL {
  const shape = shapeOf(table);
  const from = options.alias ?? shape.name;
  const omit = options.omit ?? [];
  const prefix = options.prefix ?? '';
  const id = `${from}|${omit.join(',')}|${prefix}`;
  let list = shape.lists.get(id);
  if (!list) {
    const columns = shape.columns.filter((c) => !omit.includes(c.key));
    list = sql.raw(columns.map((c) => `${quote(from)}.${quote(c.sqlName)} as ${quote(prefix + c.key)}`).join(', '));
    shape.lists.set(id, list);
  }
  return list;
}

/**
 * A row selected with `columnsOf`, decoded column by column as the query builder would
 * (timestamps to Date, bigint to number…); columns the row does not have (omitted) stay out.
 */
export function rowOf<T extends PgTable>(table: T, raw: Record<string, unknown>, prefix = ''): T['$inferSelect'] {
  const out: Record<string, unknown> = {};
  for (const { key, column } of shapeOf(table).columns) {
    if (!(prefix + key in raw)) continue;
    const value = raw[prefix + key];
    out[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
  }
  return out as T['$inferSelect'];
}

/**
 * `insert into t (every column) values (…) returning every column`: a column missing from
 * `values` takes its default (the column's `$defaultFn` if it has one, else the database's).
 * A value may be a `sql` fragment (e.g. `nextval(…)`).
 */
export async function insertRow<T extends PgTable>(tx: Executor, table: T, values: Partial<T['$inferInsert']>): Promise<T['$inferSelect']> {
  const shape = shapeOf(table);
  const cells = shape.columns.map(({ key, column }) => {
    let value = (values as Record<string, unknown>)[key];
    if (value === undefined && column.defaultFn) value = column.defaultFn();
    if (value === undefined) return sql.raw('default');
    if (value instanceof SQL) return value;
    return value === null ? sql`null` : sql.param(value, column);
  });
  const statement = sql`insert into ${sql.raw(quote(shape.name))} (${sql.raw(shape.columns.map((c) => quote(c.sqlName)).join(', '))}) values (${sql.join(cells, sql`, `)}) returning ${columnsOf(table)}`;
  const [row] = rowsOf<Record<string, unknown>>(await tx.execute(statement));
  return rowOf(table, row!);
}

/**
 * Many rows in one statement: `insert into t (columns) select … from jsonb_populate_recordset(…)`
 * with the rows as ONE JSON parameter (binding a parameter per cell costs more than the insert,
 * and one text serves any number of rows, so it is prepared once). The columns written are those
 * the first row names (after `$defaultFn`s); every row must name the same ones; the others take
 * the database's defaults. Values are encoded by their column, as `insertRow` does.
 */
const jsonTypes = new Set(['json', 'jsonb']);

export async function insertRows<T extends PgTable>(tx: Executor, table: T, rows: readonly Partial<T['$inferInsert']>[]): Promise<void> {
  if (rows.length === 0) return;
  const shape = shapeOf(table);
  const first = rows[0] as Record<string, unknown>;
  const columns = shape.columns.filter(({ key, column }) => first[key] !== undefined || column.defaultFn);
  const records = rows.map((values) => {
    const out: Record<string, unknown> = {};
    for (const { key, sqlName, column } of columns) {
      let value = (values as Record<string, unknown>)[key];
      if (value === undefined && column.defaultFn) value = column.defaultFn();
      if (value === undefined) throw new Error(`insertRows: every row must name ${key}`);
      // JSON columns travel as the JSON they are (their driver value is text, which would be stored as a JSON string).
      out[sqlName] = value === null ? null : jsonTypes.has(column.getSQLType()) ? value : column.mapToDriverValue(value);
    }
    return out;
  });
  const names = sql.raw(columns.map((c) => quote(c.sqlName)).join(', '));
  await tx.execute(
    sql`insert into ${sql.raw(quote(shape.name))} (${names}) select ${names} from jsonb_populate_recordset(null::${sql.raw(quote(shape.name))}, ${JSON.stringify(records)}::jsonb)`,
  );
}
