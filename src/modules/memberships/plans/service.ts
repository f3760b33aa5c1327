import type { Ctx } from '../../../kernel/ctx.ts';
import type { StudioId } from '../../../kernel/ids.ts';
import type { Clock } from '../../../kernel/clock.ts';
import type { Database, Tx } from '../../../platform/db/client.ts';
import { withStudio } from '../../../platform/db/tx.ts';
import { parseOrThrow } from '../../../platform/validation.ts';
import type { StudiosService } from '../../studios/index.ts';
import { planInputSchema, type PlanDto, type PlanInput, type PublicPlanDto } from '../contracts.ts';
import { checkPlan } from '../domain/plan-rules.ts';
import { invalidPlan, planNotFound } from '../errors.ts';
import * as repo from './repo.ts';

export interface PlansDeps {
  database: Database;
  studios: Pick<StudiosService, 'getStudioSettings' | 'getPublicStudio'>;
  clock: Clock;
}

const iso = (d: Date) => d.toISOString();

export function toPlanDto(p: repo.PlanRow): PlanDto {
  return {
    id: p.id,
    name: p.name,
    description: p.description,
    kind: p.kind as PlanDto['kind'],
    intervalCount: p.intervalCount,
    intervalUnit: p.intervalUnit as PlanDto['intervalUnit'],
    specificStartDate: p.specificStartDate,
    specificEndDate: p.specificEndDate,
    expiryCount: p.expiryCount,
    expiryUnit: p.expiryUnit as PlanDto['expiryUnit'],
    priceMode: p.priceMode as PlanDto['priceMode'],
    priceMinor: p.priceMinor,
    priceMinMinor: p.priceMinMinor,
    priceMaxMinor: p.priceMaxMinor,
    currency: p.currency,
    taxRateBp: p.taxRateBp,
    creditsMode: p.creditsMode as PlanDto['creditsMode'],
    creditsCount: p.creditsCount,
    dollarCreditMinor: p.dollarCreditMinor,
    usableTemplateIds: p.usableTemplateIds,
    usableServiceIds: p.usableServiceIds,
    usableLocationIds: p.usableLocationIds,
    shareableWithChildren: p.shareableWithChildren,
    waiverRequired: p.waiverRequired,
    featured: p.featured,
    visibility: p.visibility as PlanDto['visibility'],
    customerCanFreeze: p.customerCanFreeze,
    customerCanCancel: p.customerCanCancel,
    archived: p.archivedAt !== null,
    createdAt: iso(p.createdAt),
    updatedAt: iso(p.updatedAt),
  };
}

function toPublicPlanDto(p: repo.PlanRow): PublicPlanDto {
  const { id, name, description, kind, intervalCount, intervalUnit, specificStartDate, specificEndDate, expiryCount, expiryUnit, priceMode, priceMinor, priceMinMinor, priceMaxMinor, currency, taxRateBp, creditsMode, creditsCount, dollarCreditMinor, shareableWithChildren, waiverRequired, featured } = toPlanDto(p);
  return { id, name, description, kind, intervalCount, intervalUnit, specificStartDate, specificEndDate, expiryCount, expiryUnit, priceMode, priceMinor, priceMinMinor, priceMaxMinor, currency, taxRateBp, creditsMode, creditsCount, dollarCreditMinor, shareableWithChildren, waiverRequired, featured };
}

/** Parses and checks a plan's fields (shape, then the rules of `domain/plan-rules.ts`). */
function valuesOf(input: unknown) {
  const values = parseOrThrow(planInputSchema, input);
  const errors = checkPlan(values);
  if (errors.length > 0) throw invalidPlan(errors);
  // Only the fields a kind uses are kept, so a plan never carries a stale interval or expiry.
  const renewing = values.kind === 'subscription_absolute' || values.kind === 'on_demand';
  return {
    ...values,
    intervalCount: renewing ? values.intervalCount : null,
    intervalUnit: renewing ? values.intervalUnit : null,
    specificStartDate: values.kind === 'subscription_specific' ? values.specificStartDate : null,
    specificEndDate: values.kind === 'subscription_specific' ? values.specificEndDate : null,
    dollarCreditMinor: values.kind === 'dollar_pack' ? values.dollarCreditMinor : null,
    priceMinMinor: values.priceMode === 'sliding' ? values.priceMinMinor : null,
    priceMaxMinor: values.priceMode === 'sliding' ? values.priceMaxMinor : null,
  };
}

export async function planOrThrow(tx: Tx, ctx: Ctx, id: string): Promise<repo.PlanRow> {
  const plan = await repo.findPlan(tx, ctx, id);
  if (!plan) throw planNotFound();
  return plan;
}

export function createPlansService(deps: PlansDeps) {
  const { database, studios, clock } = deps;
  return {
    async listPlans(ctx: Ctx, options: { archived?: boolean } = {}): Promise<PlanDto[]> {
      return withStudio(database, ctx.studioId, async (tx) => (await repo.listPlans(tx, ctx, { archived: options.archived ?? false })).map(toPlanDto));
    },

    async getPlan(ctx: Ctx, id: string): Promise<PlanDto> {
      return withStudio(database, ctx.studioId, async (tx) => toPlanDto(await planOrThrow(tx, ctx, id)));
    },

    /** A new plan in the studio's currency, after the plan rules. */
    async createPlan(ctx: Ctx, input: PlanInput): Promise<PlanDto> {
      const values = valuesOf(input);
      return withStudio(database, ctx.studioId, async (tx) => {
        const studio = await studios.getStudioSettings(ctx, tx);
        return toPlanDto(await repo.insertPlan(tx, ctx, { ...values, currency: studio.currency }));
      });
    },

    /** Replaces every setting of a plan; memberships already sold keep what they were sold with. */
    async updatePlan(ctx: Ctx, id: string, input: PlanInput): Promise<PlanDto> {
      const values = valuesOf(input);
      return withStudio(database, ctx.studioId, async (tx) => {
        await planOrThrow(tx, ctx, id);
        return toPlanDto(await repo.updatePlan(tx, ctx, id, values));
      });
    },

    /** An archived plan is no longer sold; memberships of it carry on. */
    async setPlanArchived(ctx: Ctx, id: string, archived: boolean): Promise<PlanDto> {
      return withStudio(database, ctx.studioId, async (tx) => {
        const plan = await planOrThrow(tx, ctx, id);
        if ((plan.archivedAt !== null) === archived) return toPlanDto(plan);
        return toPlanDto(await repo.updatePlan(tx, ctx, id, { archivedAt: archived ? ctx.clock.now() : null }));
      });
    },

    /** The plans customers may buy on the studio's pages: public and not archived, featured first. */
    async listPublicPlans(slug: string): Promise<PublicPlanDto[]> {
      const studio = await studios.getPublicStudio(slug);
      const ctx: Ctx = { studioId: studio.id as StudioId, actor: { kind: 'anonymous' }, clock, requestId: 'public-plans' };
      return withStudio(database, ctx.studioId, async (tx) => (await repo.listPlans(tx, ctx, { archived: false, publicOnly: true })).map(toPublicPlanDto));
    },
  };
}

export type PlansService = ReturnType<typeof createPlansService>;
