/**
 * The shared pipeline-change vectors (test/vectors/change) through core:
 * every change table of each case, cell for cell. UPDATE_VECTORS=1 rewrites
 * the expectations (review the diff).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { changeTables, runPipelineChange } from '../../core/change';
import type { JsonCell } from '../vectors/forecast-vectors';
import { sameNumber } from '../vectors/forecast-vectors';
import {
  CHANGE_VECTOR_DIR,
  cellFromJson,
  cellToJson,
  changeVectorFiles,
  readChangeVector,
  type ChangeVector,
} from '../vectors/change-vectors';

export function changeVectorTables(v: ChangeVector): Record<string, JsonCell[][]> {
  const change = runPipelineChange(
    v.snapshots.map((s) => ({
      sheet: { name: s.name, values: s.values.map((r) => r.map(cellFromJson)) },
      asOf: s.asOf,
    })),
    v.settings,
    v.options ?? {},
  );
  return Object.fromEntries(
    changeTables(change).map((t) => [
      t.key,
      [t.columns.map((c) => c.header), ...t.rows.map((r) => r.map(cellToJson))],
    ]),
  );
}

const same = (a: JsonCell, b: JsonCell): boolean =>
  typeof a === 'number' && typeof b === 'number'
    ? sameNumber(a, b)
    : JSON.stringify(a) === JSON.stringify(b);

describe('pipeline-change vectors', () => {
  it('has vectors', () => expect(changeVectorFiles.length).toBeGreaterThanOrEqual(3));

  describe.each(changeVectorFiles)('%s', (file) => {
    const vector = readChangeVector(file);
    const actual = changeVectorTables(vector);
    if (process.env.UPDATE_VECTORS) {
      vector.expect = actual;
      writeFileSync(path.join(CHANGE_VECTOR_DIR, file), `${JSON.stringify(vector, null, 2)}\n`);
    }

    it('has every table it expects, no more', () => {
      expect(Object.keys(actual)).toEqual(Object.keys(vector.expect));
    });

    it.each(Object.keys(actual))('%s table matches', (key) => {
      const want = vector.expect[key as keyof typeof vector.expect];
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
