import type { Ctx } from '../../../kernel/ctx.ts';
import type { Database, Tx } from '../../../platform/db/client.ts';
import { inStudioTx, withStudio } from '../../../platform/db/tx.ts';
import { publish } from '../../../platform/events/publish.ts';
import { parseOrThrow } from '../../../platform/validation.ts';
import type { CustomerDto } from '../contracts.ts';
import { familyRefusal, type FamilyMember, type FamilyRefusal } from '../domain/family.ts';
import { CustomersError, customerNotFound } from '../errors.ts';
import { customerEvent } from '../events.ts';
import { isRetired, ownProfileOrThrow, profileOrThrow } from '../self.ts';
import { toCustomerDto, type CustomersService } from '../service.ts';
import { addChildSchema, setParentSchema, updateChildSchema, type AddChild, type SetParent, type UpdateChild } from './contracts.ts';
import * as repo from './repo.ts';

export interface FamilyDeps {
  database: Database;
  customers: CustomersService;
}

const refusalMessages: Record<FamilyRefusal, string> = {
  child_cannot_have_children: 'This customer is someone’s child: a child cannot have children.',
  family_cycle: 'A parent cannot be their own child, nor their own child’s child.',
  already_a_child: 'This customer already has a parent.',
  parent_cannot_be_child: 'This customer has children of their own and cannot become a child.',
  customer_retired: 'This profile was deleted or merged into another one.',
};

const memberOf = (c: repo.CustomerRow): FamilyMember => ({ id: c.id, parentId: c.parentId, retired: isRetired(c) });

function assertFamily(parent: repo.CustomerRow, child?: repo.CustomerRow, childHasChildren = false) {
  const refusal = familyRefusal(memberOf(parent), child && memberOf(child), childHasChildren);
  if (refusal) throw new CustomersError(refusal, refusalMessages[refusal]);
}

/** The children of a parent (booking and waivers: "the parent books and signs for the child"). */
export async function childrenOf(tx: Tx, ctx: Ctx, parentId: string): Promise<CustomerDto[]> {
  return (await repo.listChildren(tx, ctx, parentId)).map(toCustomerDto);
}

/** True when `childId` is a child of `parentId` in the studio of `ctx`. */
export async function isParentOf(tx: Tx, ctx: Ctx, parentId: string, childId: string): Promise<boolean> {
  return repo.isChildOf(tx, ctx, parentId, childId);
}

export function createFamilyService(deps: FamilyDeps) {
  const { database, customers } = deps;

  /** Creates the child's profile (no email) linked to a parent already locked and checked. */
  async function addChildTo(tx: Tx, ctx: Ctx, parent: repo.CustomerRow, input: AddChild, source: 'dashboard' | 'signup') {
    assertFamily(parent);
    const child = await customers.createProfileIn(
      tx,
      ctx,
      {
        firstName: input.firstName,
        lastName: input.lastName || parent.lastName,
        ...(input.birthDate ? { birthDate: input.birthDate } : {}),
      },
      source,
      { parentId: parent.id },
    );
    await publish(tx, ctx, customerEvent('customer.child_added.v1', parent.id, { childId: child.id }));
    return child;
  }

  async function ownChildOrThrow(tx: Tx, ctx: Ctx, childId: string) {
    const parent = await ownProfileOrThrow(tx, ctx);
    // Another customer's child, or no child at all: the same answer, so ids reveal nothing.
    if (!(await repo.isChildOf(tx, ctx, parent.id, childId))) throw customerNotFound();
    return parent;
  }

  return {
    /** Staff list a customer's children. */
    async listChildren(ctx: Ctx, parentId: string): Promise<CustomerDto[]> {
      return withStudio(database, ctx.studioId, async (tx) => {
        await profileOrThrow(tx, ctx, parentId);
        return childrenOf(tx, ctx, parentId);
      });
    },

    /** Staff add a child to a customer: a new profile without email, linked to the parent. */
    async addChild(ctx: Ctx, parentId: string, input: AddChild, tx?: Tx): Promise<CustomerDto> {
      const values = parseOrThrow(addChildSchema, input);
      return inStudioTx(database, ctx.studioId, tx, async (t) => addChildTo(t, ctx, await profileOrThrow(t, ctx, parentId, { lock: true }), values, 'dashboard'));
    },

    /**
     * Staff make an existing profile someone's child (`parentId`) or no one's (null). Families
     * stay one level deep: see domain/family.ts for the refusals.
     */
    async setParent(ctx: Ctx, childId: string, input: SetParent): Promise<CustomerDto> {
      const { parentId } = parseOrThrow(setParentSchema, input);
      return withStudio(database, ctx.studioId, async (tx) => {
        // Both rows locked, in id order, so two opposite links can't both pass their checks.
        const ids = parentId === null ? [childId] : [childId, parentId].sort();
        const locked = new Map<string, repo.CustomerRow>();
        for (const id of ids) locked.set(id, await profileOrThrow(tx, ctx, id, { lock: true }));
        const child = locked.get(childId)!;
        if (child.parentId === parentId) return toCustomerDto(child);
        if (parentId === null) {
          await repo.setParent(tx, ctx, childId, null);
          await publish(tx, ctx, customerEvent('customer.child_removed.v1', child.parentId!, { childId }));
        } else {
          assertFamily(locked.get(parentId)!, child, await repo.hasChildren(tx, ctx, childId));
          await repo.setParent(tx, ctx, childId, parentId);
          await publish(tx, ctx, customerEvent('customer.child_added.v1', parentId, { childId }));
        }
        return toCustomerDto(await profileOrThrow(tx, ctx, childId));
      });
    },

    /** The signed-in customer's children. */
    async listOwnChildren(ctx: Ctx): Promise<CustomerDto[]> {
      return withStudio(database, ctx.studioId, async (tx) => childrenOf(tx, ctx, (await ownProfileOrThrow(tx, ctx)).id));
    },

    /** A customer adds a child on their account page. */
    async addOwnChild(ctx: Ctx, input: AddChild): Promise<CustomerDto> {
      const values = parseOrThrow(addChildSchema, input);
      return withStudio(database, ctx.studioId, async (tx) => addChildTo(tx, ctx, await ownProfileOrThrow(tx, ctx, { lock: true }), values, 'signup'));
    },

    /** A customer edits one of their children (name, birth date); anyone else's child is not found. */
    async updateOwnChild(ctx: Ctx, childId: string, input: UpdateChild): Promise<CustomerDto> {
      const values = parseOrThrow(updateChildSchema, input);
      return withStudio(database, ctx.studioId, async (tx) => {
        await ownChildOrThrow(tx, ctx, childId);
        return customers.updateProfileIn(tx, ctx, childId, values);
      });
    },
  };
}

export type FamilyService = ReturnType<typeof createFamilyService>;
