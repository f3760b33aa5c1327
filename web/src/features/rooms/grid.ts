import type { SpotCell, SpotMap } from './api.ts';

/** Cells keyed by `row:column` (both from 1), as the editor holds them. */
export type CellMap = ReadonlyMap<string, Omit<SpotCell, 'row' | 'column'>>;

export const cellKey = (row: number, column: number) => `${row}:${column}`;

export function cellsOf(map: SpotMap | null): CellMap {
  return new Map((map?.cells ?? []).map((c) => [cellKey(c.row, c.column), { kind: c.kind, label: c.label }]));
}

/** The next spot number: one more than the highest numbered spot (labels that aren't numbers are skipped). */
export function nextSpotLabel(cells: CellMap): string {
  let highest = 0;
  for (const c of cells.values()) {
    if (c.kind === 'spot' && /^\d+$/.test(c.label)) highest = Math.max(highest, Number(c.label));
  }
  return String(highest + 1);
}

/** Numbers every spot again 1, 2, 3… front row first, left to right (landmarks keep their names). */
export function renumber(cells: CellMap): CellMap {
  const keys = [...cells.keys()].map((k) => k.split(':').map(Number) as [number, number]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out = new Map<string, Omit<SpotCell, 'row' | 'column'>>();
  let n = 0;
  for (const [row, column] of keys) {
    const cell = cells.get(cellKey(row, column))!;
    out.set(cellKey(row, column), cell.kind === 'spot' ? { kind: 'spot', label: String(++n) } : cell);
  }
  return out;
}

/** Drops the cells a smaller grid no longer has. */
export function fitTo(cells: CellMap, rows: number, columns: number): CellMap {
  return new Map(
    [...cells].filter(([key]) => {
      const [row, column] = key.split(':').map(Number) as [number, number];
      return row <= rows && column <= columns;
    }),
  );
}

export function toSpotMap(cells: CellMap, rows: number, columns: number): SpotMap {
  const list = [...fitTo(cells, rows, columns)].map(([key, c]) => {
    const [row, column] = key.split(':').map(Number) as [number, number];
    return { row, column, kind: c.kind, label: c.label };
  });
  list.sort((a, b) => a.row - b.row || a.column - b.column);
  return { rows, columns, cells: list };
}
