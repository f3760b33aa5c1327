import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../kernel/clock.ts';
import type { StudioId } from '../../../kernel/ids.ts';
import { withStudio } from '../../../platform/db/tx.ts';
import { createTestEnso, makeCustomer, makeStudio, type StudioFixture, type TestEnso } from '../../../platform/testing/enso.ts';
import { buyDirect, createPlan, pack, staffCtx, typesAbout } from './fixtures.ts';

// Concurrency needs real parallel transactions: PostgreSQL only (PGlite is one connection).
describe.runIf(process.env.DATABASE_URL)('class credits under concurrent spending (postgres)', () => {
  let enso: TestEnso;
  let a: StudioFixture;
  const clock = fixedClock('2027-03-01T10:00:00Z');

  beforeAll(async () => {
    enso = await createTestEnso('postgres', { clock });
    a = await makeStudio(enso);
  });
  afterAll(() => enso?.dispose());

  it('lets exactly 10 of 50 concurrent bookings spend a 10-credit pack, ending at 0', async () => {
    const ana = await makeCustomer(a);
    const id = await buyDirect(enso, a, clock, ana.id, (await createPlan(a, pack(10))).id);
    const ctx = staffCtx(a, clock);

    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) =>
        withStudio(enso.database, a.studioId as StudioId, (tx) => enso.services.memberships.consumeCredit(tx, ctx, { membershipId: id, bookingId: `bkg_${i}` })),
      ),
    );

    const ok = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(ok).toHaveLength(10);
    expect(new Set(refused.map((r) => (r.reason as { code?: string }).code))).toEqual(new Set(['no_credits_left']));
    const ledger = await enso.services.memberships.listCredits(ctx, id);
    expect(ledger.creditsRemaining).toBe(0);
    expect(ledger.items.filter((e) => e.reason === 'booking')).toHaveLength(10);
    expect(ledger.items.reduce((sum, e) => sum + e.delta, 0)).toBe(0);
    expect((await typesAbout(enso, id)).filter((t) => t === 'pack.last_credit_used.v1')).toHaveLength(1);
  });
});
