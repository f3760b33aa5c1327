import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../kernel/clock.ts';
import { problem, type TestClient } from '../../../platform/testing/client.ts';
import { testDatabaseKinds } from '../../../platform/testing/database.ts';
import { createTestEnso, type TestEnso } from '../../../platform/testing/enso.ts';
import { createSeries, scheduleStudio, weekly, type ScheduleStudio } from './schedule-fixtures.ts';

const march = 'from=2027-03-01T00:00:00Z&to=2027-04-01T00:00:00Z';

describe.each(testDatabaseKinds())('who may do what with the schedule (%s)', (kind) => {
  let enso: TestEnso;
  let a: ScheduleStudio;
  let frontDesk: TestClient;
  let operator: TestClient;
  let own: any[];
  let others: any[];
  let courseId: string;
  const clock = fixedClock('2027-03-01T12:00:00Z');

  beforeAll(async () => {
    enso = await createTestEnso(kind, { clock });
    a = await scheduleStudio(enso);
    frontDesk = await a.staff('front_desk');
    operator = await a.staff('operator');
    const mine = await createSeries(a, weekly(a, { startTimes: ['18:00'] }));
    const theirs = await createSeries(a, weekly(a, { startTimes: ['18:00'], teacherId: a.adminId, roomId: a.otherRoomId }));
    courseId = (await createSeries(a, { templateId: a.templateId, kind: 'course', pattern: 'dates', dates: [{ date: '2027-03-20', startTime: '10:00' }], locationId: a.locationId })).series.id;
    const list = (await a.admin.get(`/api/v1/occurrences?${march}`)).body.items as any[];
    own = list.filter((o) => o.seriesId === mine.series.id);
    others = list.filter((o) => o.seriesId === theirs.series.id);
  });
  afterAll(() => enso?.dispose());

  /** Every write route, called on a class (of `classes`) that exists. */
  const writes = (classes: any[]) => [
    (c: TestClient) => c.post('/api/v1/series', weekly(a, { startTimes: ['06:00'], teacherId: null, roomId: null, weeksAhead: 1 })),
    (c: TestClient) => c.post(`/api/v1/series/${courseId}/dates`, { date: '2027-03-27', startTime: '10:00' }),
    (c: TestClient) => c.post(`/api/v1/occurrences/${classes[1].id}/edit-following`, { capacity: 14 }),
    (c: TestClient) => c.post(`/api/v1/occurrences/${classes[1].id}/substitute`, { teacherId: a.adminId }),
    (c: TestClient) => c.post(`/api/v1/occurrences/${classes[2].id}/cancel`, {}),
    (c: TestClient) => c.delete(`/api/v1/occurrences/${classes[3].id}`),
  ];

  it('lets the front desk read the schedule but change nothing', async () => {
    const reads = [
      await frontDesk.get(`/api/v1/occurrences?${march}`),
      await frontDesk.get(`/api/v1/occurrences/${own[0].id}`),
      await frontDesk.get(`/api/v1/series/${own[0].seriesId}`),
    ];
    const denied = [await frontDesk.patch(`/api/v1/occurrences/${own[0].id}`, { capacity: 11 })];
    for (const call of writes(own)) denied.push(await call(frontDesk));

    expect(reads.map((r) => r.status)).toEqual([200, 200, 200]);
    for (const res of denied) expect(res.status).toBe(403);
  });

  it('lets a teacher edit their own classes only, and nothing at series level', async () => {
    const edit = await a.teacher.patch(`/api/v1/occurrences/${own[0].id}`, { capacity: 11, startTime: '18:15' });
    const foreign = await a.teacher.patch(`/api/v1/occurrences/${others[0].id}`, { capacity: 11 });
    const denied = [];
    for (const call of writes(own)) denied.push(await call(a.teacher));
    const list = await a.teacher.get(`/api/v1/occurrences?${march}`);

    expect(edit.body).toMatchObject({ capacity: 11, startTime: '18:15', canEdit: true });
    expect(foreign.body).toMatchObject(problem(403, 'not_your_class'));
    for (const res of denied) expect(res.status).toBe(403);
    expect(new Set(list.body.items.map((o: any) => o.teacherId))).toEqual(new Set([a.teacherId]));
  });

  it('lets an operator do everything an admin does with the schedule', async () => {
    const results = [];
    for (const call of writes(others)) results.push(await call(operator));
    const edit = await operator.patch(`/api/v1/occurrences/${others[0].id}`, { capacity: 9 });

    expect(results.map((r) => r.status)).toEqual([201, 201, 200, 200, 200, 204]);
    expect(edit.status).toBe(200);
  });
});
