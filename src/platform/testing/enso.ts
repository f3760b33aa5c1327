import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEnso, type Enso } from '../../app.ts';
import { systemClock, type Clock } from '../../kernel/clock.ts';
import type { DatabaseKind } from '../db/client.ts';
import { loadConfig } from '../config.ts';
import { TestClient } from './client.ts';
import { openTestDatabase } from './database.ts';
import { createStudioWithAdmin } from '../../demo/seed.ts';
import { demoCustomers } from '../../demo/data.ts';
import type { StaffRole } from '../../kernel/ctx.ts';

export interface TestEnso extends Enso {
  dispose(): Promise<void>;
}

/** The whole app on a fresh database of its own, with workers off unless asked (tests drive jobs). */
export async function createTestEnso(
  kind: DatabaseKind,
  /** `env`: extra configuration, e.g. `STRIPE_API_URL` of a local Stripe stub. */
  /** `poolSize`: PostgreSQL's app pool (5; 1 to read a connection's own state, e.g. its prepared statements). */
  options: { clock?: Clock; workers?: boolean; env?: Record<string, string>; poolSize?: number } = {},
): Promise<TestEnso> {
  const testDb = await openTestDatabase(kind, { poolSize: options.poolSize });
  // Uploaded files go to a folder of this test's own (the database itself is not opened from DATA_DIR here).
  const dataDir = mkdtempSync(join(tmpdir(), 'enso-test-'));
  const config = loadConfig({ LOG_LEVEL: 'silent', NODE_ENV: 'test', PUBLIC_URL: 'http://enso.test', DATA_DIR: dataDir, ...options.env });
  const enso = await createEnso(config, {
    database: testDb.database,
    clock: options.clock ?? systemClock,
    workers: options.workers ?? false,
    // Suites walk every route from one address; the per-address limit would turn their later requests into 429s.
    requestsPerMinute: 1_000_000,
  });
  return Object.assign(enso, {
    async dispose() {
      await enso.close();
      await testDb.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    },
  });
}

let counter = 0;
export const testPassword = 'correct-horse-battery';

export interface StudioFixture {
  studioId: string;
  slug: string;
  admin: TestClient;
  adminEmail: string;
  /** A signed-in client for a new staff member with this role. */
  staff(role: StaffRole): Promise<TestClient>;
  anonymous(): TestClient;
}

/** A new studio with a signed-in admin. Each call makes a distinct studio (own slug and emails). */
export async function makeStudio(enso: Enso, overrides: { timeZone?: string; defaultLocale?: 'en' | 'fr' } = {}): Promise<StudioFixture> {
  counter += 1;
  const slug = `studio-${process.pid}-${counter}`;
  const adminEmail = `admin-${counter}@${slug}.example`;
  const { studio } = await createStudioWithAdmin(enso, {
    name: `Studio ${counter}`,
    slug,
    currency: 'EUR',
    timeZone: overrides.timeZone ?? 'Europe/Paris',
    defaultLocale: overrides.defaultLocale ?? 'en',
    admin: { email: adminEmail, firstName: 'Ada', lastName: 'Admin', password: testPassword },
  });
  const admin = await signIn(enso, adminEmail, testPassword);
  let staffCounter = 0;
  return {
    studioId: studio.id,
    slug,
    admin,
    adminEmail,
    anonymous: () => new TestClient(enso.app),
    async staff(role) {
      staffCounter += 1;
      const email = `${role}-${staffCounter}@${slug}.example`;
      const invited = await admin.post('/api/v1/staff', { email, firstName: role, lastName: 'Tester', role });
      if (invited.status !== 201) throw new Error(`invite failed: ${JSON.stringify(invited.body)}`);
      const token = await latestTokenFor(enso, email);
      const client = new TestClient(enso.app);
      const accepted = await client.post('/api/v1/auth/invites/accept', { token, password: testPassword });
      if (accepted.status !== 200) throw new Error(`accept failed: ${JSON.stringify(accepted.body)}`);
      return client;
    },
  };
}

export async function signIn(enso: Enso, email: string, password: string): Promise<TestClient> {
  const client = new TestClient(enso.app);
  const res = await client.post('/api/v1/auth/login', { email, password });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${JSON.stringify(res.body)}`);
  return client;
}

/** The token in the newest email sent to this address (invites, resets): read from the outbox, as a person reads their mail. */
export async function latestTokenFor(enso: Enso, email: string): Promise<string> {
  const text = await enso.services.email.latestBodyTo(email);
  const match = text?.match(/token=([A-Za-z0-9_%-]+)/);
  if (!match) throw new Error(`no email with a token was sent to ${email}`);
  return decodeURIComponent(match[1]!);
}

/** A customer created through the staff API. */
export async function makeCustomer(studio: StudioFixture, overrides: Record<string, unknown> = {}) {
  counter += 1;
  const [person] = demoCustomers(1, 99, counter);
  const res = await studio.admin.post('/api/v1/customers', {
    firstName: person!.firstName,
    lastName: person!.lastName,
    email: person!.email ?? `customer-${counter}@example.com`,
    ...overrides,
  });
  if (res.status !== 201) throw new Error(`customer creation failed: ${JSON.stringify(res.body)}`);
  return res.body as { id: string; email: string; firstName: string; lastName: string };
}
