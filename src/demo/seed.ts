import { randomToken, type StudioId } from '../kernel/ids.ts';
import type { Ctx } from '../kernel/ctx.ts';
import { withSystem, withStudio } from '../platform/db/tx.ts';
import type { Enso } from '../app.ts';
import { demoCustomers, demoStudio } from './data.ts';
import { seedSchedule } from './schedule.ts';
import { seedShop } from './shop.ts';
import { seedBookings } from './bookings.ts';

export interface SeededStudio {
  studioId: StudioId;
  slug: string;
  adminEmail: string;
  adminPassword: string;
  /** Every demo staff account shares the admin's password, so each role can be tried. */
  staffEmails: string[];
}

export interface NewStudioInput {
  name: string;
  slug: string;
  currency: string;
  timeZone: string;
  defaultLocale: 'en' | 'fr';
  admin: { email: string; firstName: string; lastName: string; password?: string | undefined };
}

/** A studio and its first admin, in one transaction (`enso studio create`, demo seed, tests). */
export async function createStudioWithAdmin(enso: Enso, input: NewStudioInput) {
  const { studios, identity } = enso.services;
  const password = input.admin.password ?? generatePassword();
  const studio = await withSystem(enso.database, async (tx) => {
    const created = await studios.createStudio(tx, {
      name: input.name,
      slug: input.slug,
      currency: input.currency,
      timeZone: input.timeZone,
      defaultLocale: input.defaultLocale,
    });
    const ctx: Ctx = { studioId: created.id as StudioId, actor: { kind: 'system' }, clock: enso.clock, requestId: 'seed' };
    await identity.createStaffAccount(tx, ctx, { ...input.admin, role: 'admin', password, studioName: input.name });
    return created;
  });
  return { studio, adminPassword: password };
}

/** Four groups of four letters and digits: about 80 bits, easy to type once. */
export function generatePassword(): string {
  return randomToken(15).replace(/[-_]/g, 'x').match(/.{1,5}/g)!.slice(0, 4).join('-');
}

/** The demo studio of DESIGN: two locations in two zones, one account per role, and customers. */
export async function seedDemo(enso: Enso, options: { adminPassword?: string | undefined; customers?: number } = {}): Promise<SeededStudio> {
  const [admin, ...others] = demoStudio.staff;
  const { studio, adminPassword } = await createStudioWithAdmin(enso, {
    ...demoStudio,
    admin: { ...admin!, password: options.adminPassword },
  });
  const studioId = studio.id as StudioId;
  const ctx: Ctx = { studioId, actor: { kind: 'system' }, clock: enso.clock, requestId: 'seed' };
  const { studios, identity, customers } = enso.services;

  await withStudio(enso.database, studioId, async (tx) => {
    for (const { rooms, ...location } of demoStudio.locations) {
      const created = await studios.createLocation(ctx, location, tx);
      for (const room of rooms) await studios.createRoom(ctx, created.id, room, tx);
    }
    for (const member of others) {
      await identity.createStaffAccount(tx, ctx, { ...member, password: adminPassword, studioName: demoStudio.name });
    }
  });
  const people = demoCustomers(options.customers ?? demoStudio.customerCount);
  await customers.importCustomers(ctx, people);
  // The waivers a new studio would write first: the one accepted when booking, and the parents' one.
  await enso.services.waivers.createWaiver(ctx, {
    kind: 'customer',
    title: 'Décharge de responsabilité',
    body: 'Je pratique les cours du Studio Lumière à mes propres risques et je déclare être en état de le faire.\n\nJ’informe l’enseignant·e de toute blessure, grossesse ou contre-indication avant le cours.',
  });
  await enso.services.waivers.createWaiver(ctx, {
    kind: 'child',
    title: 'Autorisation parentale',
    body: 'J’autorise mon enfant à participer aux cours du Studio Lumière et je reste responsable de lui avant et après le cours.',
  });

  await seedCrm(enso, ctx);
  await seedSchedule(enso, ctx);
  await seedShop(enso, ctx);
  await seedBookings(enso, ctx);

  return {
    studioId,
    slug: studio.slug,
    adminEmail: admin!.email,
    adminPassword,
    staffEmails: demoStudio.staff.map((s) => s.email),
  };
}

/**
 * What a studio that has used Enso for a while has on its profiles: tags shown as badges, the
 * custom fields studios create first (birthday, injuries, how they heard of us), a few staff
 * notes and a saved segment. Customers are picked by position, so every seed looks the same.
 */
async function seedCrm(enso: Enso, ctx: Ctx): Promise<void> {
  const { customerTags, customerFields, customerNotes, customerSegments, customers } = enso.services;
  const vip = await customerTags.createTag(ctx, { name: 'VIP', color: 'grape', badge: true });
  const newcomer = await customerTags.createTag(ctx, { name: 'Nouvelle élève', color: 'teal', badge: true });
  await customerTags.createTag(ctx, { name: 'Prénatal', color: 'pink' });
  const birthday = await customerFields.createField(ctx, { label: 'Date d’anniversaire', kind: 'date', badge: 'on_date', badgeLabel: 'Anniversaire' });
  const injury = await customerFields.createField(ctx, {
    label: 'Blessures ou contre-indications',
    kind: 'text',
    badge: 'when_set',
    badgeLabel: 'Blessure',
    askAtCheckout: true,
  });
  const heardOf = await customerFields.createField(ctx, {
    label: 'Comment nous avez-vous connus ?',
    kind: 'choice',
    options: ['Bouche-à-oreille', 'Instagram', 'Passage devant le studio', 'Recherche en ligne'],
    askAtCheckout: true,
  });

  const everyone = (await customers.searchCustomers(ctx, { limit: 100 })).items;
  const injuries = ['Genou gauche fragile', 'Lombalgie chronique', 'Épaule droite opérée en 2024', 'Enceinte de 5 mois'];
  for (const [i, customer] of everyone.entries()) {
    if (i % 9 === 0) await customerTags.addCustomerTag(ctx, customer.id, { tagId: vip.id });
    if (i % 13 === 4) await customerTags.addCustomerTag(ctx, customer.id, { tagId: newcomer.id });
    const values: Record<string, string | null> = {};
    if (customer.birthDate) values[birthday.id] = customer.birthDate;
    if (i % 11 === 3) values[injury.id] = injuries[i % injuries.length]!;
    if (i % 3 === 1) values[heardOf.id] = heardOf.options[i % heardOf.options.length]!;
    if (Object.keys(values).length > 0) await customerFields.setCustomerAnswers(ctx, customer.id, { values });
  }
  const [first, second] = everyone;
  if (first) await customerNotes.addNote(ctx, first.id, { body: 'Préfère les cours du matin ; demande toujours un tapis épais.' });
  if (second) await customerNotes.addNote(ctx, second.id, { body: 'A offert une carte cadeau à sa sœur en décembre.' });
  await customerSegments.createSegment(ctx, { name: 'VIP', criteria: { match: 'all', rules: [{ type: 'tags', op: 'any', tagIds: [vip.id] }] } });
}
