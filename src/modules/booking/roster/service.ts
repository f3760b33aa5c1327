import { actorUserId, type Ctx } from '../../../kernel/ctx.ts';
import type { Database, Tx } from '../../../platform/db/client.ts';
import { withStudio } from '../../../platform/db/tx.ts';
import { actorCan } from '../../identity/index.ts';
import type { RosterDto } from '../contracts.ts';
import { bookingDtos } from '../dto.ts';
import { BookingError, classNotFound } from '../errors.ts';
import * as repo from './repo.ts';
import { rosterCsv, rosterFileName } from './csv.ts';

export interface RosterDeps {
  database: Database;
}

const isTeacher = (ctx: Ctx) => (ctx.actor.kind === 'staff' || ctx.actor.kind === 'api_key') && ctx.actor.role === 'teacher';

/** booked = holding a spot and not checked in (a pending payment included); checked_in = booked and checked in. */
function groupOf(e: repo.RosterEntry): keyof RosterDto['groups'] | null {
  switch (e.status) {
    case 'pending':
      return 'booked';
    case 'booked':
      return e.checkedIn ? 'checked_in' : 'booked';
    case 'waitlisted':
    case 'offered':
      return 'waitlisted';
    case 'late_cancelled':
    case 'no_show':
    case 'cancelled':
      return e.status;
    default:
      return null;
  }
}

/** The class roster (occurrence page): who is booked, waiting, checked in, and how the others ended, with counts; CSV export. */
export function createRosterService(deps: RosterDeps) {
  const { database } = deps;

  async function load(tx: Tx, ctx: Ctx, occurrenceId: string): Promise<{ cls: repo.RosterClass; roster: RosterDto }> {
    const cls = await repo.findRosterClass(tx, ctx, occurrenceId);
    if (!cls) throw classNotFound();
    // Teachers see the rosters of their own classes only.
    if (isTeacher(ctx) && (cls.teacherId === null || cls.teacherId !== actorUserId(ctx.actor))) {
      throw new BookingError('not_your_class', 'Teachers see the rosters of their own classes only.');
    }
    const entries = await repo.listRosterEntries(tx, ctx, occurrenceId);
    const dtos = await bookingDtos(tx, ctx, entries.map((e) => e.id));
    const groups: RosterDto['groups'] = { booked: [], waitlisted: [], checked_in: [], late_cancelled: [], no_show: [], cancelled: [] };
    entries.forEach((e, i) => {
      const group = groupOf(e);
      const dto = dtos[i];
      if (group && dto) groups[group].push(dto);
    });
    const spotsTaken = entries.filter((e) => (e.status === 'pending' || e.status === 'booked') && e.spotLabel !== null).map((e) => e.spotLabel!).sort();
    const counts = {
      booked: groups.booked.length,
      waitlisted: groups.waitlisted.length,
      checked_in: groups.checked_in.length,
      late_cancelled: groups.late_cancelled.length,
      no_show: groups.no_show.length,
      cancelled: groups.cancelled.length,
    };
    return {
      cls,
      roster: { occurrenceId, capacity: cls.capacity, bookedCount: cls.bookedCount, spotsLeft: Math.max(0, cls.capacity - cls.bookedCount), counts, groups, spotsTaken },
    };
  }

  return {
    /** The roster of one class; teachers only of their own (`not_your_class`). */
    async getRoster(ctx: Ctx, occurrenceId: string): Promise<RosterDto> {
      return withStudio(database, ctx.studioId, async (tx) => (await load(tx, ctx, occurrenceId)).roster);
    },

    /**
     * The booked attendees (status `booked`) of the studio's scheduled classes starting in
     * (from, to], soonest first: booking, class, its start, attendee and payer. Class reminders
     * (messaging) read it; no access check, it is a system read.
     */
    async bookedStartingBetween(ctx: Ctx, from: Date, to: Date, tx?: Tx): Promise<repo.BookedAttendee[]> {
      if (tx) return repo.listBookedStartingBetween(tx, ctx, from, to);
      return withStudio(database, ctx.studioId, (t) => repo.listBookedStartingBetween(t, ctx, from, to));
    },

    /** The roster as a CSV file named after the class and its local date; e-mail and phone only for those who may read customers. */
    async exportCsv(ctx: Ctx, occurrenceId: string): Promise<{ fileName: string; body: string }> {
      return withStudio(database, ctx.studioId, async (tx) => {
        const { cls, roster } = await load(tx, ctx, occurrenceId);
        const everyone = Object.values(roster.groups).flat();
        const contacts = actorCan(ctx.actor, 'customers:read') ? await repo.contactsOf(tx, ctx, everyone.map((b) => b.customerId)) : null;
        return { fileName: rosterFileName(cls.name, cls.startsAt, cls.timeZone), body: rosterCsv(roster, cls.timeZone, contacts) };
      });
    },
  };
}

export type RosterService = ReturnType<typeof createRosterService>;
