import type { z } from 'zod';
import { systemClock, type Clock } from '../../kernel/clock.ts';
import type { Ctx } from '../../kernel/ctx.ts';
import { DomainError, type FieldError } from '../../kernel/errors.ts';
import { newId, type UserId } from '../../kernel/ids.ts';
import type { Database, Tx } from '../../platform/db/client.ts';
import { inStudioTx, planForValues, withStudio } from '../../platform/db/tx.ts';
import { publish } from '../../platform/events/publish.ts';
import { parseOrThrow } from '../../platform/validation.ts';
import type { IdentityService, RequestMeta } from '../identity/index.ts';
import type { StudiosService } from '../studios/index.ts';
import {
  createCustomerSchema,
  customerSignupSchema,
  updateCustomerSchema,
  updateOwnProfileSchema,
  type ActivityItemDto,
  type CreateCustomer,
  type CustomerDto,
  type UpdateCustomer,
  type UpdateOwnProfile,
} from './contracts.ts';
import { decodeCursor, encodeCursor } from './domain/cursor.ts';
import { changedFields, toProfilePatch, type Profile, type ProfileInput } from './domain/profile.ts';
import { parseSearchQuery, searchColumns, type SearchTerm } from './domain/search.ts';
import { CustomersError, emailTaken, invalidCursor } from './errors.ts';
import { customerEvent, type CustomerSource } from './events.ts';
import * as repo from './repo.ts';
import { ownProfileOrThrow, profileOrThrow } from './self.ts';
import { createDataOwnerRegistry, type CustomerDataOwner } from './data-owners.ts';
import { referrerForSignup } from './referrals/signup.ts';

/** Links a new profile may carry from the start: a child's parent. */
export interface ProfileLinks {
  parentId?: string;
}

export interface CustomersDeps {
  database: Database;
  studios: StudiosService;
  identity: IdentityService;
  /** "Now" for sign-ups, which have no caller ctx yet; defaults to the system clock. */
  clock?: Clock;
}

export interface CustomerPage {
  items: CustomerDto[];
  nextCursor: string | null;
  /** Set on a first page when the matches number at most `totalCap`. */
  total?: number;
}

export interface ActivityPage {
  items: ActivityItemDto[];
  nextCursor: string | null;
}

export interface SearchQuery {
  q?: string | undefined;
  cursor?: string | undefined;
  limit?: number | undefined;
}

export interface PageQuery {
  cursor?: string | undefined;
  limit?: number | undefined;
}

/** A signed-in customer: their profile and the session to put in their cookie. */
export interface CustomerSignedIn {
  customer: CustomerDto;
  session: { token: string; expiresAt: Date };
}

/** Signed in at once, or (for an email the studio already knows) asked to confirm from the inbox. */
export type CustomerSignUpResult = CustomerSignedIn | { confirmEmail: true };

export interface SignInMeta extends RequestMeta {
  requestId?: string | undefined;
}

/** One row of an import; null and absent fields are empty. */
export interface ImportRow {
  firstName: string;
  lastName?: string | null | undefined;
  email?: string | null | undefined;
  phone?: string | null | undefined;
  birthDate?: string | null | undefined;
  locale?: 'en' | 'fr' | null | undefined;
}

export interface ImportResult {
  created: number;
  /** Rows left out, by index in the input: their email belongs to another customer (or to an earlier row). */
  skipped: { row: number; reason: 'email_taken' }[];
}

/** A page of search results; `remaining` is the number of matches from the cursor on, when known for free. */
interface FoundPage {
  rows: repo.CustomerRow[];
  remaining?: number;
  /** False for a dense term, whose exact count would cost more than the page. */
  countable: boolean;
}

/** Counting stops here: beyond it a list shows no total rather than pay for an exact one. */
export const totalCap = 1_000;
const defaultLimit = 50;
const maxLimit = 100;
const importChunk = 500;

const clampLimit = (limit: number | undefined) => Math.min(Math.max(Math.trunc(limit ?? defaultLimit), 1), maxLimit);


const toActivityDto = (e: repo.ActivityRow): ActivityItemDto => ({
  id: e.id,
  type: e.type,
  occurredAt: e.occurredAt.toISOString(),
  actorKind: e.actorKind,
  actorName: e.actorName,
  payload: e.payload,
});

const profileOf = (c: repo.CustomerRow): Profile => ({
  firstName: c.firstName,
  lastName: c.lastName,
  email: c.email,
  phone: c.phone,
  birthDate: c.birthDate,
  locale: c.locale as Profile['locale'],
});

