import type { Ctx } from '../../../kernel/ctx.ts';
import type { UserId } from '../../../kernel/ids.ts';
import type { Database, Tx } from '../../../platform/db/client.ts';
import { withStudio } from '../../../platform/db/tx.ts';
import { publish } from '../../../platform/events/publish.ts';
import { parseOrThrow } from '../../../platform/validation.ts';
import type { Storage } from '../../../platform/storage/index.ts';
import type { IdentityService } from '../../identity/index.ts';
import type { StudiosService } from '../../studios/index.ts';
import type { CustomerDataOwner } from '../data-owners.ts';
import {
  mergedMembershipStatus,
  mergedOptOut,
  mergedParentId,
  mergeProfiles,
  mergeRefusal,
  type MembershipStatus,
  type MergeChoices,
  type MergeParty,
  type MergeRefusal,
} from '../domain/merge.ts';
import type { Profile } from '../domain/profile.ts';
import { searchColumns } from '../domain/search.ts';
import { CustomersError, customerNotFound } from '../errors.ts';
import { customerEvent } from '../events.ts';
import { findCustomer, mergedProfileIds, type CustomerRow } from '../repo.ts';
import type { CustomersService } from '../service.ts';
import {
  mergeCustomersSchema,
  type DeletePreviewDto,
  type DeleteResultDto,
  type MergeCustomers,
  type MergePreviewDto,
  type MergeResultDto,
  type PrivacyExportDto,
} from './contracts.ts';
import * as repo from './repo.ts';
import { profileOrThrow } from '../self.ts';

export interface RecordsDeps {
  database: Database;
  storage: Storage;
  identity: IdentityService;
  studios: StudiosService;
  customers: CustomersService;
}

/** The name an anonymised profile keeps: the row stays for bookings and payments, the person is gone. */
export const anonymizedFirstName = 'Deleted customer';

/**
 * Which privacy-export section covers each of the customers module's tables that hold a
 * `customer_id` (a test reads the database catalogue and fails for a table missing here).
 */
export const privacyExportCoverage = {
  customer_tag_links: 'tags',
  customer_field_values: 'customFields',
  customer_notes: 'notes',
  customer_documents: 'documents',
} as const satisfies Record<string, keyof PrivacyExportDto>;

const refusalMessages: Record<MergeRefusal, string> = {
  merge_into_self: 'A profile cannot be merged into itself.',
  merge_into_retired: 'One of these profiles was already merged or deleted.',
  merge_parent_into_child: 'A parent cannot be merged into their own child: merge the child into the parent instead.',
  merge_family_conflict: "The duplicate's children cannot move to a profile that is itself someone's child.",
};

const profileOf = (c: CustomerRow): Profile => ({
  firstName: c.firstName,
  lastName: c.lastName,
  email: c.email,
  phone: c.phone,
  birthDate: c.birthDate,
  locale: c.locale as Profile['locale'],
});

