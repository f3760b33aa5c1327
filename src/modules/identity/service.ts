import type { FastifyRequest } from 'fastify';
import type { Clock } from '../../kernel/clock.ts';
import type { Actor, Ctx, StaffRole } from '../../kernel/ctx.ts';
import { newId, randomToken, type StudioId, type UserId } from '../../kernel/ids.ts';
import type { Database, Tx } from '../../platform/db/client.ts';
import { inStudioTx, isUniqueViolation, withSystem } from '../../platform/db/tx.ts';
import { publish } from '../../platform/events/publish.ts';
import type { Authenticator, Principal } from '../../platform/http/access.ts';
import type { StudiosService } from '../studios/index.ts';
import type { ApiKeyDto, InviteStaff, SessionInfo, StaffMemberDto, UpdateStaff } from './contracts.ts';
import { sessionTokenOf, tokenHash, type SessionKind } from './cookies.ts';
import { checkPassword } from './domain/password-policy.ts';
import { retryAfterSeconds, throttleWindowMs } from './domain/throttle.ts';
import { tokenEmail } from './emails.ts';
import { IdentityError } from './errors.ts';
import { burnVerification, hashPassword, verifyPassword } from './passwords.ts';
import { actorCan, permissionsOf } from './permissions.ts';
import * as repo from './repo.ts';

/**
 * Sends a transactional email in the caller's transaction (recorded now, delivered by a job
 * after commit): messaging's catalogue `template` (the studio's version, if any) rendered in
 * `locale` with `values`. Account emails are never suppressed by an unsubscribe.
 */
export interface Mailer {
  send(
    tx: Tx,
    ctx: Ctx,
    message: { to: string; template: string; locale: 'en' | 'fr'; values: Record<string, string>; recipientKind: 'customer' | 'staff'; suppression: null },
  ): Promise<void>;
}

export interface IdentityDeps {
  database: Database;
  studios: StudiosService;
  mailer: Mailer;
  clock: Clock;
  /** Where links in emails point, e.g. https://studio.example.com */
  publicUrl: string;
}

export interface RequestMeta {
  ip: string;
  userAgent?: string | undefined;
}

export interface OpenedSession {
  token: string;
  expiresAt: Date;
}

export interface SignedIn extends OpenedSession {
  principal: Principal;
}

const day = 24 * 60 * 60 * 1000;
/** Sessions slide: each use pushes expiry out again, up to this idle limit. */
const sessionTtl: Record<SessionKind, number> = { staff: 14 * day, customer: 90 * day };
const touchEveryMs = 5 * 60 * 1000;
const inviteTtl = 7 * day;
const resetTtl = 60 * 60 * 1000;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

const toStaffDto = (u: repo.UserRow): StaffMemberDto => ({
  id: u.id,
  email: u.email,
  firstName: u.firstName,
  lastName: u.lastName,
  role: u.role ?? 'teacher',
  status: u.status,
  lastLoginAt: iso(u.lastLoginAt),
});

const toApiKeyDto = (k: repo.ApiKeyRow): ApiKeyDto => ({
  id: k.id,
  name: k.name,
  role: k.role,
  prefix: k.prefix,
  createdAt: k.createdAt.toISOString(),
  lastUsedAt: iso(k.lastUsedAt),
});

const invalidCredentials = () => new IdentityError('invalid_credentials', 'This email and password do not match an account.');