export const toCustomerDto = (c: repo.CustomerRow): CustomerDto => ({
  id: c.id,
  ...profileOf(c),
  hasAccount: c.userId !== null,
  source: c.source as CustomerDto['source'],
  parentId: c.parentId,
  referredById: c.referredById,
  visitCount: c.visitCount,
  lastVisitAt: c.lastVisitAt?.toISOString() ?? null,
  membershipStatus: c.membershipStatus as CustomerDto['membershipStatus'],
  subscriptions: {
    emailMarketing: c.emailMarketingOptOutAt === null,
    emailTransactional: c.emailTransactionalOptOutAt === null,
    smsMarketing: c.smsMarketingOptOutAt === null && c.smsStoppedAt === null,
    sms: c.smsStoppedAt === null,
  },
  anonymized: c.anonymizedAt !== null,
  createdAt: c.createdAt.toISOString(),
});

/** A new profile from a create input: absent fields are empty. */
const newProfile = (input: ProfileInput & { firstName: string }): Profile => ({
  firstName: '',
  lastName: '',
  email: null,
  phone: null,
  birthDate: null,
  locale: null,
  ...toProfilePatch(input),
});

function nameCursorKey(cursor: string | undefined): repo.NameKey | null {
  if (cursor === undefined || cursor === '') return null;
  const key = decodeCursor(cursor, 3);
  if (!key) throw invalidCursor();
  const [searchLast, searchFirst, id] = key as [string, string, string];
  return { searchLast, searchFirst, id };
}

function eventCursorKey(cursor: string | undefined): repo.EventKey | null {
  if (cursor === undefined || cursor === '') return null;
  const key = decodeCursor(cursor, 2);
  const occurredAt = key ? new Date(key[0]!) : null;
  if (!key || !occurredAt || Number.isNaN(occurredAt.getTime()) || occurredAt.toISOString() !== key[0]) throw invalidCursor();
  return { occurredAt, id: key[1]! };
}

const emailRequired = () =>
  new CustomersError('email_required', 'This customer signs in with their email: it cannot be removed.', [
    { path: 'email', message: 'A customer with an account needs an email.' },
  ]);

