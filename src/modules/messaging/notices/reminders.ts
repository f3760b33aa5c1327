import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Ctx } from '../../../kernel/ctx.ts';
import type { StudioId } from '../../../kernel/ids.ts';
import type { Database, Tx } from '../../../platform/db/client.ts';
import { rowsOf, withStudio, withSystem } from '../../../platform/db/tx.ts';
import type { CronEntry } from '../../../platform/jobs/cron.ts';
import { defineJob, type Jobs } from '../../../platform/jobs/index.ts';
import type { RosterService } from '../../booking/index.ts';
import type { CustomersService } from '../../customers/index.ts';
import { ScheduleError, type ScheduleService } from '../../schedule/index.ts';
import type { StudiosService } from '../../studios/index.ts';
import { messagingClassReminders } from '../schema.ts';
import { readMessagingSettings } from '../sms/index.ts';
import { emailRecipient, localeFor } from './common.ts';
import type { TemplateMailer } from './mailer.ts';
import { templateValues, type NoticeFacts } from './values.ts';

export const remindersAllJobName = 'messaging.class-reminders-all';
export const remindersStudioJobName = 'messaging.class-reminders-studio';

/** The reminder's template (catalogue). */
export const reminderTemplate = 'class.reminder';

export interface ClassRemindersDeps {
  database: Database;
  jobs: Jobs;
  customers: Pick<CustomersService, 'getCustomer'>;
  studios: Pick<StudiosService, 'getStudio'>;
  schedule: Pick<ScheduleService, 'getOccurrence'>;
  roster: Pick<RosterService, 'bookedStartingBetween'>;
  mailer: TemplateMailer;
  publicUrl: string;
}

const hourMs = 3_600_000;

/**
 * Studios that may have reminders to send: reminders on (`class_reminder_hours` above 0; a studio
 * without a settings row has the default, 2) and a scheduled class with someone in it starting
 * within their hours. A read of studios' and schedule's tables, one index probe per studio
 * (schedule_occurrences by studio and start), as booking's class-times sweep does.
 */
async function studiosWithReminders(tx: Tx, now: Date): Promise<string[]> {
  const rows = rowsOf<{ id: string }>(
    await tx.execute(sql`select s.id from studios s left join messaging_settings m on m.studio_id = s.id
                          where coalesce(m.class_reminder_hours, 2) > 0
                            and exists (select 1 from schedule_occurrences o
                                         where o.studio_id = s.id and o.status = 'scheduled' and o.booked_count > 0
                                           and o.starts_at > ${now.toISOString()}::timestamptz
                                           and o.starts_at <= ${now.toISOString()}::timestamptz + make_interval(hours => coalesce(m.class_reminder_hours, 2)))
                          order by s.id`),
  );
  return rows.map((r) => r.id);
}

/** The class as the reminder names it, through the schedule's API; null when it was deleted since. */
async function classOf(deps: ClassRemindersDeps, tx: Tx, ctx: Ctx, occurrenceId: string): Promise<NoticeFacts['cls']> {
  try {
    const o = await deps.schedule.getOccurrence(ctx, occurrenceId, tx);
    return { name: o.name, startsAt: new Date(o.startsAt), timeZone: o.timeZone, locationName: o.locationName, occurrenceId, teacherName: o.teacherName, welcomeMessage: o.welcomeMessage };
  } catch (err) {
    if (err instanceof ScheduleError && err.code === 'occurrence_not_found') return null;
    throw err;
  }
}

/**
 * `class.reminder`: every 5 minutes, each studio whose reminders are on (Settings › SMS &
 * phone, `classReminderHours`, default 2, 0 = off) reminds every booked attendee of a scheduled
 * class starting within (now, now + hours]. A studio job per slot (its dedupe key) reads the
 * booked attendees through booking's roster service and, in its transaction, writes one
 * `messaging_class_reminders` row per (booking, class start) — `on conflict do nothing` — and
 * queues the message only when the row is new: a job run twice sends nothing twice, and a class
 * moved to another start is reminded again. The message goes as the booking notices go (same
 * recipient: a child without an email is told through their parent; same template mailer, so the
 * studio's channels for the template apply), with `hours_before` = the studio's setting.
 * Registers its jobs with `jobs` (before `jobs.start()`).
 */
export function registerClassReminders(deps: ClassRemindersDeps) {
  const { database, jobs } = deps;
  const systemCtx = (studioId: string, clock: Ctx['clock'], requestId: string): Ctx => ({ studioId: studioId as StudioId, actor: { kind: 'system' }, clock, requestId });

  jobs.register(
    defineJob({
      name: remindersAllJobName,
      payload: z.object({ slot: z.string().min(1) }),
      dedupeKey: (p) => p.slot,
      handler: async ({ slot }, job) => {
        const queued = await withSystem(database, async (tx) => {
          const studioIds = await studiosWithReminders(tx, job.clock.now());
          return jobs.enqueueMany(tx, remindersStudioJobName, studioIds.map((studioId) => ({ payload: { studioId, slot }, dedupeKey: `${studioId}@${slot}` })));
        });
        return queued > 0 ? 'done' : 'skipped';
      },
    }),
  );

  jobs.register(
    defineJob({
      name: remindersStudioJobName,
      payload: z.object({ studioId: z.string().min(1).max(64), slot: z.string().min(1) }),
      handler: async ({ studioId }, job) => {
        const ctx = systemCtx(studioId, job.clock, job.jobId);
        const sent = await withStudio(database, ctx.studioId, async (tx) => {
          const hours = (await readMessagingSettings(tx, ctx)).classReminderHours;
          if (hours <= 0) return 0;
          const now = ctx.clock.now();
          const attendees = await deps.roster.bookedStartingBetween(ctx, now, new Date(now.getTime() + hours * hourMs), tx);
          if (attendees.length === 0) return 0;
          const studio = await deps.studios.getStudio(ctx, tx);
          const classes = new Map<string, NoticeFacts['cls']>();
          let n = 0;
          for (const a of attendees) {
            const [fresh] = await tx
              .insert(messagingClassReminders)
              .values({ studioId: ctx.studioId, bookingId: a.bookingId, startsAt: a.startsAt, occurrenceId: a.occurrenceId, customerId: a.customerId, sentAt: now })
              .onConflictDoNothing()
              .returning({ bookingId: messagingClassReminders.bookingId });
            if (!fresh) continue;
            const recipient = await emailRecipient(deps.customers, ctx, tx, a.customerId, a.payerId);
            if (!recipient) continue;
            if (!classes.has(a.occurrenceId)) classes.set(a.occurrenceId, await classOf(deps, tx, ctx, a.occurrenceId));
            const cls = classes.get(a.occurrenceId) ?? null;
            if (!cls) continue;
            const locale = localeFor(recipient, studio);
            const values = templateValues(
              reminderTemplate,
              locale,
              { recipient: { firstName: recipient.firstName, lastName: recipient.lastName }, studio: { name: studio.name, slug: studio.slug }, cls, publicUrl: deps.publicUrl },
              { hours_before: String(hours) },
            );
            await deps.mailer.send(tx, ctx, { to: recipient.email, template: reminderTemplate, locale, values, customerId: recipient.id, recipientKind: 'customer', suppression: 'email_transactional' });
            n++;
          }
          return n;
        });
        return sent > 0 ? 'done' : 'skipped';
      },
    }),
  );
}

/** Every 5 minutes. */
export const remindersCronEntries: CronEntry[] = [{ name: 'messaging.class-reminders', everyMinutes: 5, job: remindersAllJobName, payload: (slot) => ({ slot: slot.toISOString() }) }];
