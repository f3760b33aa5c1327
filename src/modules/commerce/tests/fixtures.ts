import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Clock } from '../../../kernel/clock.ts';
import type { Ctx } from '../../../kernel/ctx.ts';
import type { StudioId, UserId } from '../../../kernel/ids.ts';
import { rowsOf, withSystem } from '../../../platform/db/tx.ts';
import type { TestClient, TestResponse } from '../../../platform/testing/client.ts';
import type { DatabaseKind } from '../../../platform/db/client.ts';
import { createTestEnso, makeStudio, type StudioFixture, type TestEnso } from '../../../platform/testing/enso.ts';
import { startStripeStub, type StripeStub } from '../../../platform/testing/stripe-stub.ts';

let keys = 0;
/** A fresh Idempotency-Key. */
export const newKey = () => `test-key-${process.pid}-${++keys}-${randomBytes(6).toString('hex')}`;

/** POST with an Idempotency-Key, as the web app sends a sale or a refund. */
export function postWithKey<T = any>(client: TestClient, url: string, body: unknown, key: string = newKey()): Promise<TestResponse<T>> {
  return client.request<T>('POST', url, { body, headers: { 'idempotency-key': key } });
}

export const staffCtx = (enso: TestEnso, s: StudioFixture): Ctx => ({
  studioId: s.studioId as StudioId,
  actor: { kind: 'staff', userId: 'usr_desk' as UserId, role: 'admin' },
  clock: enso.clock,
  requestId: 'test',
});

export async function eventsOf(enso: TestEnso, s: StudioFixture, type: string): Promise<{ subject_id: string; payload: Record<string, unknown> }[]> {
  return withSystem(enso.database, async (tx) =>
    rowsOf(await tx.execute(sql`select subject_id, payload from events where studio_id = ${s.studioId} and type = ${type} order by occurred_at, id`)),
  );
}

/** Connects the studio to the stub's Stripe account through the settings route. */
export async function connectStripe(s: StudioFixture, stub: StripeStub): Promise<void> {
  const res = await s.admin.put('/api/v1/commerce/settings/stripe', { secretKey: stub.secretKey, publishableKey: stub.publishableKey, webhookSecret: stub.webhookSecret });
  if (res.status !== 200) throw new Error(`connect failed: ${JSON.stringify(res.body)}`);
}

/** A Stripe stub, an app that talks to it and a studio `a` connected to the stub's account. Stop it with `stopWithStripe`. */
export async function startWithStripe(kind: DatabaseKind, options: { clock?: Clock } = {}): Promise<{ stub: StripeStub; enso: TestEnso; a: StudioFixture }> {
  const stub = await startStripeStub();
  let enso: TestEnso | undefined;
  try {
    enso = await createTestEnso(kind, { ...options, env: { STRIPE_API_URL: stub.url, STRIPE_JS_URL: stub.jsUrl } });
    const a = await makeStudio(enso);
    await connectStripe(a, stub);
    return { stub, enso, a };
  } catch (error) {
    await stopWithStripe(enso, stub);
    throw error;
  }
}

/** Disposes the app, then closes the stub (either may be missing if set-up failed). */
export async function stopWithStripe(enso: TestEnso | undefined, stub: StripeStub | undefined): Promise<void> {
  await enso?.dispose();
  await stub?.close();
}

/** What Stripe.js does in the browser: confirms an intent with the publishable key and a test card. */
export async function confirmInBrowser(stub: StripeStub, clientSecret: string, paymentMethod = 'pm_card_visa', kind: 'payment_intents' | 'setup_intents' = 'payment_intents') {
  const id = clientSecret.split('_secret_')[0]!;
  const res = await fetch(`${stub.url}/v1/${kind}/${id}/confirm`, {
    method: 'POST',
    headers: { authorization: `Bearer ${stub.publishableKey}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_secret: clientSecret, payment_method: paymentMethod }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Saves a card for a customer the way the desk does (SetupIntent confirmed in the browser); returns its id. */
export async function saveCard(enso: TestEnso, s: StudioFixture, stub: StripeStub, customerId: string, paymentMethod = 'pm_card_visa'): Promise<string> {
  const ctx = staffCtx(enso, s);
  const setup = await enso.services.cards.startSetup(ctx, customerId);
  await confirmInBrowser(stub, setup.clientSecret, paymentMethod, 'setup_intents');
  const card = await enso.services.cards.completeSetup(ctx, customerId, { setupIntentId: setup.setupIntentId });
  return (card as { id: string }).id;
}

/** Delivers signed events straight to the app's webhook route (inject: no listening port needed). */
export async function deliver(enso: TestEnso, s: StudioFixture, stub: StripeStub, events: object[], options: { badSignature?: boolean; staleBySeconds?: number } = {}) {
  const statuses: number[] = [];
  for (const event of events) {
    const payload = JSON.stringify(event);
    // Signed when Stripe would sign it: the SDK checks its age against the wall clock, not the app's.
    const timestamp = stub.now() - (options.staleBySeconds ?? 0);
    const signature = stub.sign(payload, options.badSignature ? 'whsec_not_the_right_one' : undefined, timestamp);
    const res = await enso.app.inject({
      method: 'POST',
      url: `/api/public/v1/payments/stripe/webhook/${s.studioId}`,
      headers: { 'content-type': 'application/json', 'stripe-signature': signature },
      payload,
    });
    statuses.push(res.statusCode);
  }
  return statuses;
}