const emailRequired = () =>
  new CustomersError('email_required', 'The merged profile signs in with an email: keep one of the two emails.', [
    { path: 'keep.email', message: 'A customer with an account needs an email.' },
  ]);

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function createRecordsService(deps: RecordsDeps) {
  const { database, storage, identity, studios, customers } = deps;
  const owners = (): readonly CustomerDataOwner[] => customers.dataOwners();

  async function partyOf(tx: Tx, ctx: Ctx, c: CustomerRow): Promise<MergeParty> {
    return { id: c.id, parentId: c.parentId, retired: c.mergedIntoId !== null || c.anonymizedAt !== null, hasChildren: await repo.hasChildren(tx, ctx, c.id) };
  }

  /** Loads (and locks, when merging) both profiles and refuses a merge the rules forbid. */
  async function loadPair(tx: Tx, ctx: Ctx, intoId: string, fromId: string, lock: boolean) {
    const rows = lock ? await repo.lockCustomers(tx, ctx, [intoId, fromId]) : undefined;
    const survivor = rows ? rows.get(intoId) : await findCustomer(tx, ctx, intoId);
    const duplicate = rows ? rows.get(fromId) : await findCustomer(tx, ctx, fromId);
    if (!survivor || !duplicate) throw customerNotFound();
    const refusal = mergeRefusal(await partyOf(tx, ctx, survivor), await partyOf(tx, ctx, duplicate));
    if (refusal) throw new CustomersError(refusal, refusalMessages[refusal]);
    return { survivor, duplicate };
  }

  const loginPlan = (survivor: CustomerRow, duplicate: CustomerRow): MergePreviewDto['login'] => {
    if (survivor.userId && duplicate.userId) return 'duplicate_ended';
    if (duplicate.userId) return 'duplicate_moves';
    return survivor.userId ? 'survivor' : 'none';
  };

  /** Why deleting the profile (with the profiles merged into it) must keep an anonymised row, if it must. */
  async function historyReasons(tx: Tx, ctx: Ctx, ids: readonly string[]): Promise<string[]> {
    const reasons: string[] = [];
    for (const id of ids) if (await repo.hasChildren(tx, ctx, id)) reasons.push('children');
    if (await repo.hasReferrals(tx, ctx, ids)) reasons.push('referrals');
    for (const owner of owners()) {
      for (const id of ids) {
        if (await owner.hasHistory(tx, ctx, id)) {
          reasons.push(`history:${owner.name}`);
          break;
        }
      }
    }
    return [...new Set(reasons)];
  }

  return {
    /** What merging `fromId` into `intoId` would move and which profile values it would keep; changes nothing. */
    async previewMerge(ctx: Ctx, intoId: string, fromId: string, choices: MergeChoices = {}): Promise<MergePreviewDto> {
      return withStudio(database, ctx.studioId, async (tx) => {
        const { survivor, duplicate } = await loadPair(tx, ctx, intoId, fromId, false);
        const moves = await repo.countOwnRows(tx, ctx, duplicate.id, await mergedProfileIds(tx, ctx, duplicate.id));
        const ownerCounts: MergePreviewDto['owners'] = {};
        for (const owner of owners()) ownerCounts[owner.name] = await owner.count(tx, ctx, duplicate.id);
        return {
          survivor: await customers.getCustomer(ctx, survivor.id, tx),
          duplicate: await customers.getCustomer(ctx, duplicate.id, tx),
          fields: mergeProfiles(profileOf(survivor), profileOf(duplicate), choices).fields,
          moves,
          owners: ownerCounts,
          login: loginPlan(survivor, duplicate),
        };
      });
    },

    /**
     * Merges the duplicate `fromId` into `intoId` in one transaction: every note, document, tag,
     * custom-field answer, child, referral and every data owner's rows move to the survivor; the
     * profile keeps the chosen values; logins are reconciled; the duplicate is archived with
     * `merged_into_id` and its email freed. The survivor's activity then shows the duplicate's past.
     */
    async mergeCustomers(ctx: Ctx, intoId: string, input: MergeCustomers): Promise<MergeResultDto> {
      const { fromId, keep } = parseOrThrow(mergeCustomersSchema, input);
      return withStudio(database, ctx.studioId, async (tx) => {
        const { survivor, duplicate } = await loadPair(tx, ctx, intoId, fromId, true);
        const merged = mergeProfiles(profileOf(survivor), profileOf(duplicate), keep ?? {});
        const login = loginPlan(survivor, duplicate);
        const survivorUserId = survivor.userId ?? duplicate.userId;
        if (survivorUserId && merged.profile.email === null) throw emailRequired();
        const parentId = mergedParentId(await partyOf(tx, ctx, survivor), await partyOf(tx, ctx, duplicate));

        await repo.moveOwnRows(tx, ctx, duplicate.id, survivor.id);
        for (const owner of owners()) await owner.move(tx, ctx, duplicate.id, survivor.id);

        // The duplicate lets go of what must be unique (email, login, referral code) before the survivor takes it.
        const now = ctx.clock.now();
        await repo.updateCustomers(tx, ctx, [duplicate.id], {
          email: null,
          searchEmail: '',
          referralCode: null,
          parentId: null,
          mergedIntoId: survivor.id,
          archivedAt: now,
          ...(login === 'duplicate_moves' ? { userId: null } : {}),
        });
        if (login === 'duplicate_ended') await identity.endCustomerLogin(tx, ctx, duplicate.userId as UserId, { forget: false });
        if (survivorUserId && merged.profile.email) await identity.changeAccountEmail(tx, ctx, survivorUserId as UserId, merged.profile.email);

        await repo.updateCustomers(tx, ctx, [survivor.id], {
          ...merged.profile,
          ...searchColumns(merged.profile),
          userId: survivorUserId,
          parentId,
          referralCode: survivor.referralCode ?? duplicate.referralCode,
          referredById: survivor.referredById ?? (duplicate.referredById === survivor.id ? null : duplicate.referredById),
          visitCount: survivor.visitCount + duplicate.visitCount,
          lastVisitAt:
            survivor.lastVisitAt && duplicate.lastVisitAt
              ? new Date(Math.max(survivor.lastVisitAt.getTime(), duplicate.lastVisitAt.getTime()))
              : (survivor.lastVisitAt ?? duplicate.lastVisitAt),
          membershipStatus: mergedMembershipStatus(survivor.membershipStatus as MembershipStatus, duplicate.membershipStatus as MembershipStatus),
          emailMarketingOptOutAt: mergedOptOut(survivor.emailMarketingOptOutAt, duplicate.emailMarketingOptOutAt),
          emailTransactionalOptOutAt: mergedOptOut(survivor.emailTransactionalOptOutAt, duplicate.emailTransactionalOptOutAt),
          smsMarketingOptOutAt: mergedOptOut(survivor.smsMarketingOptOutAt, duplicate.smsMarketingOptOutAt),
          smsStoppedAt: mergedOptOut(survivor.smsStoppedAt, duplicate.smsStoppedAt),
        });
        await publish(tx, ctx, customerEvent('customer.merged.v1', survivor.id, { fromId: duplicate.id }));
        return { customer: await customers.getCustomer(ctx, survivor.id, tx), fromId: duplicate.id };
      });
    },

    /** Whether deleting the customer would anonymise (history to keep) or erase them, and why. */
    async previewDelete(ctx: Ctx, customerId: string): Promise<DeletePreviewDto> {
      return withStudio(database, ctx.studioId, async (tx) => {
        const customer = await profileOrThrow(tx, ctx, customerId);
        if (customer.mergedIntoId !== null || customer.anonymizedAt !== null) throw customerNotFound();
        const reasons = await historyReasons(tx, ctx, await mergedProfileIds(tx, ctx, customerId));
        return { outcome: reasons.length > 0 ? 'anonymize' : 'erase', reasons };
      });
    },

    /**
     * Deletes a customer (with the duplicates merged into them). With history that must outlive
     * them (a data owner's, children, referrals made) the rows stay, anonymised: names become
     * "Deleted customer", contact details and everything the customers module kept about them
     * go, each data owner erases what it can, the login ends. Otherwise every row goes.
     * Stored files are removed once the transaction has committed.
     */
    async deleteCustomer(ctx: Ctx, customerId: string): Promise<DeleteResultDto> {
      const { outcome, keys } = await withStudio(database, ctx.studioId, async (tx) => {
        const customer = await profileOrThrow(tx, ctx, customerId, { lock: true });
        if (customer.mergedIntoId !== null || customer.anonymizedAt !== null) throw customerNotFound();
        const ids = await mergedProfileIds(tx, ctx, customerId);
        const rows = [...(await repo.lockCustomers(tx, ctx, ids)).values()];
        const anonymize = (await historyReasons(tx, ctx, ids)).length > 0;

        for (const owner of owners()) for (const id of ids) await owner.erase(tx, ctx, id);
        const storageKeys = await repo.deleteOwnRows(tx, ctx, ids);
        for (const row of rows) if (row.userId) await identity.endCustomerLogin(tx, ctx, row.userId as UserId, { forget: true });

        if (anonymize) {
          const blank: Profile = { firstName: anonymizedFirstName, lastName: '', email: null, phone: null, birthDate: null, locale: null };
          const now = ctx.clock.now();
          await repo.updateCustomers(tx, ctx, ids, {
            ...blank,
            ...searchColumns(blank),
            userId: null,
            parentId: null,
            referralCode: null,
            archivedAt: now,
            anonymizedAt: now,
          });
          await publish(tx, ctx, customerEvent('customer.anonymized.v1', customerId, {}));
        } else {
          // Duplicates first: their merged_into_id points at the profile.
          await repo.deleteCustomers(tx, ctx, ids.slice(1));
          await repo.deleteCustomers(tx, ctx, [customerId]);
          await publish(tx, ctx, customerEvent('customer.deleted.v1', customerId, {}));
        }
        return { outcome: anonymize ? ('anonymized' as const) : ('deleted' as const), keys: storageKeys };
      });
      for (const key of keys) await storage.delete(key);
      return { outcome };
    },

    /** Everything held about the customer (and the profiles merged into them), for a right-of-access request. */
    async exportCustomerData(ctx: Ctx, customerId: string): Promise<PrivacyExportDto> {
      return withStudio(database, ctx.studioId, async (tx) => {
        const customer = await profileOrThrow(tx, ctx, customerId);
        const studio = await studios.getStudio(ctx, tx);
        const ids = await mergedProfileIds(tx, ctx, customerId);
        const login = customer.userId ? await identity.describeCustomerLogin(tx, ctx, customer.userId as UserId) : undefined;
        const modules: Record<string, unknown> = {};
        for (const owner of owners()) modules[owner.name] = await owner.exportFor(tx, ctx, customerId);
        const dto = await customers.getCustomer(ctx, customerId, tx);
        return {
          format: 'enso.customer-export.v1' as const,
          exportedAt: ctx.clock.now().toISOString(),
          studio: { id: studio.id, name: studio.name },
          profile: { ...dto, updatedAt: customer.updatedAt.toISOString(), referralCode: customer.referralCode },
          login: login
            ? { email: login.email, status: login.status, locale: login.locale, createdAt: iso(login.createdAt), lastSignInAt: iso(login.lastSignInAt) }
            : null,
          tags: (await repo.exportTags(tx, ctx, customerId)).map((t) => ({ ...t, taggedAt: iso(t.taggedAt) })),
          customFields: (await repo.exportFieldValues(tx, ctx, customerId)).map((f) => ({ ...f, updatedAt: iso(f.updatedAt) })),
          notes: (await repo.exportNotes(tx, ctx, customerId)).map((x) => ({ ...x, createdAt: iso(x.createdAt), updatedAt: iso(x.updatedAt) })),
          documents: (await repo.exportDocuments(tx, ctx, customerId)).map((d) => ({ ...d, createdAt: iso(d.createdAt) })),
          children: (await repo.exportRelated(tx, ctx, 'parentId', customerId)).map((c) => ({ ...c, createdAt: iso(c.createdAt) })),
          referrals: (await repo.exportRelated(tx, ctx, 'referredById', customerId)).map((c) => ({ ...c, createdAt: iso(c.createdAt) })),
          mergedProfiles: (await repo.listMergedProfiles(tx, ctx, customerId)).map((m) => ({
            id: m.id,
            ...profileOf(m),
            createdAt: iso(m.createdAt),
            mergedAt: iso(m.archivedAt),
          })),
          activity: (await repo.exportEvents(tx, ctx, ids)).map((e) => ({ ...e, occurredAt: iso(e.occurredAt) })),
          modules,
        };
      });
    },
  };
}

export type RecordsService = ReturnType<typeof createRecordsService>;
