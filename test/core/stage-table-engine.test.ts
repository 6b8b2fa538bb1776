/**
 * The engine reads the stage table's optional 4th column (the ladder stage) through
 * core/stages parseStageTable: a stage the user puts on Lost is counted as lost.
 */
import type { CellValue } from '../../core/cells';
import { runForecast, type ForecastSettings } from '../../core/engine';

const SHEET: CellValue[][] = [
  ['Opportunity', 'Account', 'Stage', 'Amount', 'Close Date'],
  ['D-1', 'Acme', 'Abandoned', 5000, '2026-05-10'],
  ['D-2', 'Beta', 'Pipeline', 4245.74, '2026-05-10'],
  ['D-3', 'Gamma', 'Fully booked', 1000, '2026-05-20'],
];

const run = (stageTable: CellValue[][]) =>
  runForecast({ name: 'Deals', values: SHEET }, {
    asOf: '2026-03-31',
    stageTable,
  } satisfies ForecastSettings);

const byId = (r: ReturnType<typeof run>, id: string) => r.deals.find((d) => d.original[0] === id)!;

describe('runForecast with a 4-column stage table', () => {
  it('counts a deal at a stage the table puts on Lost as lost', () => {
    const r = run([
      ['Stage', 'Probability', 'Category', 'Ladder stage'],
      ['Abandoned', '0%', '', 'Lost'],
      ['Fully booked', '100%', 'Commit', 'Committed'],
    ]);
    const abandoned = byId(r, 'D-1');
    expect([abandoned.status, abandoned.stage, abandoned.category, abandoned.weighted]).toEqual([
      'lost',
      'Lost',
      'Omitted',
      0,
    ]);
    expect(abandoned.counted).not.toBe(false);
    // The ladder column also keeps a 100% stage open when the user says so.
    const booked = byId(r, 'D-3');
    expect([booked.status, booked.stage, booked.category, booked.weighted]).toEqual([
      'open',
      'Committed',
      'Commit',
      1000,
    ]);
    // Stages outside the table still resolve through the ladder.
    expect(byId(r, 'D-2').weighted).toBe(2122.87);
    const funnel = Object.fromEntries(r.funnel.map((f) => [f.stage, f.deals]));
    expect(funnel.Lost).toBe(1);
    expect(funnel.Leads ?? 0).toBe(0);
    expect(r.issues).toEqual([]);
  });

  it('without the 4th column the same row is inferred (0% without a "lost" word is Leads, open)', () => {
    const r = run([
      ['Stage', 'Probability', 'Category'],
      ['Abandoned', '0%', ''],
      ['Fully booked', '100%', 'Commit'],
    ]);
    expect([byId(r, 'D-1').status, byId(r, 'D-1').stage]).toEqual(['open', 'Leads']);
    expect([byId(r, 'D-3').status, byId(r, 'D-3').stage]).toEqual(['won', 'Won']);
  });

  it('an unknown ladder stage stops the run with the located message', () => {
    expect(() => run([['Abandoned', '0%', '', 'Gone']])).toThrow(
      'stage_table row 1 (Abandoned): "Gone" is not a ladder stage',
    );
  });
});
