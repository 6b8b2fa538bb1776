import '@testing-library/jest-dom';
import { screen, within } from '@testing-library/react';
import { changeTables, runPipelineChange } from '../../core/change';
import type { RunSummary } from '../../core/ports';
import { ResultsView } from '../../ui/results/ResultsView';
import { bridgeBars } from '../../ui/results/columns';
import { FakePort, summaryFor } from './fake-port';
import { renderWith } from './render';

jest.setTimeout(60_000);

const head = ['ID', 'Owner', 'Stage', 'Amount', 'Close Date'];
// The worked example of docs/engine.md, with owners.
const change = (segmentBy: string[]) =>
  runPipelineChange(
    [
      {
        sheet: {
          name: 'last week',
          values: [
            head,
            ['A', 'Ann', 'Pipeline', 1000, '2026-11-10'],
            ['B', 'Ann', 'Committed', 2000, '2026-12-01'],
            ['C', 'Bob', 'Pipeline', 400, '2026-12-20'],
            ['D', 'Bob', 'Lost', 800, '2026-09-01'],
            ['F', 'Bob', 'Prospect', 300, '2026-11-17'],
          ],
        },
        asOf: '2026-11-01',
      },
      {
        sheet: {
          name: 'this week',
          values: [
            head,
            ['A', 'Ann', 'Upside', 1500, '2026-11-10'],
            ['B', 'Ann', 'Won', 2000, '2026-12-01'],
            ['C', 'Bob', 'Pipeline', 400, '2027-01-15'],
            ['D', 'Bob', 'Pipeline', 800, '2026-12-01'],
            ['E', 'Ann', 'Committed', 1200, '2026-12-05'],
            ['F', 'Bob', 'Pipeline', 300, '2026-11-17'],
          ],
        },
        asOf: '2026-11-08',
      },
    ],
    { segmentBy },
  );

function withChange(segmentBy: string[]): RunSummary {
  const base = summaryFor({ asOf: '2025-06-30' });
  return { ...base, tables: [...base.tables, ...changeTables(change(segmentBy))] };
}

describe('the pipeline bridge on screen', () => {
  test('the waterfall: Start, the buckets that moved the amount, End, each in the text alternative', () => {
    renderWith(new FakePort(), <ResultsView summary={withChange([])} />);
    const chart = screen.getByRole('img', { name: /What changed: the pipeline bridge/ });
    expect(chart).toHaveAccessibleName(
      /start: 3,700\.00; won: -2,000\.00; pushedOut: -400\.00; reopened: 800\.00; new: 1,200\.00; increased: 500\.00; end: 3,800\.00/,
    );
    const rects = chart.querySelectorAll('rect');
    expect([...rects].map((r) => r.getAttribute('data-label'))).toEqual([
      'start',
      'won',
      'pushedOut',
      'reopened',
      'new',
      'increased',
      'end',
    ]);
    // A floating bar starts where the running total stands: won hangs from Start's top.
    const top = (i: number) => Number(rects[i]!.getAttribute('y'));
    expect(top(1)).toBeCloseTo(top(0));
    // And the last change (increased, up) ends where End stands.
    expect(top(5)).toBeCloseTo(top(6));
    expect(screen.getByRole('table', { name: 'Pipeline change' })).toBeInTheDocument();
    const deals = screen.getByRole('table', { name: 'Deal changes' });
    expect(within(deals).getAllByRole('row')).toHaveLength(7);
    expect(screen.getByRole('table', { name: 'Stage flow' })).toBeInTheDocument();
  });

  test('segmented: the waterfall is the total bridge', () => {
    const table = changeTables(change(['Owner']))[0]!;
    expect(bridgeBars(table)).toEqual([
      { label: 'start', value: 3700 },
      { label: 'won', value: -2000 },
      { label: 'pushedOut', value: -400 },
      { label: 'reopened', value: 800 },
      { label: 'new', value: 1200 },
      { label: 'increased', value: 500 },
      { label: 'end', value: 3800 },
    ]);
  });
});
