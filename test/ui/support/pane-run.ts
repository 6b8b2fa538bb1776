/**
 * Shared steps of the pane's snapshot tests: the structuredClone jsdom hides,
 * a core grid as the fake Excel's values and number formats, and a run at an
 * as-of date that opens the Weekly snapshots panel.
 */
import { deserialize, serialize } from 'node:v8';
import { fireEvent, screen } from '@testing-library/react';
import type { CellValue } from '../../../core/cells';
import type { ForecastSettings } from '../../../core/engine/types';
import type { OutputTable } from '../../../core/output';
import { ExcelPort } from '../../../excel-addin/workbook/excel-port';
import { dateToSerial } from '../../../excel-addin/workbook/excel-values';
import { FakeSettings, type FakeExcel } from '../../excel/fake-excel';
import { renderPane } from '../render';

/** jsdom hides Node's structuredClone, which the engine uses; v8's serializer is the same algorithm. */
export function provideStructuredClone(): void {
  const g = globalThis as { structuredClone?: <T>(v: T) => T };
  g.structuredClone ??= <T>(v: T): T => deserialize(serialize(v)) as T;
}

/** A core grid as Excel holds it: dates as serials formatted yyyy-mm-dd. */
export function toExcel(grid: CellValue[][]) {
  return {
    values: grid.map((r) => r.map((v) => (v instanceof Date ? dateToSerial(v) : v))),
    formats: grid.map((r) => r.map((v) => (v instanceof Date ? 'yyyy-mm-dd' : 'General'))),
  };
}

/** Set the as-of date on the Periods step, run, and return the Weekly snapshots panel. */
export async function runAt(iso: string): Promise<HTMLElement> {
  fireEvent.click(screen.getByRole('button', { name: /4 Periods/ }));
  fireEvent.change(screen.getByLabelText(/As-of date/), { target: { value: iso } });
  fireEvent.click(screen.getByRole('button', { name: /5 Run/ }));
  return screen.findByRole('region', { name: 'Weekly snapshots' });
}

/**
 * Each change table is on its sheet cell for cell (empty as '', dates as
 * serials), and the Pipeline change holds won, lost and new buckets.
 */
export function expectChangeSheets(excel: FakeExcel, expected: OutputTable[]): void {
  const cell = (v: CellValue): CellValue =>
    v === null ? '' : v instanceof Date ? dateToSerial(v) : v;
  for (const table of expected) {
    // The table's own columns (the waterfall chart's data sits beside Pipeline change).
    const width = table.columns.length;
    const grid = excel.grid(table.sheetName).map((row) => row.slice(0, width));
    expect({ sheet: table.sheetName, grid }).toEqual({
      sheet: table.sheetName,
      grid: [table.columns.map((c) => c.header), ...table.rows.map((r) => r.map(cell))],
    });
  }
  const pipeline = expected.find((t) => t.key === 'PipelineChange')!;
  const buckets = pipeline.rows.map(
    (r) => r[pipeline.columns.findIndex((c) => c.header === 'Bucket')],
  );
  expect(buckets).toEqual(expect.arrayContaining(['won', 'lost', 'new']));
}

/**
 * The pane on the Excel port over `excel`, open on its deal sheet; `runs`
 * records the settings of each run the pane asks for.
 */
export async function openExcelPane(
  excel: FakeExcel,
): Promise<{ port: ExcelPort; runs: ForecastSettings[] }> {
  const port = new ExcelPort({
    run: excel.run,
    supports: excel.supports,
    settings: new FakeSettings(),
    displayLanguage: () => 'en-US',
  });
  const runs: ForecastSettings[] = [];
  const run = port.run.bind(port);
  port.run = (source, settings, onProgress) => {
    runs.push(settings);
    return run(source, settings, onProgress);
  };
  renderPane(port);
  await screen.findByText('6 data rows under the header row');
  return { port, runs };
}
