import { describe, expect, it } from 'vitest';
import { cellKey, cellsOf, fitTo, nextSpotLabel, renumber, toSpotMap } from './grid.ts';

const map = {
  rows: 3,
  columns: 3,
  cells: [
    { row: 1, column: 3, kind: 'landmark' as const, label: 'Door' },
    { row: 2, column: 2, kind: 'spot' as const, label: '7' },
    { row: 1, column: 1, kind: 'spot' as const, label: 'A' },
    { row: 3, column: 1, kind: 'spot' as const, label: '2' },
  ],
};

describe('spot map grid helpers', () => {
  it('numbers a new spot after the highest numbered one', () => {
    expect(nextSpotLabel(cellsOf(map))).toBe('8');
    expect(nextSpotLabel(cellsOf(null))).toBe('1');
  });

  it('renumbers spots front row first, left to right, keeping landmarks', () => {
    const cells = renumber(cellsOf(map));

    expect(cells.get(cellKey(1, 1))).toEqual({ kind: 'spot', label: '1' });
    expect(cells.get(cellKey(1, 3))).toEqual({ kind: 'landmark', label: 'Door' });
    expect(cells.get(cellKey(2, 2))).toEqual({ kind: 'spot', label: '2' });
    expect(cells.get(cellKey(3, 1))).toEqual({ kind: 'spot', label: '3' });
  });

  it('drops cells outside a smaller grid and writes the map in reading order', () => {
    expect([...fitTo(cellsOf(map), 2, 2).keys()].sort()).toEqual(['1:1', '2:2']);
    expect(toSpotMap(cellsOf(map), 3, 2)).toEqual({
      rows: 3,
      columns: 2,
      cells: [
        { row: 1, column: 1, kind: 'spot', label: 'A' },
        { row: 2, column: 2, kind: 'spot', label: '7' },
        { row: 3, column: 1, kind: 'spot', label: '2' },
      ],
    });
  });
});
