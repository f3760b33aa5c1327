import type { FieldError } from '../../../kernel/errors.ts';

/**
 * A room's floor plan for spot selection: a grid of `rows` × `columns` cells (both counted
 * from 1, row 1 at the front of the room), some holding a numbered spot a customer can pick
 * (a mat, a bike) and some a landmark that helps them find their way ("Door", "Mirror").
 * Cells not listed are empty floor.
 */
export interface SpotMap {
  rows: number;
  columns: number;
  cells: SpotCell[];
}

export interface SpotCell {
  row: number;
  column: number;
  kind: 'spot' | 'landmark';
  label: string;
}

export const maxGridSide = 30;
export const maxSpotLabel = 10;
export const maxLandmarkLabel = 40;

export type SpotMapCheck = { ok: true; map: SpotMap } | { ok: false; errors: FieldError[] };

const isIntIn = (n: unknown, min: number, max: number) => Number.isInteger(n) && (n as number) >= min && (n as number) <= max;

/**
 * Checks a spot map and returns it tidied (labels trimmed, cells front row first, left to
 * right), or every rule it breaks, each on its own field (`cells.3.label`):
 * - 1 to 30 rows and columns;
 * - each cell inside the grid, no two cells in one place, so at most rows × columns cells;
 * - a spot's label is 1 to 10 characters and no other spot has it (compared ignoring case,
 *   since a customer reads "a1" and "A1" as the same spot);
 * - a landmark's label is 1 to 40 characters (two doors may both be "Door").
 */
export function checkSpotMap(input: SpotMap): SpotMapCheck {
  const errors: FieldError[] = [];
  const { rows, columns } = input;
  const rowsOk = isIntIn(rows, 1, maxGridSide);
  const columnsOk = isIntIn(columns, 1, maxGridSide);
  if (!rowsOk) errors.push({ path: 'rows', message: `A room has 1 to ${maxGridSide} rows.` });
  if (!columnsOk) errors.push({ path: 'columns', message: `A room has 1 to ${maxGridSide} columns.` });
  if (rowsOk && columnsOk && input.cells.length > rows * columns) {
    errors.push({ path: 'cells', message: `A ${rows} × ${columns} grid has at most ${rows * columns} cells.` });
  }

  const places = new Map<string, number>();
  const spotLabels = new Map<string, number>();
  const cells = input.cells.map((cell, i) => {
    const at = `cells.${i}`;
    const label = cell.label.trim();
    if (!isIntIn(cell.row, 1, rowsOk ? rows : maxGridSide)) errors.push({ path: `${at}.row`, message: 'This cell is outside the grid’s rows.' });
    if (!isIntIn(cell.column, 1, columnsOk ? columns : maxGridSide)) {
      errors.push({ path: `${at}.column`, message: 'This cell is outside the grid’s columns.' });
    }
    const place = `${cell.row}:${cell.column}`;
    const first = places.get(place);
    if (first !== undefined) errors.push({ path: at, message: `Cell ${first + 1} is already in row ${cell.row}, column ${cell.column}.` });
    else places.set(place, i);

    if (cell.kind === 'spot') {
      if (label.length < 1 || label.length > maxSpotLabel) {
        errors.push({ path: `${at}.label`, message: `A spot’s label is 1 to ${maxSpotLabel} characters.` });
      } else {
        const key = label.toLocaleLowerCase('en');
        const other = spotLabels.get(key);
        if (other !== undefined) errors.push({ path: `${at}.label`, message: `Another spot is already labelled “${label}”.` });
        else spotLabels.set(key, i);
      }
    } else if (cell.kind === 'landmark') {
      if (label.length < 1 || label.length > maxLandmarkLabel) {
        errors.push({ path: `${at}.label`, message: `A landmark’s label is 1 to ${maxLandmarkLabel} characters.` });
      }
    } else {
      errors.push({ path: `${at}.kind`, message: 'A cell is a spot or a landmark.' });
    }
    return { row: cell.row, column: cell.column, kind: cell.kind, label };
  });

  if (errors.length > 0) return { ok: false, errors };
  cells.sort((x, y) => x.row - y.row || x.column - y.column);
  return { ok: true, map: { rows, columns, cells } };
}

/** How many spots customers can pick from. */
export function spotCount(map: SpotMap | null): number {
  return map ? map.cells.filter((c) => c.kind === 'spot').length : 0;
}