export function createCustomersService(deps: CustomersDeps) {
  const { database, studios, identity } = deps;
  const clock = deps.clock ?? systemClock;
  const dataOwners = createDataOwnerRegistry();


  async function assertEmailFree(tx: Tx, ctx: Ctx, email: string | null, exceptId?: string) {
    if (email === null) return;
    const other = await repo.findCustomerByEmail(tx, ctx, email);
    if (other && other.id !== exceptId) throw emailTaken();
  }

  /** Inserts new profiles; the unique email index (when present) backs up the check made before. */
  async function insertProfiles(tx: Tx, rows: repo.NewCustomerRow[]) {
    try {
      await repo.insertCustomers(tx, rows);
    } catch (err) {
      if (repo.isEmailKeyViolation(err)) throw emailTaken();
      throw err;
    }
  }

  const rowFor = (ctx: Ctx, id: string, profile: Profile, source: CustomerSource, userId: string | null = null): repo.NewCustomerRow => {
    const now = ctx.clock.now();
    return { studioId: ctx.studioId, id, userId, ...profile, ...searchColumns(profile), source, createdAt: now, updatedAt: now };
  };

  async function createProfile(tx: Tx, ctx: Ctx, profile: Profile, source: CustomerSource, links: ProfileLinks = {}) {
    await assertEmailFree(tx, ctx, profile.email);
    const id = newId('customer');
    await insertProfiles(tx, [{ ...rowFor(ctx, id, profile, source), ...links }]);
    await publish(tx, ctx, customerEvent('customer.created.v1', id, { source }));
    return id;
  }

  /** Applies an edit; only fields whose value changes are written and named in `customer.updated.v1`. */
  async function applyEdit(tx: Tx, ctx: Ctx, before: repo.CustomerRow, input: ProfileInput) {
    const patch = toProfilePatch(input);
    const changed = changedFields(profileOf(before), patch);
    if (changed.length === 0) return before;
    const after: Profile = { ...profileOf(before), ...patch };
    if (changed.includes('email')) {
      await assertEmailFree(tx, ctx, after.email, before.id);
      if (before.userId) {
        if (after.email === null) throw emailRequired();
        await identity.changeAccountEmail(tx, ctx, before.userId as UserId, after.email);
      }
    }
    try {
      await repo.updateCustomer(tx, ctx, before.id, { ...after, ...searchColumns(after) });
    } catch (err) {
      if (repo.isEmailKeyViolation(err)) throw emailTaken();
      throw err;
    }
    await publish(tx, ctx, customerEvent('customer.updated.v1', before.id, { changed }));
    return profileOrThrow(tx, ctx, before.id);
  }

  /**
   * The next `limit` matches in name order, and how many matches remain when that is known
   * cheaply (see repo.probeCustomers for the two query shapes).
   */
  async function findPage(tx: Tx, ctx: Ctx, terms: SearchTerm[], after: repo.NameKey | null, limit: number): Promise<FoundPage> {
    // Later pages need no total: listing everyone is then a plain walk of the name order index.
    if (terms.length === 0 && after) return { rows: await repo.listCustomers(tx, ctx, after, limit), countable: false };
    const probe = await repo.probeCustomers(tx, ctx, terms, after, limit);
    if (probe.exhaustive) return { rows: probe.rows, remaining: probe.matched, countable: true };
    // A dense term: counting its thousands of matches would cost more than the page.
    if (probe.rows.length === limit) return { rows: probe.rows, countable: false };
    return { rows: await repo.sortMatches(tx, ctx, terms, after, limit), countable: true };
  }

  return {
    /** Another module declares the rows it keeps about customers (merge, delete, privacy export cover them). */
    registerDataOwner(owner: CustomerDataOwner): void {
      dataOwners.register(owner);
    },

    /**
     * A new profile inside the caller's transaction, for the module's own areas (family: a child
     * linked to its parent). Same rules and customer.created.v1 as `createCustomer`.
     */
    async createProfileIn(tx: Tx, ctx: Ctx, input: CreateCustomer, source: CustomerSource, links: ProfileLinks = {}): Promise<CustomerDto> {
      const values = parseOrThrow(createCustomerSchema, input);
      const id = await createProfile(tx, ctx, newProfile(values), source, links);
      return toCustomerDto(await profileOrThrow(tx, ctx, id));
    },

    /** An edit inside the caller's transaction (a parent editing their child); same rules as `updateCustomer`. */
    async updateProfileIn(tx: Tx, ctx: Ctx, id: string, input: UpdateCustomer): Promise<CustomerDto> {
      const values = parseOrThrow(updateCustomerSchema, input);
      return toCustomerDto(await applyEdit(tx, ctx, await profileOrThrow(tx, ctx, id, { lock: true }), values));
    },

    /** The registered owners of customer data, for merge, delete and export. */
    dataOwners(): readonly CustomerDataOwner[] {
      return dataOwners.list();
    },

    /** Staff add a customer. Emails are unique per studio (409 email_taken); an empty one is none. */
    async createCustomer(ctx: Ctx, input: CreateCustomer, tx?: Tx): Promise<CustomerDto> {
      const values = parseOrThrow(createCustomerSchema, input);
      return inStudioTx(database, ctx.studioId, tx, async (t) => {
        const id = await createProfile(t, ctx, newProfile(values), 'dashboard');
        return toCustomerDto(await profileOrThrow(t, ctx, id));
      });
    },

    async getCustomer(ctx: Ctx, id: string, tx?: Tx): Promise<CustomerDto> {
      return inStudioTx(database, ctx.studioId, tx, async (t) => toCustomerDto(await profileOrThrow(t, ctx, id)));
    },

    /** Staff edit a profile. Changing the email of a customer with an account changes their sign-in email too. */
    async updateCustomer(ctx: Ctx, id: string, input: UpdateCustomer): Promise<CustomerDto> {
      const values = parseOrThrow(updateCustomerSchema, input);
      return withStudio(database, ctx.studioId, async (tx) => toCustomerDto(await applyEdit(tx, ctx, await profileOrThrow(tx, ctx, id, { lock: true }), values)));
    },

    /**
     * Every term of `q` must start the first name, last name, email or phone digits; results
     * in (last name, first name) order, keyset-paginated. `total` comes with the first page only.
     */
    async searchCustomers(ctx: Ctx, query: SearchQuery): Promise<CustomerPage> {
      const terms = parseSearchQuery(query.q ?? '');
      const after = nameCursorKey(query.cursor);
      const limit = clampLimit(query.limit);
      return withStudio(database, ctx.studioId, async (tx) => {
        // A prefix's best plan depends on the prefix: never a generic plan here (ADR 0009).
        await planForValues(tx);
        const found = await findPage(tx, ctx, terms, after, limit + 1);
        const page = found.rows.slice(0, limit);
        const last = page.at(-1);
        const more = found.rows.length > limit && last !== undefined;
        const nextCursor = more ? encodeCursor([last.searchLast, last.searchFirst, last.id]) : null;
        const total =
          after || !found.countable
            ? undefined
            : (found.remaining ?? (more ? await repo.countCustomers(tx, ctx, terms, totalCap) : page.length));
        return { items: page.map(toCustomerDto), nextCursor, ...(total !== undefined && total <= totalCap ? { total } : {}) };
      });
    },

    /** The customer's activity feed: events whose subject is the customer, newest first. */
    async listActivity(ctx: Ctx, customerId: string, query: PageQuery = {}): Promise<ActivityPage> {
      const before = eventCursorKey(query.cursor);
      const limit = clampLimit(query.limit);
      return withStudio(database, ctx.studioId, async (tx) => {
        await profileOrThrow(tx, ctx, customerId);
        const subjectIds = await repo.mergedProfileIds(tx, ctx, customerId);
        const rows = await repo.listSubjectEvents(tx, ctx, subjectIds, { before, limit: limit + 1 });
        const page = rows.slice(0, limit);
        const last = page.at(-1);
        const nextCursor = rows.length > limit && last ? encodeCursor([last.occurredAt.toISOString(), last.id]) : null;
        return { items: page.map(toActivityDto), nextCursor };
      });
    },

    /**
     * Adds many customers at once (CSV import, demo seed) in one transaction. Rows whose email
     * another customer (or an earlier row) has are skipped and reported; any invalid row fails the import.
     */
    async importCustomers(ctx: Ctx, rows: readonly ImportRow[], tx?: Tx): Promise<ImportResult> {
      const profiles = parseImportRows(rows);
      return inStudioTx(database, ctx.studioId, tx, async (t) => {
        const result: ImportResult = { created: 0, skipped: [] };
        const seen = new Set<string>();
        for (let start = 0; start < profiles.length; start += importChunk) {
          const chunk = profiles.slice(start, start + importChunk);
          const taken = await repo.findTakenEmails(t, ctx, chunk.map((p) => p.email).filter((e): e is string => e !== null));
          const inserts: repo.NewCustomerRow[] = [];
          chunk.forEach((profile, i) => {
            if (profile.email !== null && (taken.has(profile.email) || seen.has(profile.email))) {
              result.skipped.push({ row: start + i, reason: 'email_taken' });
              return;
            }
            if (profile.email !== null) seen.add(profile.email);
            inserts.push(rowFor(ctx, newId('customer'), profile, 'import'));
          });
          await insertProfiles(t, inserts);
          await publish(t, ctx, ...inserts.map((r) => customerEvent('customer.created.v1', r.id, { source: 'import' })));
          result.created += inserts.length;
        }
        return result;
      });
    },

    /**
     * A visitor creates their account on the studio's public page: login and profile in one
     * transaction, signed in at once. The events name the new customer as their actor.
     */
    async signUp(slug: string, input: z.input<typeof customerSignupSchema>, meta: SignInMeta): Promise<CustomerSignUpResult> {
      const values = parseOrThrow(customerSignupSchema, input);
      const studio = await studios.getPublicStudio(slug);
      const visitor: Ctx = { studioId: studio.id, actor: { kind: 'anonymous' }, clock, requestId: meta.requestId ?? 'signup' };
      return withStudio(database, studio.id, async (tx): Promise<CustomerSignUpResult> => {
        const profile = newProfile(values);
        const known = profile.email === null ? undefined : await repo.findCustomerByEmail(tx, visitor, profile.email);
        if (known) {
          // The studio already has this person (front desk, import): the owner of the email finishes the account.
          const invited = await identity.inviteCustomer(tx, visitor, {
            email: profile.email!,
            firstName: known.firstName,
            lastName: known.lastName,
            locale: profile.locale ?? (known.locale as Profile['locale']),
            studioSlug: studio.slug,
          });
          if (!invited) throw emailTaken();
          if (known.userId === null) await repo.updateCustomer(tx, visitor, known.id, { userId: invited.userId });
          return { confirmEmail: true };
        }
        const { userId } = await identity.createCustomerAccount(tx, visitor, {
          email: values.email,
          password: values.password,
          firstName: profile.firstName,
          lastName: profile.lastName,
          locale: profile.locale,
        });
        const id = newId('customer');
        const ctx: Ctx = { ...visitor, actor: { kind: 'customer', userId, customerId: id } };
        // Through another customer's referral link ("Client référé"); an unusable code is ignored.
        const referredById = await referrerForSignup(tx, ctx, values.ref);
        const source = referredById ? 'referral' : 'signup';
        await insertProfiles(tx, [{ ...rowFor(ctx, id, profile, source, userId), referredById }]);
        await publish(
          tx,
          ctx,
          customerEvent('customer.created.v1', id, { source }),
          customerEvent('customer.signed_up.v1', id, {}),
          ...(referredById ? [customerEvent('customer.referred.v1', id, { referrerId: referredById })] : []),
        );
        const session = await identity.openSession(tx, ctx, userId, meta);
        return { customer: toCustomerDto(await profileOrThrow(tx, ctx, id)), session };
      });
    },

    /** The customer finishes an account from the emailed link (see signUp) and is signed in. */
    async acceptAccountInvite(slug: string, input: { token: string; password: string }, meta: SignInMeta): Promise<CustomerSignedIn> {
      const studio = await studios.getPublicStudio(slug);
      const opened = await identity.acceptCustomerInvite(studio.id, input, meta);
      const ctx: Ctx = { studioId: studio.id, actor: { kind: 'customer', userId: opened.userId, customerId: '' }, clock, requestId: meta.requestId ?? 'invite' };
      const customer = await withStudio(database, studio.id, (tx) => ownProfileOrThrow(tx, ctx));
      return { customer: toCustomerDto(customer), session: { token: opened.token, expiresAt: opened.expiresAt } };
    },

    /** A customer signs in on their studio's page (throttled by identity). */
    async signIn(slug: string, input: { email: string; password: string }, meta: SignInMeta): Promise<CustomerSignedIn> {
      const studio = await studios.getPublicStudio(slug);
      const { userId, token, expiresAt } = await identity.signInCustomer(studio.id, input, meta);
      const ctx: Ctx = { studioId: studio.id, actor: { kind: 'customer', userId, customerId: '' }, clock, requestId: meta.requestId ?? 'signin' };
      const customer = await withStudio(database, studio.id, (tx) => ownProfileOrThrow(tx, ctx));
      return { customer: toCustomerDto(customer), session: { token, expiresAt } };
    },

    /** The signed-in customer's own profile. */
    async getOwnProfile(ctx: Ctx): Promise<CustomerDto> {
      return withStudio(database, ctx.studioId, async (tx) => toCustomerDto(await ownProfileOrThrow(tx, ctx)));
    },

    /** A customer edits their own profile; the email is their sign-in and is not editable here. */
    async updateOwnProfile(ctx: Ctx, input: UpdateOwnProfile): Promise<CustomerDto> {
      const values = parseOrThrow(updateOwnProfileSchema, input);
      return withStudio(database, ctx.studioId, async (tx) => toCustomerDto(await applyEdit(tx, ctx, await ownProfileOrThrow(tx, ctx, { lock: true }), values)));
    },
  };
}

