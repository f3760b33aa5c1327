import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../../platform/db/tx.ts';
import { testDatabaseKinds } from '../../../platform/testing/database.ts';
import { createTestEnso, makeStudio, type StudioFixture, type TestEnso } from '../../../platform/testing/enso.ts';
import { problem, type TestClient } from '../../../platform/testing/client.ts';

const plan = {
  rows: 2,
  columns: 3,
  cells: [
    { row: 1, column: 3, kind: 'landmark', label: ' Door ' },
    { row: 1, column: 1, kind: 'spot', label: '1' },
    { row: 2, column: 1, kind: 'spot', label: '2' },
  ],
};

describe.each(testDatabaseKinds())('room spot maps API (%s)', (kind) => {
  let enso: TestEnso;
  let a: StudioFixture;
  let b: StudioFixture;
  let frontDesk: TestClient;
  let teacher: TestClient;

  beforeAll(async () => {
    enso = await createTestEnso(kind);
    a = await makeStudio(enso);
    b = await makeStudio(enso);
    frontDesk = await a.staff('front_desk');
    teacher = await a.staff('teacher');
  });
  afterAll(() => enso?.dispose());

  async function newRoom(s: StudioFixture) {
    const location = await s.admin.post('/api/v1/locations', { name: 'Main', timeZone: 'Europe/Paris' });
    const room = await s.admin.post(`/api/v1/locations/${location.body.id}/rooms`, { name: 'Studio A', capacity: 12 });
    return room.body as { id: string; locationId: string };
  }

  it('starts without a plan, then saves one tidied, counts its spots and lists it with the room', async () => {
    const room = await newRoom(a);

    const before = (await a.admin.get(`/api/v1/locations/${room.locationId}/rooms`)).body.items[0];
    const saved = await a.admin.put(`/api/v1/rooms/${room.id}/spot-map`, plan);
    const listed = (await frontDesk.get(`/api/v1/locations/${room.locationId}/rooms`)).body.items[0];

    expect(before).toMatchObject({ spotMap: null, spotCount: 0 });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({
      spotCount: 2,
      spotMap: {
        rows: 2,
        columns: 3,
        cells: [
          { row: 1, column: 1, kind: 'spot', label: '1' },
          { row: 1, column: 3, kind: 'landmark', label: 'Door' },
          { row: 2, column: 1, kind: 'spot', label: '2' },
        ],
      },
    });
    expect(listed).toEqual(saved.body);
  });

  it('publishes room.updated with the spot map as the change', async () => {
    const room = await newRoom(a);

    await a.admin.put(`/api/v1/rooms/${room.id}/spot-map`, plan);
    await a.admin.delete(`/api/v1/rooms/${room.id}/spot-map`);
    await a.admin.delete(`/api/v1/rooms/${room.id}/spot-map`);

    const result = await enso.database.system.execute(
      sql`select type, payload from events where subject_id = ${room.id} and type = 'room.updated.v1' order by occurred_at, id`,
    );
    expect(rowsOf(result)).toEqual([
      { type: 'room.updated.v1', payload: { changed: ['spotMap'] } },
      { type: 'room.updated.v1', payload: { changed: ['spotMap'] } },
    ]);
  });

  it('removes a plan', async () => {
    const room = await newRoom(a);
    await a.admin.put(`/api/v1/rooms/${room.id}/spot-map`, plan);

    const removed = await a.admin.delete(`/api/v1/rooms/${room.id}/spot-map`);

    expect(removed.body).toMatchObject({ id: room.id, spotMap: null, spotCount: 0 });
  });

  it('refuses a plan that breaks the rules, with an error on each field', async () => {
    const room = await newRoom(a);

    const res = await a.admin.put(`/api/v1/rooms/${room.id}/spot-map`, {
      rows: 2,
      columns: 2,
      cells: [
        { row: 1, column: 1, kind: 'spot', label: '1' },
        { row: 1, column: 1, kind: 'spot', label: '2' },
        { row: 3, column: 1, kind: 'spot', label: '1' },
        { row: 2, column: 2, kind: 'landmark', label: '' },
      ],
    });
    const big = await a.admin.put(`/api/v1/rooms/${room.id}/spot-map`, { rows: 31, columns: 0, cells: [] });
    const shape = await a.admin.put(`/api/v1/rooms/${room.id}/spot-map`, { rows: 2, columns: 2, cells: [{ row: 1, column: 1, kind: 'pillar', label: 'P' }] });
    const after = await a.admin.get(`/api/v1/locations/${room.locationId}/rooms`);

    expect(res.body).toMatchObject(problem(400, 'validation_failed'));
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['cells.1', 'cells.2.row', 'cells.2.label', 'cells.3.label']);
    expect(big.body.errors.map((e: { path: string }) => e.path)).toEqual(['rows', 'columns']);
    expect(shape.body).toMatchObject({ ...problem(400, 'validation_failed'), errors: [{ path: 'cells.0.kind' }] });
    expect(after.body.items[0].spotMap).toBeNull();
  });

  it('answers 404 for a room of another studio, which keeps its plan', async () => {
    const theirs = await newRoom(b);
    await b.admin.put(`/api/v1/rooms/${theirs.id}/spot-map`, plan);

    const put = await a.admin.put(`/api/v1/rooms/${theirs.id}/spot-map`, { rows: 1, columns: 1, cells: [] });
    const del = await a.admin.delete(`/api/v1/rooms/${theirs.id}/spot-map`);
    const still = await b.admin.get(`/api/v1/locations/${theirs.locationId}/rooms`);

    expect(put.body).toMatchObject(problem(404, 'room_not_found'));
    expect(del.body).toMatchObject(problem(404, 'room_not_found'));
    expect(still.body.items[0].spotCount).toBe(2);
  });

  it('lets only staff who manage locations draw plans', async () => {
    const room = await newRoom(a);

    const calls = await Promise.all([
      frontDesk.put(`/api/v1/rooms/${room.id}/spot-map`, plan),
      teacher.put(`/api/v1/rooms/${room.id}/spot-map`, plan),
      frontDesk.delete(`/api/v1/rooms/${room.id}/spot-map`),
    ]);

    for (const res of calls) expect(res.body).toMatchObject(problem(403, 'forbidden'));
  });
});
