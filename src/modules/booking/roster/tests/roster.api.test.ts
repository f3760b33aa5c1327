import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StudioId } from '../../../../kernel/ids.ts';
import { withStudio } from '../../../../platform/db/tx.ts';
import { testDatabaseKinds } from '../../../../platform/testing/database.ts';
import { createTestEnso, makeCustomer, makeStudio, type StudioFixture, type TestEnso } from '../../../../platform/testing/enso.ts';
import type { TestClient } from '../../../../platform/testing/client.ts';
import { insertBooking, makeClass } from '../../penalties/tests/support.ts';

describe.each(testDatabaseKinds())('class roster (%s)', (kind) => {
  let enso: TestEnso;
  let a: StudioFixture;
  let teacher: TestClient;
  let otherTeacher: TestClient;
  let occurrenceId: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    enso = await createTestEnso(kind);
    a = await makeStudio(enso);
    teacher = await a.staff('teacher');
    otherTeacher = await a.staff('teacher');
    const teacherId = (await teacher.get('/api/v1/auth/session')).body.user.id;
    ({ occurrenceId } = await makeClass(a, { date: '2030-03-04', startTime: '18:30', teacherId, name: 'Yoga flow', capacity: 12 }));
    const person = async (firstName: string, lastName = 'Doe', extra: Record<string, unknown> = {}) => (await makeCustomer(a, { firstName, lastName, ...extra })).id;
    const at = new Date('2030-03-04T17:35:00Z');
    ids.booked = await insertBooking(enso, a, { occurrenceId, customerId: await person('Bea', 'Booked', { phone: '+33 6 12 34 56 78' }), status: 'booked', spotLabel: 'A1' });
    ids.checkedIn = await insertBooking(enso, a, { occurrenceId, customerId: await person('=HYPERLINK("http://x")', '-1+2'), status: 'booked', checkedInAt: at });
    ids.waitSecond = await insertBooking(enso, a, { occurrenceId, customerId: await person('Wes'), status: 'waitlisted', waitlistSeq: 9_000_002 });
    ids.waitFirst = await insertBooking(enso, a, { occurrenceId, customerId: await person('Wanda'), status: 'waitlisted', waitlistSeq: 9_000_001 });
    ids.late = await insertBooking(enso, a, { occurrenceId, customerId: await person('Lea'), status: 'late_cancelled', cancelledAt: at });
    ids.noShow = await insertBooking(enso, a, { occurrenceId, customerId: await person('Nina'), status: 'no_show', noShowAt: at });
    ids.cancelled = await insertBooking(enso, a, { occurrenceId, customerId: await person('Carl'), status: 'cancelled', cancelledAt: at });
    ids.removed = await insertBooking(enso, a, { occurrenceId, customerId: await person('Remy'), status: 'removed' });
    // As the booking flow keeps it: two spots held.
    await withStudio(enso.database, a.studioId as StudioId, (tx) => tx.execute(sql`update schedule_occurrences set booked_count = 2 where studio_id = ${a.studioId} and id = ${occurrenceId}`));
  });
  afterAll(() => enso?.dispose());

  it('groups the class by status with counts, the waitlist in arrival order', async () => {
    const res = await a.admin.get(`/api/v1/occurrences/${occurrenceId}/roster`);

    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ occurrenceId, capacity: 12, bookedCount: 2, spotsLeft: 10, spotsTaken: ['A1'] });
    expect(res.body.counts).toEqual({ booked: 1, waitlisted: 2, checked_in: 1, late_cancelled: 1, no_show: 1, cancelled: 1 });
    const idsOf = (group: string) => res.body.groups[group].map((b: { id: string }) => b.id);
    expect(idsOf('booked')).toEqual([ids.booked]);
    expect(idsOf('checked_in')).toEqual([ids.checkedIn]);
    expect(idsOf('waitlisted')).toEqual([ids.waitFirst, ids.waitSecond]);
    expect(res.body.groups.waitlisted.map((b: { waitlistPosition: number }) => b.waitlistPosition)).toEqual([1, 2]);
    expect(idsOf('late_cancelled')).toEqual([ids.late]);
    expect(idsOf('no_show')).toEqual([ids.noShow]);
    expect(idsOf('cancelled')).toEqual([ids.cancelled]);
    expect(JSON.stringify(res.body)).not.toContain(ids.removed);
    expect(res.body.groups.booked[0]).toMatchObject({ customerName: 'Bea Booked', class: { name: 'Yoga flow' } });
  });

  it('shows a teacher the roster of their own class only', async () => {
    const own = await teacher.get(`/api/v1/occurrences/${occurrenceId}/roster`);
    const other = await otherTeacher.get(`/api/v1/occurrences/${occurrenceId}/roster`);
    const otherCsv = await otherTeacher.get(`/api/v1/occurrences/${occurrenceId}/roster.csv`);

    expect(own.status).toBe(200);
    expect(other.status).toBe(403);
    expect(other.body.code).toBe('not_your_class');
    expect(otherCsv.status).toBe(403);
  });

  it('answers 404 for a class that does not exist', async () => {
    const res = await a.admin.get('/api/v1/occurrences/occ_nope/roster');

    expect(res.status).toBe(404);
    expect(res.body.code).toBe('class_not_found');
  });

  it('exports the roster as CSV named after the class, formulas kept as text', async () => {
    const res = await a.admin.get(`/api/v1/occurrences/${occurrenceId}/roster.csv`);
    const text = String(res.body);
    const lines = text.replace(/^\uFEFF/, '').trimEnd().split('\r\n');

    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toContain('filename="Yoga flow 2030-03-04 18.30.csv"');
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(lines[0]).toBe('Name,Email,Phone,Status,Checked in at,Spot,Paid with,Plan,Waitlist position');
    expect(lines[1]).toMatch(/^"'=HYPERLINK\(""http:\/\/x""\) -1\+2",[^,]*,,Checked in,2030-03-04 18:35,,complimentary,,$/);
    expect(lines[2]).toMatch(/^Bea Booked,[^,]+,'\+33 6 12 34 56 78,Booked,,A1,complimentary,,$/);
    expect(lines.slice(3).map((l) => l.split(',')[0])).toEqual(['Wanda Doe', 'Wes Doe', 'Lea Doe', 'Nina Doe', 'Carl Doe']);
    expect(lines[3]).toMatch(/,Waitlisted,.*,1$/);
  });

  it('leaves contacts out of the teacher CSV', async () => {
    const res = await teacher.get(`/api/v1/occurrences/${occurrenceId}/roster.csv`);
    const header = String(res.body).replace(/^\uFEFF/, '').split('\r\n')[0];

    expect(header).toBe('Name,Status,Checked in at,Spot,Paid with,Plan,Waitlist position');
  });
});
