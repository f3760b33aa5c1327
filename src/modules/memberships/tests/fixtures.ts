import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Ctx } from '../../../kernel/ctx.ts';
import type { CustomerId, StudioId } from '../../../kernel/ids.ts';
import type { Clock } from '../../../kernel/clock.ts';
import { rowsOf, withStudio, withSystem } from '../../../platform/db/tx.ts';
import type { TestEnso, StudioFixture } from '../../../platform/testing/enso.ts';
import type { PlanDto, PlanInput } from '../contracts.ts';

export const staffCtx = (studio: StudioFixture, clock: Clock): Ctx => ({ studioId: studio.studioId as StudioId, actor: { kind: 'system' }, clock, requestId: 'test' });

export const monthly = (overrides: Partial<PlanInput> = {}): PlanInput => ({
  name: 'Monthly unlimited',
  kind: 'subscription_absolute',
  intervalCount: 1,
  intervalUnit: 'month',
  priceMinor: 8000,
  taxRateBp: 2000,
  customerCanCancel: true,
  ...overrides,
});

export const pack = (credits: number, overrides: Partial<PlanInput> = {}): PlanInput => ({
  name: `${credits}-class pack`,
  kind: 'class_pack',
  priceMinor: 10000,
  creditsMode: 'total',
  creditsCount: credits,
  ...overrides,
});

export async function createPlan(studio: StudioFixture, input: PlanInput): Promise<PlanDto> {
  const res = await studio.admin.post('/api/v1/memberships/plans', input);
  if (res.status !== 201) throw new Error(`plan creation failed: ${JSON.stringify(res.body)}`);
  return res.body as PlanDto;
}

/**
 * What commerce does for a paid membership line: quote inside the order's tx, then fulfil in
 * the tx that marks it paid. The real fulfiller runs; only the order is a made-up id.
 */
export async function buyDirect(enso: TestEnso, studio: StudioFixture, clock: Clock, customerId: string, planId: string, priceMinor?: number): Promise<string> {
  const ctx = staffCtx(studio, clock);
  const f = enso.services.memberships.fulfillers.membership;
  return withStudio(enso.database, ctx.studioId, async (tx) => {
    const quote = await f.quote(tx, ctx, { refId: planId, customerId: customerId as CustomerId, quantity: 1, ...(priceMinor === undefined ? {} : { priceMinor }) });
    const orderId = `ord_test_${randomBytes(6).toString('hex')}`;
    const { fulfilledRef } = await f.fulfil(tx, ctx, {
      orderId,
      lineId: `oln_${orderId}`,
      kind: 'membership',
      refId: planId,
      customerId: customerId as CustomerId,
      description: quote.description,
      quantity: 1,
      unitPriceMinor: quote.unitPriceMinor,
      discountMinor: 0,
      taxMinor: 0,
      totalMinor: quote.unitPriceMinor,
      currency: 'EUR',
      fulfilledRef: null,
      metadata: {},
    });
    return fulfilledRef!;
  });
}

/** The events published about a subject, oldest first: [type, payload]. */
export async function eventsAbout(enso: TestEnso, subjectId: string): Promise<{ type: string; payload: Record<string, unknown> }[]> {
  return withSystem(enso.database, async (tx) =>
    rowsOf<{ type: string; payload: Record<string, unknown> }>(await tx.execute(sql`select type, payload from events where subject_id = ${subjectId} order by id`)),
  );
}

export const typesAbout = async (enso: TestEnso, subjectId: string) => (await eventsAbout(enso, subjectId)).map((e) => e.type);

/** The maintenance run of one studio, as the cron's job would run it. */
export async function maintain(enso: TestEnso, studio: StudioFixture, clock: Clock) {
  return enso.services.renewals.maintainStudio(staffCtx(studio, clock));
}