export function createIdentityService(deps: IdentityDeps) {
  const { database, clock } = deps;

  const systemCtx = (studioId: string): Ctx => ({ studioId: studioId as StudioId, actor: { kind: 'system' }, clock, requestId: 'system' });

  async function requirePassword(password: string, context: { email: string; studioName?: string }) {
    const problem = checkPassword(password, context);
    if (problem) throw new IdentityError('weak_password', problem, [{ path: 'password', message: problem }]);
    return hashPassword(password);
  }

  async function getStaffOrThrow(tx: Tx, ctx: Ctx, id: string) {
    const user = await repo.findUser(tx, ctx, id);
    if (!user || user.kind !== 'staff') throw new IdentityError('staff_not_found', 'This staff member does not exist.');
    return user;
  }

  async function openSessionIn(tx: Tx, studioId: string, userId: string, kind: SessionKind, meta: RequestMeta): Promise<OpenedSession> {
    const now = clock.now();
    const token = randomToken(32);
    const expiresAt = new Date(now.getTime() + sessionTtl[kind]);
    await repo.insertSession(tx, {
      studioId,
      id: newId('session'),
      userId,
      tokenHash: tokenHash(token),
      ip: meta.ip,
      userAgent: meta.userAgent?.slice(0, 300) ?? null,
      lastSeenAt: now,
      expiresAt,
    });
    return { token, expiresAt };
  }

  async function throttleOrThrow(accountKey: string, ip: string) {
    const now = clock.now();
    const counts = await repo.countRecentFailures(database.system, accountKey, ip, new Date(now.getTime() - throttleWindowMs));
    const wait = retryAfterSeconds(counts, now);
    if (wait > 0) {
      throw new IdentityError('too_many_attempts', 'Too many failed sign-in attempts. Try again later.', [], wait);
    }
  }

  async function recordAttempt(accountKey: string, ip: string, succeeded: boolean) {
    if (succeeded) await repo.clearAccountFailures(database.system, accountKey);
    await repo.recordLoginAttempt(database.system, { accountKey, ip, succeeded, at: clock.now() });
  }

  async function sendTokenEmail(tx: Tx, ctx: Ctx, user: repo.UserRow, purpose: 'invite' | 'reset', path: string) {
    // A customer's invite finishes an account they asked for; a staff invite joins a team.
    const now = clock.now();
    await repo.useAuthTokens(tx, user.studioId, user.id, purpose, now);
    const token = randomToken(32);
    await repo.insertAuthToken(tx, {
      studioId: user.studioId,
      id: newId(purpose === 'invite' ? 'invite' : 'passwordReset'),
      userId: user.id,
      purpose,
      tokenHash: tokenHash(token),
      expiresAt: new Date(now.getTime() + (purpose === 'invite' ? inviteTtl : resetTtl)),
    });
    const studio = await deps.studios.getStudioSettings(ctx, tx);
    const locale = (user.locale ?? studio.defaultLocale) as 'en' | 'fr';
    const link = `${deps.publicUrl}${path}?token=${encodeURIComponent(token)}`;
    const userKind = user.kind === 'customer' ? 'customer' : 'staff';
    const { template, values } = tokenEmail({ purpose, userKind, role: user.role, locale, studioName: studio.name, firstName: user.firstName, lastName: user.lastName, link });
    await deps.mailer.send(tx, ctx, { to: user.email, template, locale, values, recipientKind: userKind, suppression: null });
  }

  async function principalFor(req: FastifyRequest, kind: SessionKind): Promise<Principal | null> {
    const token = sessionTokenOf(req, kind);
    if (!token || token.length > 200) return null;
    const now = clock.now();
    const found = await repo.findLiveSession(database.system, tokenHash(token), now);
    if (!found || found.user.kind !== kind || found.user.status !== 'active') return null;
    if (now.getTime() - found.session.lastSeenAt.getTime() > touchEveryMs) {
      await repo.touchSession(database.system, found.session.studioId, found.session.id, now, new Date(now.getTime() + sessionTtl[kind]));
    }
    const actor: Actor =
      kind === 'staff'
        ? { kind: 'staff', userId: found.user.id as UserId, role: found.user.role ?? 'teacher' }
        : { kind: 'customer', userId: found.user.id as UserId, customerId: '' };
    return { studioId: found.user.studioId as StudioId, studioSlug: found.studioSlug, actor, sessionId: found.session.id };
  }

  async function apiKeyPrincipal(req: FastifyRequest): Promise<Principal | null> {
    const header = req.headers.authorization;
    if (!header?.startsWith('Bearer ')) return null;
    const secret = header.slice(7).trim();
    if (!secret.startsWith('enso_sk_') || secret.length > 200) return null;
    const found = await repo.findLiveApiKey(database.system, tokenHash(secret));
    if (!found) return null;
    const now = clock.now();
    if (!found.key.lastUsedAt || now.getTime() - found.key.lastUsedAt.getTime() > touchEveryMs) {
      await repo.touchApiKey(database.system, found.key.studioId, found.key.id, now);
    }
    return {
      studioId: found.key.studioId as StudioId,
      studioSlug: found.studioSlug,
      actor: { kind: 'api_key', apiKeyId: found.key.id as never, role: found.key.role },
      sessionId: null,
    };
  }

  const authenticator: Authenticator = {
    async staff(req) {
      return (await apiKeyPrincipal(req)) ?? principalFor(req, 'staff');
    },
    customer: (req) => principalFor(req, 'customer'),
    can: actorCan,
  };

  return {
    authenticator,

    /** Creates an active staff account with a password (CLI and demo seed; the studio is new). */
    async createStaffAccount(
      tx: Tx,
      ctx: Ctx,
      input: { email: string; firstName: string; lastName: string; role: StaffRole; password: string; studioName?: string },
    ): Promise<StaffMemberDto> {
      const email = input.email.trim().toLowerCase();
      const passwordHash = await requirePassword(input.password, { email, ...(input.studioName ? { studioName: input.studioName } : {}) });
      const id = newId('user');
      try {
        await repo.insertUser(tx, {
          studioId: ctx.studioId, id, kind: 'staff', email, firstName: input.firstName, lastName: input.lastName,
          role: input.role, status: 'active', passwordHash,
        });
      } catch (err) {
        if (isUniqueViolation(err)) throw emailTaken();
        throw err;
      }
      await publish(tx, ctx, { type: 'staff.created.v1', subjectId: id, payload: { role: input.role } });
      return toStaffDto((await repo.findUser(tx, ctx, id))!);
    },

    /** The studio's staff; pass `tx` to read inside the caller's transaction. */
    async listStaff(ctx: Ctx, tx?: Tx): Promise<StaffMemberDto[]> {
      return inStudioTx(database, ctx.studioId, tx, async (t) => (await repo.listStaff(t, ctx)).map(toStaffDto));
    },

    /** Invites a staff member by email: the account exists at once, the password is chosen from the link. */
    async inviteStaff(ctx: Ctx, input: InviteStaff, tx?: Tx): Promise<StaffMemberDto> {
      return inStudioTx(database, ctx.studioId, tx, async (t) => {
        if (await repo.findUserByEmail(t, ctx.studioId, 'staff', input.email)) throw emailTaken();
        const id = newId('user');
        await repo.insertUser(t, { studioId: ctx.studioId, id, kind: 'staff', status: 'invited', ...input });
        const user = (await repo.findUser(t, ctx, id))!;
        await sendTokenEmail(t, ctx, user, 'invite', '/accept-invite');
        await publish(t, ctx, { type: 'staff.invited.v1', subjectId: id, payload: { role: input.role } });
        return toStaffDto(user);
      });
    },

    async resendInvite(ctx: Ctx, id: string): Promise<StaffMemberDto> {
      return inStudioTx(database, ctx.studioId, undefined, async (tx) => {
        const user = await getStaffOrThrow(tx, ctx, id);
        if (user.status !== 'invited') throw new IdentityError('not_invited', 'This person has already accepted their invitation.');
        await sendTokenEmail(tx, ctx, user, 'invite', '/accept-invite');
        return toStaffDto(user);
      });
    },

    /** Changes names or role. An admin cannot change their own role, and a studio keeps at least one active admin. */
    async updateStaff(ctx: Ctx, id: string, input: UpdateStaff): Promise<StaffMemberDto> {
      return inStudioTx(database, ctx.studioId, undefined, async (tx) => {
        const user = await getStaffOrThrow(tx, ctx, id);
        if (input.role && input.role !== user.role) {
          if (ctx.actor.kind === 'staff' && ctx.actor.userId === id) {
            throw new IdentityError('cannot_change_self', 'You cannot change your own role.', [{ path: 'role', message: 'You cannot change your own role.' }]);
          }
          if (user.role === 'admin' && user.status === 'active' && (await repo.countActiveAdmins(tx, ctx)) <= 1) {
            throw new IdentityError('last_admin', 'The studio needs at least one active admin.', [{ path: 'role', message: 'The studio needs at least one active admin.' }]);
          }
        }
        await repo.updateUser(tx, ctx, id, input);
        if (input.role && input.role !== user.role) {
          await publish(tx, ctx, { type: 'staff.role_changed.v1', subjectId: id, payload: { from: user.role, to: input.role } });
        }
        return toStaffDto(await getStaffOrThrow(tx, ctx, id));
      });
    },

    /** Deactivation ends every session of that person at once; their history stays. */
    async setStaffActive(ctx: Ctx, id: string, active: boolean): Promise<StaffMemberDto> {
      return inStudioTx(database, ctx.studioId, undefined, async (tx) => {
        const user = await getStaffOrThrow(tx, ctx, id);
        if (!active) {
          if (ctx.actor.kind === 'staff' && ctx.actor.userId === id) throw new IdentityError('cannot_change_self', 'You cannot deactivate yourself.');
          if (user.role === 'admin' && user.status === 'active' && (await repo.countActiveAdmins(tx, ctx)) <= 1) {
            throw new IdentityError('last_admin', 'The studio needs at least one active admin.');
          }
          if (user.status !== 'deactivated') {
            await repo.updateUser(tx, ctx, id, { status: 'deactivated' });
            await repo.revokeUserSessions(tx, ctx, id);
            await publish(tx, ctx, { type: 'staff.deactivated.v1', subjectId: id, payload: {} });
          }
        } else if (user.status === 'deactivated') {
          await repo.updateUser(tx, ctx, id, { status: user.passwordHash ? 'active' : 'invited' });
          await publish(tx, ctx, { type: 'staff.reactivated.v1', subjectId: id, payload: {} });
        }
        return toStaffDto(await getStaffOrThrow(tx, ctx, id));
      });
    },

    /**
     * Staff sign in with email and password. The same email may be staff in several studios:
     * the password picks the account, and when it still matches several, the studio must be named.
     */
    async signInStaff(input: { email: string; password: string; studioSlug?: string | undefined }, meta: RequestMeta): Promise<SignedIn> {
      const accountKey = `staff:${input.email}`;
      await throttleOrThrow(accountKey, meta.ip);
      const candidates = await repo.findStaffByEmailAcrossStudios(database.system, input.email, input.studioSlug);
      const matches = [];
      for (const c of candidates) {
        if (c.user.passwordHash && (await verifyPassword(c.user.passwordHash, input.password))) matches.push(c);
      }
      if (candidates.length === 0) await burnVerification(input.password);
      if (matches.length === 0) {
        await recordAttempt(accountKey, meta.ip, false);
        throw invalidCredentials();
      }
      if (matches.length > 1) {
        throw new IdentityError('studio_required', 'This email belongs to several studios: say which one.', [
          { path: 'studioSlug', message: 'Enter the studio address (slug).' },
        ]);
      }
      const { user, studioSlug } = matches[0]!;
      if (user.status === 'deactivated') throw new IdentityError('account_deactivated', 'This account has been deactivated.');
      await recordAttempt(accountKey, meta.ip, true);
      return withSystem(database, async (tx) => {
        await repo.markSignedIn(tx, user.studioId, user.id, clock.now());
        const session = await openSessionIn(tx, user.studioId, user.id, 'staff', meta);
        return { ...session, principal: staffPrincipal(user, studioSlug) };
      });
    },

    /** Customers sign in on their studio's page. */
    async signInCustomer(studioId: StudioId, input: { email: string; password: string }, meta: RequestMeta) {
      const accountKey = `customer:${studioId}:${input.email}`;
      await throttleOrThrow(accountKey, meta.ip);
      const user = await repo.findUserByEmail(database.system, studioId, 'customer', input.email);
      const ok = user?.passwordHash ? await verifyPassword(user.passwordHash, input.password) : (await burnVerification(input.password), false);
      if (!user || !ok || user.status !== 'active') {
        await recordAttempt(accountKey, meta.ip, false);
        throw invalidCredentials();
      }
      await recordAttempt(accountKey, meta.ip, true);
      const session = await inStudioTx(database, studioId, undefined, (tx) => openSessionIn(tx, studioId, user.id, 'customer', meta));
      return { userId: user.id as UserId, ...session };
    },

    /** Opens a session in the caller's transaction (after sign-up or accepting an invite). */
    openSession(tx: Tx, ctx: Ctx, userId: UserId, meta: RequestMeta, kind: SessionKind = 'customer') {
      return openSessionIn(tx, ctx.studioId, userId, kind, meta);
    },

    async signOut(token: string | undefined) {
      if (token) await repo.revokeSessionByHash(database.system, tokenHash(token), clock.now());
    },

    /** Creates the login of a customer who signs up; the profile is the customers module's. */
    async createCustomerAccount(
      tx: Tx,
      ctx: Ctx,
      input: { email: string; password: string; firstName: string; lastName: string; locale: 'en' | 'fr' | null },
    ): Promise<{ userId: UserId }> {
      const email = input.email.trim().toLowerCase();
      const passwordHash = await requirePassword(input.password, { email });
      if (await repo.findUserByEmail(tx, ctx.studioId, 'customer', email)) throw emailTaken();
      const id = newId('user');
      try {
        await repo.insertUser(tx, {
          studioId: ctx.studioId, id, kind: 'customer', email, firstName: input.firstName, lastName: input.lastName,
          status: 'active', passwordHash, locale: input.locale,
        });
      } catch (err) {
        if (isUniqueViolation(err)) throw emailTaken();
        throw err;
      }
      return { userId: id };
    },

    /**
     * Someone signs up with the email of a profile the studio already has (created at the front
     * desk, imported…). The login is created without a password and its owner finishes it from
     * the emailed link, so nobody can take over a profile by knowing its email. Signing up again
     * before that re-sends the link. Returns null when the email already has a working account.
     */
    async inviteCustomer(
      tx: Tx,
      ctx: Ctx,
      input: { email: string; firstName: string; lastName: string; locale: 'en' | 'fr' | null; studioSlug: string },
    ): Promise<{ userId: UserId } | null> {
      const email = input.email.trim().toLowerCase();
      let user = await repo.findUserByEmail(tx, ctx.studioId, 'customer', email);
      if (user && user.status !== 'invited') return null;
      if (!user) {
        const id = newId('user');
        await repo.insertUser(tx, {
          studioId: ctx.studioId, id, kind: 'customer', email, firstName: input.firstName, lastName: input.lastName,
          status: 'invited', passwordHash: null, locale: input.locale,
        });
        user = await repo.findUser(tx, ctx, id);
        if (!user) throw new Error('the new login could not be read back');
      }
      await sendTokenEmail(tx, ctx, user, 'invite', `/s/${input.studioSlug}/accept-invite`);
      return { userId: user.id as UserId };
    },

    /** The customer opens the emailed link, chooses a password and is signed in. */
    async acceptCustomerInvite(studioId: StudioId, input: { token: string; password: string }, meta: RequestMeta): Promise<OpenedSession & { userId: UserId }> {
      const now = clock.now();
      const found = await repo.findUsableAuthToken(database.system, tokenHash(input.token), 'invite', now);
      const usable = found && found.user.status === 'invited' && found.user.kind === 'customer' && found.user.studioId === studioId;
      if (!usable) throw tokenInvalid();
      const ctx = systemCtx(found.user.studioId);
      const passwordHash = await requirePassword(input.password, { email: found.user.email });
      return inStudioTx(database, ctx.studioId, undefined, async (tx) => {
        await repo.useAuthTokens(tx, found.user.studioId, found.user.id, 'invite', now);
        await repo.updateUser(tx, ctx, found.user.id, { passwordHash, status: 'active', lastLoginAt: now });
        const session = await openSessionIn(tx, found.user.studioId, found.user.id, 'customer', meta);
        return { ...session, userId: found.user.id as UserId };
      });
    },

    /** What a customer's login is, for their privacy export; undefined when the id is not a customer login of the studio. */
    async describeCustomerLogin(
      tx: Tx,
      ctx: Ctx,
      userId: UserId,
    ): Promise<{ email: string; status: 'invited' | 'active' | 'deactivated'; locale: string | null; createdAt: Date; lastSignInAt: Date | null } | undefined> {
      const user = await repo.findUser(tx, ctx, userId);
      if (!user || user.kind !== 'customer') return undefined;
      return { email: user.email, status: user.status, locale: user.locale, createdAt: user.createdAt, lastSignInAt: user.lastLoginAt };
    },

    /**
     * Ends a customer's login for good (merged into another profile, or the customer deleted):
     * it can no longer sign in, its sessions and emailed links stop working, and its email is
     * freed so that another login of the studio may take it. `forget` also blanks the name.
     */
    async endCustomerLogin(tx: Tx, ctx: Ctx, userId: UserId, options: { forget: boolean }): Promise<void> {
      const user = await repo.findUser(tx, ctx, userId);
      if (!user || user.kind !== 'customer') return;
      const now = ctx.clock.now();
      await repo.updateUser(tx, ctx, userId, {
        status: 'deactivated',
        passwordHash: null,
        // `.invalid` can never be delivered (RFC 2606); the id keeps it unique per studio.
        email: `ended-${userId.toLowerCase()}@login.invalid`,
        ...(options.forget ? { firstName: '', lastName: '', locale: null } : {}),
      });
      await repo.revokeUserSessions(tx, ctx, userId);
      await repo.useAuthTokens(tx, ctx.studioId, userId, 'invite', now);
      await repo.useAuthTokens(tx, ctx.studioId, userId, 'reset', now);
    },

    async changeAccountEmail(tx: Tx, ctx: Ctx, userId: UserId, email: string): Promise<void> {
      const normalized = email.trim().toLowerCase();
      const user = await repo.findUser(tx, ctx, userId);
      if (!user || user.email === normalized) return;
      const other = await repo.findUserByEmail(tx, ctx.studioId, user.kind, normalized);
      if (other && other.id !== userId) throw emailTaken();
      await repo.updateUser(tx, ctx, userId, { email: normalized });
    },

    /** Accepting an invitation sets the password and signs the person in. */
    async acceptInvite(input: { token: string; password: string }, meta: RequestMeta): Promise<SignedIn> {
      const now = clock.now();
      const found = await repo.findUsableAuthToken(database.system, tokenHash(input.token), 'invite', now);
      if (!found || found.user.status !== 'invited' || found.user.kind !== 'staff') throw tokenInvalid();
      const ctx = systemCtx(found.user.studioId);
      const studio = await deps.studios.getStudioSettings(ctx);
      const passwordHash = await requirePassword(input.password, { email: found.user.email, studioName: studio.name });
      return inStudioTx(database, ctx.studioId, undefined, async (tx) => {
        await repo.useAuthTokens(tx, found.user.studioId, found.user.id, 'invite', now);
        await repo.updateUser(tx, ctx, found.user.id, { passwordHash, status: 'active', lastLoginAt: now });
        await publish(tx, { ...ctx, actor: { kind: 'staff', userId: found.user.id as UserId, role: found.user.role ?? 'teacher' } }, {
          type: 'staff.joined.v1', subjectId: found.user.id, payload: {},
        });
        const session = await openSessionIn(tx, found.user.studioId, found.user.id, 'staff', meta);
        return { ...session, principal: staffPrincipal(found.user, studio.slug) };
      });
    },

    /** Always succeeds, whether or not the email has an account, so the answer leaks nothing. */
    async requestPasswordReset(kind: SessionKind, input: { email: string; studioSlug?: string | undefined; studioId?: StudioId }) {
      const accounts =
        kind === 'staff'
          ? (await repo.findStaffByEmailAcrossStudios(database.system, input.email, input.studioSlug)).map((r) => r.user)
          : input.studioId
            ? [await repo.findUserByEmail(database.system, input.studioId, 'customer', input.email)].filter((u) => u !== undefined)
            : [];
      for (const user of accounts) {
        if (user.status !== 'active') continue;
        const ctx = systemCtx(user.studioId);
        const studio = await deps.studios.getStudioSettings(ctx);
        const path = kind === 'staff' ? '/reset-password' : `/s/${studio.slug}/reset-password`;
        await inStudioTx(database, ctx.studioId, undefined, (tx) => sendTokenEmail(tx, ctx, user, 'reset', path));
      }
    },

    /** A new password ends every open session of the account. */
    async confirmPasswordReset(input: { token: string; password: string }): Promise<void> {
      const now = clock.now();
      const found = await repo.findUsableAuthToken(database.system, tokenHash(input.token), 'reset', now);
      if (!found || found.user.status !== 'active') throw tokenInvalid();
      const ctx = systemCtx(found.user.studioId);
      const passwordHash = await requirePassword(input.password, { email: found.user.email });
      await inStudioTx(database, ctx.studioId, undefined, async (tx) => {
        await repo.useAuthTokens(tx, found.user.studioId, found.user.id, 'reset', now);
        await repo.updateUser(tx, ctx, found.user.id, { passwordHash });
        await repo.revokeUserSessions(tx, ctx, found.user.id);
      });
    },

    async sessionInfo(ctx: Ctx): Promise<SessionInfo> {
      return inStudioTx(database, ctx.studioId, undefined, async (tx) => {
        const userId = ctx.actor.kind === 'staff' || ctx.actor.kind === 'customer' ? ctx.actor.userId : null;
        const user = userId ? await repo.findUser(tx, ctx, userId) : undefined;
        const studio = await deps.studios.getStudioSettings(ctx, tx);
        const role = ctx.actor.kind === 'staff' || ctx.actor.kind === 'api_key' ? ctx.actor.role : null;
        return {
          user: {
            id: user?.id ?? (ctx.actor.kind === 'api_key' ? ctx.actor.apiKeyId : ''),
            kind: user?.kind ?? 'staff',
            email: user?.email ?? '',
            firstName: user?.firstName ?? '',
            lastName: user?.lastName ?? '',
            role,
            locale: (user?.locale as 'en' | 'fr' | null) ?? null,
          },
          studio: { id: studio.id, name: studio.name, slug: studio.slug, defaultLocale: studio.defaultLocale as 'en' | 'fr' },
          permissions: role ? [...permissionsOf(role)] : [],
        };
      });
    },

    async setLocale(ctx: Ctx, locale: 'en' | 'fr'): Promise<void> {
      if (ctx.actor.kind !== 'staff' && ctx.actor.kind !== 'customer') return;
      const userId = ctx.actor.userId;
      await inStudioTx(database, ctx.studioId, undefined, (tx) => repo.updateUser(tx, ctx, userId, { locale }));
    },

    async listApiKeys(ctx: Ctx): Promise<ApiKeyDto[]> {
      return inStudioTx(database, ctx.studioId, undefined, async (tx) => (await repo.listApiKeys(tx, ctx)).map(toApiKeyDto));
    },

    /** The secret is returned once; only its hash is kept. */
    async createApiKey(ctx: Ctx, input: { name: string; role: StaffRole }): Promise<ApiKeyDto & { secret: string }> {
      return inStudioTx(database, ctx.studioId, undefined, async (tx) => {
        const secret = `enso_sk_${randomToken(32)}`;
        const id = newId('apiKey');
        await repo.insertApiKey(tx, {
          studioId: ctx.studioId, id, name: input.name, role: input.role, prefix: secret.slice(0, 14),
          tokenHash: tokenHash(secret), createdBy: ctx.actor.kind === 'staff' ? ctx.actor.userId : null, createdAt: clock.now(),
        });
        await publish(tx, ctx, { type: 'api_key.created.v1', subjectId: id, payload: { name: input.name, role: input.role } });
        const [key] = (await repo.listApiKeys(tx, ctx)).filter((k) => k.id === id);
        return { ...toApiKeyDto(key!), secret };
      });
    },

    async revokeApiKey(ctx: Ctx, id: string): Promise<void> {
      await inStudioTx(database, ctx.studioId, undefined, async (tx) => {
        if (!(await repo.revokeApiKey(tx, ctx, id))) throw new IdentityError('api_key_not_found', 'This API key does not exist.');
        await publish(tx, ctx, { type: 'api_key.revoked.v1', subjectId: id, payload: {} });
      });
    },
  };
}

export type IdentityService = ReturnType<typeof createIdentityService>;

const staffPrincipal = (user: repo.UserRow, studioSlug: string): Principal => ({
  studioId: user.studioId as StudioId,
  studioSlug,
  actor: { kind: 'staff', userId: user.id as UserId, role: user.role ?? 'teacher' },
  sessionId: null,
});

const emailTaken = () =>
  new IdentityError('email_taken', 'An account with this email already exists.', [
    { path: 'email', message: 'An account with this email already exists.' },
  ]);

const tokenInvalid = () =>
  new IdentityError('token_invalid', 'This link has expired or was already used. Ask for a new one.', [
    { path: 'token', message: 'This link has expired or was already used.' },
  ]);
