import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../kernel/clock.ts';
import { testDatabaseKinds } from '../platform/testing/database.ts';
import { createTestEnso, type TestEnso } from '../platform/testing/enso.ts';
import { seedDemo } from './seed.ts';

describe.each(testDatabaseKinds())('demo studio (%s)', (kind) => {
  let enso: TestEnso;

  beforeAll(async () => {
    // A Thursday in winter: the week ahead holds every weekly class of the demo.
    enso = await createTestEnso(kind, { clock: fixedClock('2027-01-14T09:00:00Z') });
    await seedDemo(enso, { customers: 12, adminPassword: 'demo-password-1234' });
  }, 120_000);
  afterAll(() => enso?.dispose());

  it('has a public week of classes in two zones, and no private class on it', async () => {
    const week = await enso.services.publicSchedule.getSchedule('lumiere', { from: '2027-01-14', days: 7 });

    const names = new Set(week.items.map((c) => c.name));
    expect(names).toEqual(new Set(['Vinyasa Flow', 'Yin Yoga', 'Pilates Mat', 'Yoga Enfants', 'Méditation guidée', 'Défi 21 jours']));
    expect(new Set(week.items.map((c) => c.timeZone))).toEqual(new Set(['Europe/Paris', 'America/Toronto']));
    const montreal = week.items.find((c) => c.timeZone === 'America/Toronto')!;
    expect(montreal.startTime).toBe('10:00');
    expect(montreal.startsAt).toBe('2027-01-16T15:00:00.000Z');
    expect(week.items.some((c) => c.name === 'Cours particulier')).toBe(false);
  });

  it('gives teachers a bio and Salle Soleil a spot map', async () => {
    const ctx = { studioId: (await enso.services.studios.getPublicStudio('lumiere')).id, actor: { kind: 'system' }, clock: enso.clock, requestId: 't' } as never;

    const teachers = await enso.services.teachers.listTeachers(ctx);
    const paris = (await enso.services.studios.listLocations(ctx)).find((l) => l.timeZone === 'Europe/Paris')!;
    const rooms = await enso.services.studios.listRooms(ctx, paris.id);

    expect(teachers.filter((t) => t.bio !== '').map((t) => t.firstName).sort()).toEqual(['Inès', 'Tom']);
    expect(rooms.find((r) => r.name === 'Salle Soleil')?.spotCount).toBe(20);
  });

  it('sells plans and products, and has members who bought at the desk', async () => {
    const ctx = { studioId: (await enso.services.studios.getPublicStudio('lumiere')).id, actor: { kind: 'system' }, clock: enso.clock, requestId: 't' } as never;
    const customers = (await enso.services.customers.searchCustomers(ctx, { limit: 12 })).items;

    const publicPlans = await enso.services.plans.listPublicPlans('lumiere');
    const owned = (await Promise.all(customers.map((c) => enso.services.memberships.listForCustomer(ctx, c.id)))).flat();
    const products = await enso.services.products.listProducts(ctx, {});

    expect(publicPlans.slice(0, 3).every((p) => p.featured)).toBe(true);
    expect(publicPlans.map((p) => p.kind)).toEqual(expect.arrayContaining(['subscription_absolute', 'class_pack', 'intro_offer', 'dollar_pack']));
    expect(owned.length).toBeGreaterThanOrEqual(8);
    expect(owned.every((m) => m.status === 'active')).toBe(true);
    expect(owned.find((m) => m.planName === 'Carte 10 cours')?.creditsRemaining).toBe(10);
    expect(products.find((p) => p.name === 'Gourde inox')?.lowStock).toBe(true);
  });

  it('has members on the rosters of the coming classes, and yesterday\'s class checked in', async () => {
    const ctx = { studioId: (await enso.services.studios.getPublicStudio('lumiere')).id, actor: { kind: 'system' }, clock: enso.clock, requestId: 't' } as never;
    const classes = await enso.services.schedule.listOccurrences(ctx, { from: '2027-01-13T00:00:00Z', to: '2027-01-21T00:00:00Z', includeCancelled: 'false' });
    const rosters = await Promise.all(classes.map((o) => enso.services.roster.getRoster(ctx, o.id)));

    const upcoming = rosters.filter((r, i) => new Date(classes[i]!.startsAt).getTime() > Date.parse('2027-01-14T09:00:00Z') && r.counts.booked > 0);
    expect(upcoming.length).toBeGreaterThanOrEqual(3);
    expect(upcoming.every((r) => r.groups.booked.every((b) => b.paymentMethod === 'membership'))).toBe(true);
    expect(rosters.some((r) => r.counts.checked_in >= 3)).toBe(true);
  });
});
