/**
 * @jest-environment node
 *
 * (The port reads files with TextDecoder, which Node has and jsdom lacks.)
 */
/**
 * "Save snapshot" on the standalone page (BrowserPort.saveSnapshot, kept in
 * the tab): saved from the generator's weekly exports (currencies, repeated
 * and blank keys, blank close dates, segment moves), the key columns alone
 * give the bridge the whole exports give (core's runPipelineChange), cell for cell.
 */
import Papa from 'papaparse';
import { changeTables, runPipelineChange } from '../../core/change';
import { BrowserPort } from '../../web/browser-port';
import { RATES, generateSnapshots } from '../change/snapshot-generator';

jest.setTimeout(60_000);

const weeks = generateSnapshots({ seed: 11, deals: 120, weeks: 3 });
const bytes = (text: string) => new TextEncoder().encode(text).buffer as ArrayBuffer;
const csv = (values: unknown[][]) => bytes(Papa.unparse(values));

test('the page saves snapshots and a run compared with a saved date equals core', async () => {
  const port = new BrowserPort({ sheets: [], storage: null, language: 'en-US' });
  const settings = { rates: RATES, segmentBy: ['Owner'] };
  for (const [i, week] of weeks.entries()) {
    await port.openFile({ name: `deals-${i}.csv`, bytes: csv(week.values) });
    const [source] = await port.listSources();
    const save = await port.saveSnapshot(source!, { ...settings, asOf: week.asOf });
    expect(save).toMatchObject({ date: week.asOf, replaced: 0 });
  }
  expect((await port.listSnapshots()).map((s) => s.date)).toEqual(weeks.map((w) => w.asOf));

  const last = weeks.at(-1)!;
  const [source] = await port.listSources();
  const summary = await port.run(source!, {
    ...settings,
    asOf: last.asOf,
    compareWith: weeks[1]!.asOf,
  });
  const core = changeTables(
    runPipelineChange(
      weeks.map((w, i) => ({ sheet: { name: `w${i}`, values: w.values }, asOf: w.asOf })),
      settings,
    ),
  );
  const byKey = (key: string) => port.lastOutputs.find((t) => t.key === key);
  for (const table of core) {
    if (table.key === 'ChangeIssues') continue; // names the snapshot (file vs FF Snapshots date)
    // The from rows are FF Snapshots rows (where the saved deal is), the rest is the same.
    const fromRow = table.columns.findIndex((c) => c.header === 'From Row');
    const ours = byKey(table.key)!.rows;
    // The Trend's Snapshot column names the source: a file for core, an FF Snapshots date here.
    const named = table.columns.findIndex((c) => c.header === 'Snapshot');
    const drop = (rows: unknown[][]) =>
      rows.map((r) => r.filter((_, c) => c !== fromRow && c !== named));
    expect({ key: table.key, rows: drop(ours) }).toEqual({
      key: table.key,
      rows: drop(table.rows),
    });
    if (fromRow >= 0) {
      const shifts = new Set(
        table.rows
          .map((r, i) => [r[fromRow], ours[i]![fromRow]])
          .filter(([a]) => typeof a === 'number')
          .map(([a, b]) => (b as number) - (a as number)),
      );
      // Week 2's block starts below week 1's rows in FF Snapshots.
      expect([...shifts]).toEqual([weeks[0]!.values.length - 1]);
    }
  }
  expect(summary.tables.map((t) => t.key)).toContain('Trend');
  // Issues: the same columns, values and kinds, whatever the snapshot is called and wherever it sits.
  const issues = (t?: { rows: unknown[][] }) =>
    (t?.rows ?? []).map((r) => r.slice(3, 6)).sort((a, b) => (String(a) < String(b) ? -1 : 1));
  expect(issues(byKey('ChangeIssues'))).toEqual(issues(core.find((t) => t.key === 'ChangeIssues')));
});

test('the page compares with another sheet of the open workbook (compareSource): core on the same two grids', async () => {
  const [, before, now] = weeks;
  const old = `Deals ${before!.asOf}`;
  const port = new BrowserPort({
    sheets: [
      { name: 'Deals', values: now!.values },
      { name: old, values: before!.values },
    ],
    storage: null,
    language: 'en-US',
  });
  const settings = { rates: RATES, segmentBy: ['Owner'] };
  const [deals, other] = await port.listSources();
  expect(other!.id).toBe(old);
  await port.run(deals!, {
    ...settings,
    asOf: now!.asOf,
    compareSource: other!,
    compareWith: before!.asOf,
  });
  const core = changeTables(
    runPipelineChange(
      [
        { sheet: { name: old, values: before!.values }, asOf: before!.asOf },
        { sheet: { name: 'Deals', values: now!.values }, asOf: now!.asOf },
      ],
      settings,
    ),
  );
  expect(core.map((t) => t.key)).toContain('PipelineChange');
  for (const table of core) {
    const ours = port.lastOutputs.find((t) => t.key === table.key);
    expect({ key: table.key, rows: ours?.rows }).toEqual({ key: table.key, rows: table.rows });
  }
  // Only the one sheet is compared: no Trend from three snapshots.
  expect(port.lastOutputs.map((t) => t.key)).not.toContain('Trend');
});