export type CustomersService = ReturnType<typeof createCustomersService>;

const importRowSchema = createCustomerSchema;
const emptyToUndefined = (value: string | null | undefined) => (value === null || value === '' ? undefined : value);

/** Validates every row first; the error names each bad field as `<row>.<field>`. */
function parseImportRows(rows: readonly ImportRow[]): Profile[] {
  const fields: FieldError[] = [];
  const profiles: Profile[] = [];
  rows.forEach((row, index) => {
    const parsed = importRowSchema.safeParse(
      Object.fromEntries(
        Object.entries({
          firstName: row.firstName,
          lastName: row.lastName ?? undefined,
          email: emptyToUndefined(row.email),
          phone: emptyToUndefined(row.phone),
          birthDate: emptyToUndefined(row.birthDate),
          locale: row.locale ?? undefined,
        }).filter(([, v]) => v !== undefined),
      ),
    );
    if (parsed.success) profiles.push(newProfile(parsed.data));
    else fields.push(...parsed.error.issues.map((i) => ({ path: [index, ...i.path].map(String).join('.'), message: i.message })));
  });
  if (fields.length > 0) {
    const summary = fields.slice(0, 5).map((f) => `${f.path}: ${f.message}`).join('; ');
    throw new DomainError('invalid', 'validation_failed', `Some rows are not valid: ${summary}`, fields.slice(0, 100));
  }
  return profiles;
}
