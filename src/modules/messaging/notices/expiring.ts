import { z } from 'zod';
import type { Ctx } from '../../../kernel/ctx.ts';
import type { StudioId } from '../../../kernel/ids.ts';
import { addDays, localDateOf } from '../../../kernel/time.ts';
import type { Database } from '../../../platform/db/client.ts';
import { withStudio, withSystem } from '../../../platform/db/tx.ts';
import type { CronEntry } from '../../../platform/jobs/cron.ts';
import { defineJob, type Jobs } from '../../../platform/jobs/index.ts';
import type { CustomersService } from '../../customers/index.ts';
import { MembershipsError, type MembershipsService } from '../../memberships/index.ts';
import type { StudiosService } from '../../studios/index.ts';
import { accountUrl, emailRecipient, formatLastDay, localeFor } from './common.ts';
import type { TemplateMailer } from './mailer.ts';

export const expiringAllJobName = 'messaging.membership-expiring-all';
export const expiringStudioJobName = 'messaging.membership-expiring-studio';
export const expiringNoticeJobName = 'messaging.membership-expiring-notice';

/** How many days before its last day a membership that does not renew is announced as ending. */
export const expiringNoticeDays = 7;

export interface ExpiringNoticesDeps {
  database: Database;
  jobs: Jobs;
  customers: Pick<CustomersService, 'getCustomer'>;
  studios: Pick<StudiosService, 'getStudio'>;
  memberships: Pick<MembershipsService, 'getMembership' | 'listEndingOn' | 'studiosWithLiveMemberships'>;
  mailer: TemplateMailer;
  publicUrl: string;
}

const id = z.string().min(1).max(64);

/**
 * `membership.expiring`: once a day, each studio's memberships that will not renew and whose
 * last day is `expiringNoticeDays` days from the studio's today get one email. A notice job per
 * (membership, period end) — its dedupe key — sends it, after checking again that the membership
 * still ends then and still does not renew. Registers its jobs with `jobs` (before `jobs.start()`).
 */
export function registerExpiringNotices(deps: ExpiringNoticesDeps) {
  const { database, jobs } = deps;
  const systemCtx = (studioId: string, clock: Ctx['clock'], requestId: string): Ctx => ({ studioId: studioId as StudioId, actor: { kind: 'system' }, clock, requestId });

  jobs.register(
    defineJob({
      name: expiringAllJobName,
      payload: z.object({ slot: z.string().min(1) }),
      dedupeKey: (p) => p.slot,
      handler: async ({ slot }) => {
        const queued = await withSystem(database, async (tx) => {
          const studioIds = await deps.memberships.studiosWithLiveMemberships(tx);
          return jobs.enqueueMany(tx, expiringStudioJobName, studioIds.map((studioId) => ({ payload: { studioId, slot }, dedupeKey: `${studioId}@${slot}` })));
        });
        return queued > 0 ? 'done' : 'skipped';
      },
    }),
  );

  jobs.register(
    defineJob({
      name: expiringStudioJobName,
      payload: z.object({ studioId: id, slot: z.string().min(1) }),
      handler: async ({ studioId }, job) => {
        const ctx = systemCtx(studioId, job.clock, job.jobId);
        const queued = await withStudio(database, ctx.studioId, async (tx) => {
          const studio = await deps.studios.getStudio(ctx, tx);
          const lastDay = addDays(localDateOf(ctx.clock.now(), studio.timeZone), expiringNoticeDays);
          const ending = await deps.memberships.listEndingOn(tx, ctx, lastDay);
          return jobs.enqueueMany(
            tx,
            expiringNoticeJobName,
            ending.map((m) => ({ payload: { studioId, membershipId: m.id, periodEnd: m.periodEnd! }, dedupeKey: `${m.id}:${m.periodEnd}` })),
          );
        });
        return queued > 0 ? 'done' : 'skipped';
      },
    }),
  );

  jobs.register(
    defineJob({
      name: expiringNoticeJobName,
      payload: z.object({ studioId: id, membershipId: id, periodEnd: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) }),
      dedupeKey: (p) => `${p.membershipId}:${p.periodEnd}`,
      handler: async ({ studioId, membershipId, periodEnd }, job) => {
        const ctx = systemCtx(studioId, job.clock, job.jobId);
        return withStudio(database, ctx.studioId, async (tx) => {
          let m;
          try {
            m = await deps.memberships.getMembership(ctx, membershipId, tx);
          } catch (err) {
            if (err instanceof MembershipsError && err.code === 'membership_not_found') return 'skipped';
            throw err;
          }
          // Renewed, extended, cancelled or ended since the day's list: nothing to announce.
          if (m.status !== 'active' || m.periodEnd !== periodEnd || m.renewalDate !== null) return 'skipped';
          const recipient = await emailRecipient(deps.customers, ctx, tx, m.customerId);
          if (!recipient) return 'skipped';
          const studio = await deps.studios.getStudio(ctx, tx);
          const locale = localeFor(recipient, studio);
          await deps.mailer.send(tx, ctx, {
            to: recipient.email,
            template: 'membership.expiring',
            locale,
            values: {
              first_name: recipient.firstName,
              last_name: recipient.lastName,
              studio_name: studio.name,
              membership_name: m.planName,
              expiry_date: formatLastDay(periodEnd, locale),
              account_url: accountUrl(deps.publicUrl, studio.slug),
            },
            customerId: recipient.id,
            recipientKind: 'customer',
          });
          return 'done';
        });
      },
    }),
  );
}

/** Daily at 07:00 UTC. */
export const expiringCronEntries: CronEntry[] = [{ name: 'messaging.membership-expiring', dailyAtUtc: '07:00', job: expiringAllJobName, payload: (slot) => ({ slot: slot.toISOString() }) }];
