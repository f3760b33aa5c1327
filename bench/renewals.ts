/**
 * Renewals benchmark (PostgreSQL): 10,000 monthly memberships are due today; the maintenance run
 * enqueues one charge job per (membership, period) and the process's job workers (charge-renewal
 * concurrency 8) charge every saved card through commerce against the in-process Stripe stub.
 * Timed from the maintenance run to the last renewal paid. Duplicates are counted at the stub:
 * succeeded PaymentIntents per renewal (through their order), which must be exactly one each.
 *
 * 200 customers hold 50 memberships each: each customer's card is saved through the real
 * SetupIntent flow once; the memberships themselves are generated rows (as if sold a month ago).
 */
import { sql } from 'drizzle-orm';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createEnso } from '../src/app.ts';
import { loadConfig } from '../src/platform/config.ts';
import { createStudioWithAdmin } from '../src/demo/seed.ts';
import type { Ctx } from '../src/kernel/ctx.ts';
import type { StudioId, UserId } from '../src/kernel/ids.ts';
import { newId } from '../src/kernel/ids.ts';
import { addDays, localDateOf } from '../src/kernel/time.ts';
import { rowsOf, withStudio } from '../src/platform/db/tx.ts';
import { adminUrl, onServer } from '../src/platform/testing/server.ts';
import { withDatabase } from '../src/platform/testing/global-setup.ts';
import { startStripeStub } from '../src/platform/testing/stripe-stub.ts';

export interface RenewalsBenchResult {
  memberships: number;
  seconds: number;
  chargesPerSecond: number;
  paid: number;
  duplicates: number;
}

