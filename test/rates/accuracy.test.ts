/** Forecast accuracy from snapshots (core/rates/accuracy.ts), by hand. */
import type { CellValue } from '../../core/cells';
import { runForecast, type ForecastSettings } from '../../core/engine';
import { accuracyTable, forecastAccuracy } from '../../core/rates/accuracy';

const HEAD = ['Opportunity ID', 'Owner', 'Stage', 'Amount', 'Close Date'];
const run = (date: string, rows: CellValue[][], segmentBy: string[] = []) => {
  const settings: ForecastSettings = { asOf: date, period: 'month', segmentBy };
  return { date, result: runForecast({ name: date, values: [HEAD, ...rows] }, settings) };
};

// On 2025-01-10: A Committed (70%, Commit), B Prospect (10%), C won, D closes in February.
const EARLY: CellValue[][] = [
  ['A', 'Ann', 'Committed', 1000, '2025-01-25'],
  ['B', 'Bob', 'Prospect', 500, '2025-01-30'],
  ['C', 'Ann', 'Won', 200, '2025-01-05'],
  ['D', 'Bob', 'Prospect', 300, '2025-02-20'],
];
// On 2025-02-05: A won, B lost; January has ended, February has not.
const NOW: CellValue[][] = [
  ['A', 'Ann', 'Won', 1000, '2025-01-24'],
  ['B', 'Bob', 'Lost', 500, '2025-01-30'],
  ['C', 'Ann', 'Won', 200, '2025-01-05'],
  ['D', 'Bob', 'Prospect', 300, '2025-02-20'],
];

describe('forecast accuracy', () => {
  it("scores an earlier snapshot's forecast of an ended period against its closed-won amount", () => {
    const a = forecastAccuracy([run('2025-01-10', EARLY), run('2025-02-05', NOW)], 1);
    expect(a.rows).toEqual([
      {
        snapshot: '2025-01-10',
        weeksBeforeEnd: 4, // 22 days to 2025-02-01
        segment: {},
        period: '2025-01',
        weighted: 950, // 700 + 50 + 200
        commit: 1200, // closed 200 + commit 1000
        bestCase: 1200,
        actual: 1200, // A and C won in January
        error: -250,
        ratio: 950 / 1200,
        absolutePercentageError: 250 / 1200,
        bias: 'under',
      },
    ]);
    expect(accuracyTable(a).sheetName).toBe('Forecast accuracy');
  });

  it('by segment (owner), and only periods that ended after the snapshot and before now', () => {
    const a = forecastAccuracy(
      [
        run('2025-01-10', EARLY, ['Owner']),
        run('2025-02-01', NOW, ['Owner']), // taken on the day after January ended: not a forecast of it
        run('2025-02-05', NOW, ['Owner']),
      ],
      1,
    );
    expect(
      a.rows.map((r) => [r.snapshot, r.segment.Owner, r.period, r.weighted, r.actual, r.bias]),
    ).toEqual([
      ['2025-01-10', 'Ann', '2025-01', 900, 1200, 'under'],
      ['2025-01-10', 'Bob', '2025-01', 50, 0, 'over'],
    ]);
    expect(a.rows[1]!.ratio).toBeNull(); // nothing won: no ratio, no percentage error
    expect(a.rows[1]!.absolutePercentageError).toBeNull();
    expect(
      accuracyTable(a)
        .columns.map((c) => c.header)
        .slice(0, 4),
    ).toEqual(['Snapshot', 'Weeks before period end', 'Owner', 'Period']);
  });

  it('needs an earlier snapshot', () => {
    expect(forecastAccuracy([run('2025-02-05', NOW)], 1).rows).toEqual([]);
  });
});
