/**
 * core/change/store.ts: what a save keeps, how a date saved again replaces
 * only itself, the hosts' limits at their exact boundary, and the grouping
 * back into snapshots (each date with only the columns it filled).
 */
import {
  EXCEL_SNAPSHOT_LIMITS,
  SHEETS_SNAPSHOT_LIMITS,
  checkSnapshotLimits,
  mergeSnapshot,
  planSnapshotSave,
  savedSnapshots,
  snapshotDateOf,
  snapshotsFromGrid,
} from '../../core/change/store';
import { D1, D2, SETTINGS, WEEK_1, WEEK_2 } from './host-snapshots-data';

const sheet = (values: typeof WEEK_1) => ({ name: 'Deals', values });

describe('FF Snapshots (core/change/store.ts)', () => {
  test('a save keeps the mapped, key and segment columns, not the others, and no blank rows', () => {
    const withBlank = [
      ...WEEK_1,
      Array(WEEK_1[0]!.length).fill(null),
      ['', '', '', '', '', '', '', '', 'only a note'],
    ];
    const { grid, save } = planSnapshotSave([], sheet(withBlank), { ...SETTINGS, asOf: D1 }, null);
    expect(save.headers).not.toContain('Notes');
    expect(save.headers).toEqual(
      expect.arrayContaining(['Opportunity ID', 'Region', 'Close Date']),
    );
    expect(save.rows).toBe(6);
    expect(grid).toHaveLength(7);
    expect(grid.slice(1).every((r) => r[0] === D1)).toBe(true);
  });

  test('a save needs an as-of date', () => {
    expect(() =>
      planSnapshotSave([], sheet(WEEK_1), { ...SETTINGS, asOf: undefined }, null),
    ).toThrow('Set the as-of date (YYYY-MM-DD) first');
  });

  test('a date saved again replaces only itself; a new header widens the row', () => {
    const a = mergeSnapshot(
      [],
      D1,
      ['Id', 'Amount'],
      [
        ['A', 1],
        ['B', 2],
      ],
    ).grid;
    const b = mergeSnapshot(a, D2, ['Id', 'Amount', 'Region'], [['A', 3, 'North']]).grid;
    expect(b[0]).toEqual(['Snapshot date', 'Id', 'Amount', 'Region']);
    const c = mergeSnapshot(b, D1, ['Id', 'Amount'], [['C', 9]]);
    expect(c.replaced).toBe(2);
    expect(c.grid).toEqual([
      ['Snapshot date', 'Id', 'Amount', 'Region'],
      [D2, 'A', 3, 'North'],
      [D1, 'C', 9, null],
    ]);
    expect(savedSnapshots(c.grid)).toEqual([
      { date: D1, rows: 1 },
      { date: D2, rows: 1 },
    ]);
  });

  test('column A reads back as text, a Sheets apostrophe or a date cell', () => {
    expect(snapshotDateOf(D1)).toBe(D1);
    expect(snapshotDateOf(`'${D1}`)).toBe(D1);
    expect(snapshotDateOf(new Date(`${D1}T00:00:00Z`))).toBe(D1);
    expect(snapshotDateOf('2026-02-30')).toBe('');
    expect(snapshotDateOf(46000)).toBe('');
  });

  test('the limits hold at the boundary and refuse one past it', () => {
    expect(() => checkSnapshotLimits(EXCEL_SNAPSHOT_LIMITS, 1_048_576, 16_384)).not.toThrow();
    expect(() => checkSnapshotLimits(EXCEL_SNAPSHOT_LIMITS, 1_048_577, 10)).toThrow(
      'This snapshot would make FF Snapshots 1,048,577 rows long; Excel holds 1,048,576 rows per sheet. Nothing was written.',
    );
    expect(() => checkSnapshotLimits(EXCEL_SNAPSHOT_LIMITS, 10, 16_385)).toThrow(
      '16,385 columns wide',
    );
    expect(() => checkSnapshotLimits(SHEETS_SNAPSHOT_LIMITS, 100_000, 10, 9_000_000)).not.toThrow();
    expect(() => checkSnapshotLimits(SHEETS_SNAPSHOT_LIMITS, 100_000, 10, 9_000_001)).toThrow(
      'This snapshot would bring the spreadsheet to 10,000,001 cells (FF Snapshots: 100,000 rows x 10 columns); Google Sheets holds 10,000,000 cells per spreadsheet. Nothing was written.',
    );
  });

  test('saved snapshots come back per date up to the one compared with, each with its own columns', () => {
    const a = mergeSnapshot([], D1, ['Id', 'Amount'], [['A', 1]]).grid;
    const b = mergeSnapshot(a, D2, ['Id', 'Region'], [['A', 'North']]).grid;
    const upTo1 = snapshotsFromGrid(b, D1);
    expect(upTo1).toHaveLength(1);
    expect(upTo1[0]).toMatchObject({ asOf: D1, settings: { headerRow: 1 } });
    expect(upTo1[0]!.sheet.firstRow).toBe(1);
    expect(upTo1[0]!.sheet.values).toEqual([
      ['Id', 'Amount'],
      ['A', 1],
    ]);
    const upTo2 = snapshotsFromGrid(b, D2);
    expect(upTo2.map((s) => s.asOf)).toEqual([D1, D2]);
    expect(upTo2[1]!.sheet.values).toEqual([
      ['Id', 'Region'],
      ['A', 'North'],
    ]);
    // D2's deal is on row 3 of FF Snapshots: its header counts as row 2.
    expect(upTo2[1]).toMatchObject({ sheet: { firstRow: 2 }, settings: { headerRow: 2 } });
    expect(() => snapshotsFromGrid(b, '2026-01-01')).toThrow(
      `No snapshot saved for 2026-01-01 in FF Snapshots; the saved dates are ${D1}, ${D2}.`,
    );
    expect(() => snapshotsFromGrid([], D1)).toThrow('No snapshot is saved in FF Snapshots yet');
  });

  test('the run header row of the source does not apply to a saved snapshot', () => {
    const titled = [['Pipeline export'], [], ...WEEK_2];
    const { grid } = planSnapshotSave([], sheet(titled), { ...SETTINGS, headerRow: 3 }, null);
    const [snap] = snapshotsFromGrid(grid, D2);
    expect(snap!.sheet.values[0]![0]).toBe('Opportunity ID');
    expect(snap!.settings).toEqual({ headerRow: 1 });
  });

  test('rows a user sorted apart are numbered from row 2', () => {
    const grid = [
      ['Snapshot date', 'Id'],
      [D1, 'A'],
      [D2, 'B'],
      [D1, 'C'],
    ];
    const [first, second] = snapshotsFromGrid(grid, D2);
    expect(first).toMatchObject({ sheet: { firstRow: 1 }, settings: { headerRow: 1 } });
    expect(first!.sheet.values).toEqual([['Id'], ['A'], ['C']]);
    expect(second).toMatchObject({ sheet: { firstRow: 2 }, settings: { headerRow: 2 } });
  });
});
