import { sql } from 'drizzle-orm';
import type { Clock } from '../../../../kernel/clock.ts';
import type { Ctx } from '../../../../kernel/ctx.ts';
import type { StudioId } from '../../../../kernel/ids.ts';
import type { DatabaseKind, Tx } from '../../../../platform/db/client.ts';
import { rowsOf, withStudio } from '../../../../platform/db/tx.ts';
import type { TestClient } from '../../../../platform/testing/client.ts';
import { createTestEnso, makeStudio, type StudioFixture, type TestEnso } from '../../../../platform/testing/enso.ts';
import type { FulfilLine } from '../../fulfilment.ts';

/** Shared helpers of the catalog suites (products, gift cards, discount codes, prepaid credit). */

/** The app with two studios, `a` (with a front-desk user signed in) and `b` to show isolation. */
export async function startCatalog(kind: DatabaseKind, options: { clock?: Clock } = {}): Promise<{ enso: TestEnso; a: StudioFixture; b: StudioFixture; frontDesk: TestClient }> {
  const enso = await createTestEnso(kind, options);
  try {
    const a = await makeStudio(enso);
    const b = await makeStudio(enso);
    return { enso, a, b, frontDesk: await a.staff('front_desk') };
  } catch (error) {
    await enso.dispose();
    throw error;
  }
}

/** A system context in a studio, as checkout and jobs call the services. */
export const systemCtx = (enso: TestEnso, studioId: string): Ctx => ({
  studioId: studioId as StudioId,
  actor: { kind: 'system' },
  clock: enso.clock,
  requestId: 'test',
});

/** Runs `fn` in a studio transaction with a system context. */
export const inStudio = <T>(enso: TestEnso, studioId: string, fn: (tx: Tx, ctx: Ctx) => Promise<T>) =>
  withStudio(enso.database, studioId as StudioId, (tx) => fn(tx, systemCtx(enso, studioId)));

/** The outcome of a promise, for counting how many of many concurrent calls passed. */
export const settle = async <T>(p: Promise<T>) =>
  p.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error: error as { code?: string } }),
  );

export async function eventsOf(enso: TestEnso, subjectId: string) {
  const result = await enso.database.system.execute(sql`select type, payload from events where subject_id = ${subjectId} order by occurred_at, id`);
  return rowsOf<{ type: string; payload: Record<string, unknown> }>(result);
}

let lineCounter = 0;
/** An order line as the core hands it to a fulfiller once the order is paid. */
export function paidLine(over: Partial<FulfilLine> & Pick<FulfilLine, 'kind'>): FulfilLine {
  lineCounter += 1;
  return {
    orderId: `ord_test${lineCounter}`,
    lineId: `oln_test${lineCounter}`,
    refId: null,
    customerId: null,
    description: 'Test line',
    quantity: 1,
    unitPriceMinor: 0,
    discountMinor: 0,
    taxMinor: 0,
    totalMinor: 0,
    currency: 'EUR',
    fulfilledRef: null,
    metadata: {},
    ...over,
  };
}
