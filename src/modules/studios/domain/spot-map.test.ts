import { describe, expect, it } from 'vitest';
import { checkSpotMap, spotCount, type SpotCell, type SpotMap } from './spot-map.ts';

const spot = (row: number, column: number, label: string): SpotCell => ({ row, column, kind: 'spot', label });
const landmark = (row: number, column: number, label: string): SpotCell => ({ row, column, kind: 'landmark', label });
const errorsOf = (map: SpotMap) => {
  const result = checkSpotMap(map);
  return result.ok ? [] : result.errors;
};
const pathsOf = (map: SpotMap) => errorsOf(map).map((e) => e.path);

describe('checkSpotMap', () => {
  it('accepts a room of spots and landmarks, trimming labels and ordering cells front row first', () => {
    const result = checkSpotMap({ rows: 3, columns: 4, cells: [spot(2, 1, ' 5 '), landmark(1, 4, ' Door '), spot(1, 1, '1'), landmark(3, 4, 'Door')] });

    expect(result).toEqual({
      ok: true,
      map: { rows: 3, columns: 4, cells: [spot(1, 1, '1'), landmark(1, 4, 'Door'), spot(2, 1, '5'), landmark(3, 4, 'Door')] },
    });
  });

  it('accepts the smallest and the largest grid, and an empty plan', () => {
    const full = Array.from({ length: 900 }, (_, i) => spot(Math.floor(i / 30) + 1, (i % 30) + 1, String(i + 1)));

    expect(checkSpotMap({ rows: 1, columns: 1, cells: [spot(1, 1, 'A')] }).ok).toBe(true);
    expect(checkSpotMap({ rows: 30, columns: 30, cells: full }).ok).toBe(true);
    expect(checkSpotMap({ rows: 2, columns: 2, cells: [] }).ok).toBe(true);
  });

  it.each([
    [0, 5, ['rows']],
    [31, 5, ['rows']],
    [5, 0, ['columns']],
    [5, 31, ['columns']],
    [2.5, 5, ['rows']],
  ])('refuses %s rows × %s columns', (rows, columns, paths) => {
    expect(pathsOf({ rows, columns, cells: [] })).toEqual(paths);
  });

  it('refuses cells outside the grid, naming the row or the column', () => {
    expect(pathsOf({ rows: 2, columns: 3, cells: [spot(3, 1, '1'), spot(1, 4, '2'), spot(0, 0, '3'), spot(2, 3, '4')] })).toEqual([
      'cells.0.row',
      'cells.1.column',
      'cells.2.row',
      'cells.2.column',
    ]);
  });

  it('refuses two cells in one place, pointing at the second', () => {
    const errors = errorsOf({ rows: 2, columns: 2, cells: [spot(1, 1, '1'), landmark(1, 1, 'Door')] });

    expect(errors).toEqual([{ path: 'cells.1', message: 'Cell 1 is already in row 1, column 1.' }]);
  });

  it('refuses more cells than the grid holds', () => {
    const cells = [spot(1, 1, '1'), spot(1, 2, '2'), spot(1, 1, '3')];

    expect(pathsOf({ rows: 1, columns: 2, cells })).toEqual(['cells', 'cells.2']);
  });

  it('refuses two spots with one label, whatever the case, but lets landmarks share a name', () => {
    expect(pathsOf({ rows: 2, columns: 2, cells: [spot(1, 1, 'A1'), spot(1, 2, 'a1 ')] })).toEqual(['cells.1.label']);
    expect(pathsOf({ rows: 2, columns: 2, cells: [landmark(1, 1, 'Door'), landmark(2, 2, 'Door'), spot(1, 2, 'Door')] })).toEqual([]);
  });

  it.each([
    [spot(1, 1, ''), 'cells.0.label'],
    [spot(1, 1, '   '), 'cells.0.label'],
    [spot(1, 1, 'x'.repeat(11)), 'cells.0.label'],
    [landmark(1, 1, ''), 'cells.0.label'],
    [landmark(1, 1, 'x'.repeat(41)), 'cells.0.label'],
    [{ row: 1, column: 1, kind: 'pillar', label: 'P' } as unknown as SpotCell, 'cells.0.kind'],
  ])('refuses a bad label or kind: %o', (cell, path) => {
    expect(pathsOf({ rows: 1, columns: 1, cells: [cell] })).toEqual([path]);
  });

  it('accepts a landmark label of exactly 40 characters and a spot label of 10', () => {
    expect(checkSpotMap({ rows: 1, columns: 2, cells: [landmark(1, 1, 'x'.repeat(40)), spot(1, 2, 'y'.repeat(10))] }).ok).toBe(true);
  });
});

describe('spotCount', () => {
  it('counts spots, not landmarks, and nothing without a map', () => {
    expect(spotCount({ rows: 2, columns: 2, cells: [spot(1, 1, '1'), spot(1, 2, '2'), landmark(2, 1, 'Door')] })).toBe(2);
    expect(spotCount(null)).toBe(0);
  });
});
