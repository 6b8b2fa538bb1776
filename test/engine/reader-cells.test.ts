/**
 * A table's cells read two ways: fillRow (the hosts' rows, made by readerCells
 * from the readers, core/output.ts) and the readers themselves (the XLSX
 * writer). FunnelData and Data issues from the engine's columns give, cell for
 * cell, what the same tables give from the DealRecords and DataIssues.
 */
import type { CellValue } from '../../core/cells';
import { materialize, runForecast, toOutputSources } from '../../core/engine';
import type { ForecastResult } from '../../core/engine';
import { readerCells, type ColumnReader, type OutputSource } from '../../core/output';
import { EUR_ONLY, sampleCase } from './helpers';

const DAY = 86_400_000;

/** Row i's cells read from the readers, by hand (the oracle for readerCells). */
function readersRow(source: OutputSource, i: number): CellValue[] {
  return source.readers!.map((r: ColumnReader): CellValue => {
    if (r.kind === 'number') {
      const v = r.at(i);
      return Number.isNaN(v) ? null : v;
    }
    if (r.kind === 'label') return r.labels[r.at(i)] ?? null;
    if (r.kind === 'day') {
      const d = r.at(i);
      return Number.isNaN(d) ? null : new Date(d * DAY);
    }
    return r.at(i);
  });
}

const table = (result: ForecastResult, key: string) =>
  toOutputSources(result).find((s) => s.key === key)!;

describe('readerCells', () => {
  it('reads each kind into its column: NaN, -1 and an unknown label as null, a day as its Date', () => {
    const readers: ColumnReader[] = [
      { kind: 'cell', at: (i) => (i ? 'text' : null) },
      { kind: 'number', at: (i) => (i ? 2.5 : NaN) },
      { kind: 'label', labels: ['No', 'Yes'], at: (i) => [-1, 1, 2][i]! },
      { kind: 'day', at: (i) => (i ? 20_000 : NaN) },
    ];
    const fill = readerCells(readers, [3, 0, 2, 1]);
    const rows = [0, 1, 2].map((i) => {
      const row: CellValue[] = [];
      fill(i, row);
      return row;
    });
    expect(rows).toEqual([
      [null, null, null, null],
      [2.5, new Date(20_000 * DAY), 'Yes', 'text'],
      [2.5, new Date(20_000 * DAY), null, 'text'],
    ]);
    // A writer's own dates (one Date per day): used as given.
    const day = new Date(0);
    const own: CellValue[] = [];
    readerCells([readers[3]!], [0], () => day)(1, own);
    expect(own[0]).toBe(day);
  });

  it.each(['en', 'zh'] as const)(
    'the %s sample: FunnelData and Data issues from the columns are the tables of the records',
    (language) => {
      // EUR only: the other currencies are no-rate deals (base-currency labels, issues).
      const { sheet, settings } = sampleCase(language, EUR_ONLY);
      const result = runForecast(sheet, settings);
      // A copy of the result holds its deals and issues as objects: no column store behind it.
      const records = { ...runForecast(sheet, settings) };
      for (const key of ['FunnelData', 'DataIssues']) {
        const columns = table(result, key);
        const objects = table(records, key);
        expect([key, columns.readers?.length]).toEqual([key, columns.columns.length]);
        expect(objects.readers).toBeUndefined();
        const want = materialize(objects).rows;
        expect(want.length).toBeGreaterThan(10);
        expect(materialize(columns).rows).toEqual(want);
        expect(want.map((_, i) => readersRow(columns, i))).toEqual(want);
      }
      if (language === 'en')
        expect(materialize(table(result, 'DataIssues')).rows.map((r) => r[4])).toContain(
          'No currency rate',
        );
    },
  );
});
