import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import type { StudioId } from '../../../../kernel/ids.ts';
import { rowsOf, withStudio } from '../../../../platform/db/tx.ts';
import type { TestEnso } from '../../../../platform/testing/enso.ts';
import { createSeries, type ScheduleStudio } from '../../../schedule/tests/schedule-fixtures.ts';

/** A course of three dated classes (Mondays 5, 12 and 19 April 2027, 18:00 Paris), 90.00 as a whole, 5 places unless said otherwise. */
export async function makeCourse(enso: TestEnso, s: ScheduleStudio, overrides: Record<string, unknown> = {}): Promise<{ seriesId: string; classIds: string[] }> {
  const created = await createSeries(s, {
    templateId: s.templateId,
    kind: 'course',
    pattern: 'dates',
    dates: [
      { date: '2027-04-05', startTime: '18:00' },
      { date: '2027-04-12', startTime: '18:00' },
      { date: '2027-04-19', startTime: '18:00' },
    ],
    locationId: s.locationId,
    priceMinor: 9000,
    capacity: 5,
    confirmConflicts: true,
    ...overrides,
  });
  const ids = await withStudio(enso.database, s.studioId as StudioId, async (tx) =>
    rowsOf<{ id: string }>(await tx.execute(sql`select id from schedule_occurrences where studio_id = ${s.studioId} and series_id = ${created.series.id} order by starts_at`)).map((r) => r.id),
  );
  expect(ids).toHaveLength(3);
  return { seriesId: created.series.id as string, classIds: ids };
}
