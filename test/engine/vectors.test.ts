/**
 * The shared forecast vectors (test/vectors/forecast): every output table of
 * each small deal sheet, exactly as the Excel and Sheets adapters must
 * produce it. UPDATE_VECTORS=1 rewrites the expectations (review the diff).
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CellValue } from '../../core/cells';
import {
  runForecast,
  toOutputTables,
  type ForecastSettings,
  type SourceSheet,
} from '../../core/engine';

const DIR = path.resolve(__dirname, '../vectors/forecast');

type JsonCell = string | number | boolean | null | { date: string };

interface Vector {
  id: string;
  description: string;
  sheet: { name: string; values: JsonCell[][]; firstRow?: number };
  settings: ForecastSettings;
  expect?: Record<string, JsonCell[][]>;
}

export function fromJson(cell: JsonCell): CellValue {
  if (cell !== null && typeof cell === 'object') return new Date(`${cell.date}T00:00:00Z`);
  return cell;
}

export function toJson(cell: CellValue): JsonCell {
  if (cell instanceof Date) return { date: cell.toISOString().slice(0, 10) };
  return cell;
}

/** Output tables as JSON grids: header row first. */
export function vectorTables(v: Vector): Record<string, JsonCell[][]> {
  const sheet: SourceSheet = {
    name: v.sheet.name,
    values: v.sheet.values.map((r) => r.map(fromJson)),
    firstRow: v.sheet.firstRow,
  };
  const tables = toOutputTables(runForecast(sheet, v.settings));
  return Object.fromEntries(
    tables.map((t) => [
      t.key,
      [t.columns.map((c) => c.header), ...t.rows.map((r) => r.map(toJson))],
    ]),
  );
}

function same(a: JsonCell, b: JsonCell): boolean {
  if (typeof a === 'number' && typeof b === 'number')
    return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a));
  return JSON.stringify(a) === JSON.stringify(b);
}

const files = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort();

describe('forecast vectors', () => {
  it('has vectors', () => expect(files.length).toBeGreaterThanOrEqual(4));

  describe.each(files)('%s', (file) => {
    const full = path.join(DIR, file);
    const vector = JSON.parse(readFileSync(full, 'utf8')) as Vector;
    const actual = vectorTables(vector);
    if (process.env.UPDATE_VECTORS) {
      vector.expect = actual;
      writeFileSync(full, `${JSON.stringify(vector, null, 2)}\n`);
    }

    it.each(Object.keys(actual))('%s table matches', (key) => {
      const want = vector.expect?.[key];
      expect(want).toBeDefined();
      const got = actual[key]!;
      expect(got.length).toBe(want!.length);
      got.forEach((row, r) => {
        expect(row.length).toBe(want![r]!.length);
        row.forEach((cell, c) => {
          if (!same(cell, want![r]![c]!)) {
            throw new Error(
              `${key} row ${r} column ${want![0]![c]}: got ${JSON.stringify(cell)}, want ${JSON.stringify(want![r]![c])}`,
            );
          }
        });
      });
    });
  });
});
