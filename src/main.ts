import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { loadConfig, type Config } from './platform/config.ts';
import { openDatabase } from './platform/db/client.ts';
import { migrate } from './platform/db/migrate.ts';
import { rowsOf } from './platform/db/tx.ts';
import { createEnso, type Enso } from './app.ts';
import { listenBacklog } from './platform/http/app.ts';
import { createStudioWithAdmin, seedDemo } from './demo/seed.ts';

const usage = `Usage: enso <command>

Commands:
  serve                 run the API, the web app and (unless ENSO_WORKER=off) the job worker
  worker                run only the job worker and event dispatcher
  migrate               apply database migrations and exit
  seed --demo           create the demo studio "Studio Lumière"
  studio create --name <name> --admin-email <email> [--slug <slug>] [--currency EUR]
                [--time-zone Europe/Paris] [--locale en|fr] [--admin-password <password>]
                        create a studio and its first admin

The database is PostgreSQL when DATABASE_URL is set, else embedded PGlite in DATA_DIR (./data).`;

function banner(lines: string[]) {
  const width = Math.max(...lines.map((l) => l.length));
  process.stdout.write(`\n+${'-'.repeat(width + 2)}+\n${lines.map((l) => `| ${l.padEnd(width)} |`).join('\n')}\n+${'-'.repeat(width + 2)}+\n\n`);
}

async function studioCount(enso: Enso): Promise<number> {
  const [row] = rowsOf<{ n: number }>(await enso.database.system.execute(sql`select count(*)::int as n from studios`));
  return row?.n ?? 0;
}

function onShutdown(close: () => Promise<void>) {
  let closing = false;
  const stop = async () => {
    if (closing) return;
    closing = true;
    await close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

async function serve(config: Config) {
  const enso = await createEnso(config);
  onShutdown(enso.close);
  if (config.seedDemo && (await studioCount(enso)) === 0) {
    const demo = await seedDemo(enso, { adminPassword: process.env.ENSO_DEMO_ADMIN_PASSWORD });
    banner([
      'Demo studio "Studio Lumière" created.',
      `Sign in at ${config.publicUrl}/login`,
      `  email:    ${demo.adminEmail}`,
      `  password: ${demo.adminPassword}`,
      'This password is shown only once.',
      `Customer page: ${config.publicUrl}/s/${demo.slug}`,
    ]);
  }
  await enso.app.listen({ host: config.host, port: config.port, backlog: listenBacklog });
  process.stdout.write(`Enso is running at ${config.publicUrl} (database: ${enso.database.kind})\n`);
}

async function worker(config: Config) {
  const enso = await createEnso(config, { workers: true });
  onShutdown(enso.close);
  process.stdout.write(`Enso worker running (database: ${enso.database.kind})\n`);
}

async function migrateOnly(config: Config) {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrate(database);
    process.stdout.write('Migrations applied.\n');
  } finally {
    await database.close();
  }
}

async function withEnso<T>(config: Config, fn: (enso: Enso) => Promise<T>): Promise<T> {
  const enso = await createEnso(config, { workers: false });
  try {
    return await fn(enso);
  } finally {
    await enso.close();
  }
}

async function main(argv: string[]) {
  const [command, sub] = argv;
  const config = loadConfig();
  switch (command) {
    case 'serve':
      return serve(config);
    case 'worker':
      return worker(config);
    case 'migrate':
      return migrateOnly(config);
    case 'seed': {
      const { values } = parseArgs({ args: argv.slice(1), options: { demo: { type: 'boolean' } } });
      if (!values.demo) throw new Error('enso seed needs --demo');
      return withEnso(config, async (enso) => {
        const demo = await seedDemo(enso, { adminPassword: process.env.ENSO_DEMO_ADMIN_PASSWORD });
        banner(['Demo studio created.', `  email:    ${demo.adminEmail}`, `  password: ${demo.adminPassword}`]);
      });
    }
    case 'studio': {
      if (sub !== 'create') throw new Error(usage);
      const { values } = parseArgs({
        args: argv.slice(2),
        options: {
          name: { type: 'string' },
          slug: { type: 'string' },
          'admin-email': { type: 'string' },
          'admin-password': { type: 'string' },
          'admin-first-name': { type: 'string', default: 'Admin' },
          currency: { type: 'string', default: 'EUR' },
          'time-zone': { type: 'string', default: 'Europe/Paris' },
          locale: { type: 'string', default: 'en' },
        },
      });
      if (!values.name || !values['admin-email']) throw new Error('enso studio create needs --name and --admin-email');
      const slug = values.slug ?? slugify(values.name);
      return withEnso(config, async (enso) => {
        const { studio, adminPassword } = await createStudioWithAdmin(enso, {
          name: values.name!,
          slug,
          currency: values.currency!.toUpperCase(),
          timeZone: values['time-zone']!,
          defaultLocale: values.locale === 'fr' ? 'fr' : 'en',
          admin: { email: values['admin-email']!, firstName: values['admin-first-name']!, lastName: '', password: values['admin-password'] },
        });
        banner([`Studio "${studio.name}" created (/s/${studio.slug}).`, `  email:    ${values['admin-email']}`, `  password: ${adminPassword}`]);
      });
    }
    default:
      process.stdout.write(`${usage}\n`);
      if (command && command !== 'help' && command !== '--help') process.exitCode = 2;
  }
}

export function slugify(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48)
    .padEnd(3, '0');
}

main(process.argv.slice(2)).catch((err: unknown) => {
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`enso: ${message}\n`);
  process.exit(1);
});