async function confirmSetup(stubUrl: string, publishableKey: string, clientSecret: string) {
  const id = clientSecret.split('_secret_')[0]!;
  const res = await fetch(`${stubUrl}/v1/setup_intents/${id}/confirm`, {
    method: 'POST',
    headers: { authorization: `Bearer ${publishableKey}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_secret: clientSecret, payment_method: 'pm_card_visa' }),
  });
  if (!res.ok) throw new Error(`setup confirm failed: ${res.status}`);
}

export async function benchRenewals(options: { serverUrl: string; quick: boolean; say: (line?: string) => void }): Promise<RenewalsBenchResult> {
  const { serverUrl, quick, say } = options;
  const customersCount = quick ? 20 : 200;
  const perCustomer = quick ? 50 : 50;
  const name = `enso_bench_renewals_${Date.now()}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'enso-bench-renewals-'));
  const stub = await startStripeStub();
  await onServer(adminUrl(serverUrl), `create database ${name}`);
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: withDatabase(serverUrl, name),
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    PORT: '3393',
    DATABASE_POOL_SIZE: '20',
    STRIPE_API_URL: stub.url,
    STRIPE_JS_URL: stub.jsUrl,
  });
  const enso = await createEnso(config, { workers: true, requestsPerMinute: 1_000_000 });
  try {
    const { studio } = await createStudioWithAdmin(enso, {
      name: 'Renewals Bench', slug: 'renewals-bench', currency: 'EUR', timeZone: 'Europe/Paris', defaultLocale: 'en',
      admin: { email: 'admin@renewals-bench.example', firstName: 'Bench', lastName: 'Admin', password: 'bench-password-1234' },
    });
    const ctx: Ctx = { studioId: studio.id as StudioId, actor: { kind: 'staff', userId: 'usr_bench' as UserId, role: 'admin' }, clock: enso.clock, requestId: 'bench' };
    const { customers, commerce, cards, plans, renewals } = enso.services;
    await commerce.settings.connectStripe(ctx, { secretKey: stub.secretKey, publishableKey: stub.publishableKey, webhookSecret: stub.webhookSecret });
    const plan = await plans.createPlan(ctx, { name: 'Monthly', kind: 'subscription_absolute', intervalCount: 1, intervalUnit: 'month', priceMinor: 8000, taxRateBp: 2000 });

    const setupStarted = performance.now();
    const customerIds: string[] = [];
    for (let i = 0; i < customersCount; i++) {
      const c = await customers.createCustomer(ctx, { firstName: `Member${i}`, lastName: 'Bench', email: `member${i}@renewals-bench.example` });
      const setup = await cards.startSetup(ctx, c.id);
      await confirmSetup(stub.url, stub.publishableKey, setup.clientSecret);
      await cards.completeSetup(ctx, c.id, { setupIntentId: setup.setupIntentId });
      customerIds.push(c.id);
    }
    // Memberships bought a month ago, due today in the studio's zone.
    const today = localDateOf(enso.clock.now(), 'Europe/Paris');
    const boughtOn = addDays(today, -30);
    const rows = customerIds.flatMap((customerId) =>
      Array.from({ length: perCustomer }, () => [newId('membership'), customerId]),
    );
    await withStudio(enso.database, ctx.studioId, async (tx) => {
      await tx.execute(sql`
        insert into memberships (studio_id, id, customer_id, plan_id, kind, status, time_zone, start_date, period_start, period_end, anchor_day, auto_renew, price_minor, currency)
        select ${ctx.studioId}, r->>0, r->>1, ${plan.id}, 'subscription_absolute', 'active', 'Europe/Paris', ${boughtOn}::date, ${boughtOn}::date, ${today}::date,
               extract(day from ${boughtOn}::date)::smallint, true, 8000, 'EUR'
          from jsonb_array_elements(${JSON.stringify(rows)}::jsonb) as r`);
    });
    const total = rows.length;
    say(`- ${customersCount} customers with a saved card (SetupIntent flow) and ${total} memberships due, set up in ${((performance.now() - setupStarted) / 1000).toFixed(1)} s`);

    const before = stub.counts().succeededPaymentIntents;
    const started = performance.now();
    await renewals.maintainStudio({ ...ctx, actor: { kind: 'system' } });
    let paid = 0;
    for (;;) {
      const [row] = await withStudio(enso.database, ctx.studioId, async (tx) =>
        rowsOf<{ paid: number; open: number }>(
          await tx.execute(sql`select count(*) filter (where status = 'paid')::int as paid, count(*) filter (where status in ('due', 'charging'))::int as open from membership_renewals`),
        ),
      );
      paid = row!.paid;
      if (paid >= total) break;
      if (performance.now() - started > 15 * 60_000) throw new Error(`renewals bench: only ${paid} of ${total} paid after 15 minutes`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const seconds = (performance.now() - started) / 1000;

    // Duplicates: succeeded PaymentIntents per renewal, through the order each one paid.
    const orderToRenewal = new Map(
      (
        await withStudio(enso.database, ctx.studioId, async (tx) =>
          rowsOf<{ order_id: string; id: string }>(await tx.execute(sql`select order_id, id from membership_renewals where status = 'paid'`)),
        )
      ).map((r) => [r.order_id, r.id]),
    );
    const perRenewal = new Map<string, number>();
    for (const pi of stub.paymentIntents()) {
      if (pi.status !== 'succeeded') continue;
      const renewalId = orderToRenewal.get(pi.metadata.orderId ?? '');
      if (renewalId) perRenewal.set(renewalId, (perRenewal.get(renewalId) ?? 0) + 1);
    }
    const duplicates = [...perRenewal.values()].reduce((n, c) => n + (c - 1), 0) + (stub.counts().succeededPaymentIntents - before - perRenewal.size);
    const result = { memberships: total, seconds, chargesPerSecond: total / seconds, paid, duplicates };
    say(`- ${paid} renewals charged and paid in ${seconds.toFixed(1)} s: ${result.chargesPerSecond.toFixed(0)} charges per second (8 concurrent charge jobs, one process), duplicates: ${duplicates}`);
    if (duplicates !== 0 || perRenewal.size !== total) throw new Error(`renewals bench: ${duplicates} duplicate charges, ${perRenewal.size} of ${total} renewals charged`);
    return result;
  } finally {
    await enso.close();
    await stub.close();
    await onServer(adminUrl(serverUrl), `drop database if exists ${name} with (force)`);
    rmSync(dataDir, { recursive: true, force: true });
  }
}
