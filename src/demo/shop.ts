import type { Enso } from '../app.ts';
import type { Ctx } from '../kernel/ctx.ts';
import { addDays, localDateOf } from '../kernel/time.ts';
import type { PlanInput } from '../modules/memberships/index.ts';

/**
 * What the demo studio sells: the plans a yoga studio in Paris offers (an unlimited monthly
 * subscription, class packs, an intro offer, a winter term, prepaid credit, on-demand videos and a
 * pay-what-you-can pack), a few retail products (one of them running low), a welcome discount code,
 * and members who bought at the desk — so the point of sale, the profiles and the customer pages
 * have something to show. Prices are in euro cents, before tax.
 */
export async function seedShop(enso: Enso, ctx: Ctx): Promise<void> {
  const { plans, products, discountCodes, memberships, customers } = enso.services;
  const today = localDateOf(ctx.clock.now(), 'Europe/Paris');

  const planInputs: PlanInput[] = [
    {
      name: 'Illimité mensuel',
      description: 'Tous les cours, autant que vous voulez. Renouvelé chaque mois à la même date ; gelable et résiliable en ligne.',
      kind: 'subscription_absolute',
      intervalCount: 1,
      intervalUnit: 'month',
      priceMinor: 9_900,
      creditsMode: 'unlimited',
      featured: true,
      customerCanFreeze: true,
      customerCanCancel: true,
      waiverRequired: true,
    },
    {
      name: 'Carte 10 cours',
      description: 'Dix cours à utiliser en six mois, dans les deux studios.',
      kind: 'class_pack',
      priceMinor: 15_000,
      creditsMode: 'total',
      creditsCount: 10,
      expiryCount: 6,
      expiryUnit: 'month',
      featured: true,
    },
    {
      name: 'Découverte — 2 semaines',
      description: 'Pour votre première venue : cinq cours pendant quatorze jours.',
      kind: 'intro_offer',
      priceMinor: 3_500,
      creditsMode: 'total',
      creditsCount: 5,
      expiryCount: 14,
      expiryUnit: 'day',
      featured: true,
    },
    {
      name: 'Carte 5 cours — prix libre',
      description: 'Payez ce qui vous semble juste entre 50 € et 90 €.',
      kind: 'class_pack',
      priceMode: 'sliding',
      priceMinor: 7_000,
      priceMinMinor: 5_000,
      priceMaxMinor: 9_000,
      creditsMode: 'total',
      creditsCount: 5,
      expiryCount: 3,
      expiryUnit: 'month',
    },
    {
      name: 'Trimestre d’hiver',
      description: 'Trois mois, vingt-six cours : deux par semaine.',
      kind: 'subscription_specific',
      specificStartDate: addDays(today, -1),
      specificEndDate: addDays(today, 90),
      priceMinor: 26_000,
      creditsMode: 'total',
      creditsCount: 26,
    },
    {
      name: 'Crédit prépayé 50 €',
      description: '50 € de crédit pour 45 € : cours à l’unité, produits et cartes cadeaux.',
      kind: 'dollar_pack',
      priceMinor: 4_500,
      creditsMode: 'unlimited',
      dollarCreditMinor: 5_000,
    },
    {
      name: 'Yoga à la demande',
      description: 'Toute la vidéothèque en ligne, chaque mois.',
      kind: 'on_demand',
      intervalCount: 1,
      intervalUnit: 'month',
      priceMinor: 1_500,
      creditsMode: 'unlimited',
      customerCanCancel: true,
    },
  ];
  const created = [];
  for (const input of planInputs) created.push(await plans.createPlan(ctx, input));
  const [monthly, tenPack, intro] = created;

  await products.createProduct(ctx, {
    name: 'Tapis de yoga Lumière',
    description: 'Caoutchouc naturel, 4 mm.',
    sku: 'TAPIS-4MM',
    priceMinor: 5_000,
    taxRateBp: 2_000,
    trackStock: true,
    initialStock: 12,
    lowStockThreshold: 3,
  });
  await products.createProduct(ctx, {
    name: 'Gourde inox',
    sku: 'GOURDE-50',
    priceMinor: 1_800,
    taxRateBp: 2_000,
    trackStock: true,
    initialStock: 2,
    lowStockThreshold: 5,
  });
  await products.createProduct(ctx, { name: 'Location de serviette', priceMinor: 200, taxRateBp: 2_000 });

  await discountCodes.createCode(ctx, {
    code: 'BIENVENUE10',
    kind: 'percent',
    percentBp: 1_000,
    description: '10 % sur le premier abonnement ou la première carte.',
    maxUsesPerCustomer: 1,
    planIds: [monthly!.id, tenPack!.id],
  });

  // Members who bought at the desk: paid in cash, so the demo needs no card processor.
  const everyone = (await customers.searchCustomers(ctx, { limit: 24 })).items;
  for (const [i, customer] of everyone.entries()) {
    const plan = i % 3 === 0 ? monthly : i % 3 === 1 ? tenPack : i % 6 === 2 ? intro : null;
    if (!plan) continue;
    await memberships.sell(ctx, { customerId: customer.id, planId: plan.id, method: 'cash' }, `demo-sale-${customer.id}`);
  }
}
