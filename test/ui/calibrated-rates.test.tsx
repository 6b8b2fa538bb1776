import '@testing-library/jest-dom';
import { act, fireEvent, screen, within } from '@testing-library/react';
import type { SavedSnapshot } from '../../core/change/store';
import type { StageRatesView } from '../../core/ports';
import { parseStageTable } from '../../core/stages';
import { withCalibrated } from '../../ui/model/stages';
import { FakePort, type FakePortOptions } from './fake-port';
import { renderPane } from './render';

// Fluent renders a lot in jsdom and the machine is shared: allow slow steps.
jest.setTimeout(60_000);

const STAGES = [
  { label: 'Pipeline', deals: 2 },
  { label: 'Committed', deals: 1 },
];

/** What core/rates answers for a history with 42 closed deals (Committed has few). */
const VIEW: StageRatesView = {
  rows: [
    {
      stage: 'Pipeline',
      probability: 0.31,
      category: 'Pipeline',
      ladder: 'Pipeline',
      n: 40,
      won: 12,
      rawRate: 0.3,
      low: 0.2,
      high: 0.43,
      previousProbability: 0.5,
      note: '',
    },
    {
      stage: 'Committed',
      probability: 0.8,
      category: 'Commit',
      ladder: 'Committed',
      n: 6,
      won: 6,
      rawRate: 1,
      low: 0.6,
      high: 0.93,
      previousProbability: 0.7,
      note: 'few closed deals',
    },
  ],
  stageTable: [
    ['Pipeline', '31%', 'Pipeline', 'Pipeline'],
    ['Committed', '80%', 'Commit', 'Committed'],
  ],
  snapshots: [
    { name: 'FF Snapshots 2025-03-31', asOf: '2025-03-31' },
    { name: 'FF Snapshots 2025-04-30', asOf: '2025-04-30' },
    { name: 'Deals', asOf: '2025-05-15' },
  ],
  deals: 50,
  closedDeals: 42,
  fewDeals: 30,
  notes: [],
};

class HistoryPort extends FakePort {
  constructor(
    options: FakePortOptions,
    private readonly saved_: SavedSnapshot[],
  ) {
    super(options);
  }
  async listSnapshots(): Promise<SavedSnapshot[]> {
    return this.saved_;
  }
}

const SAVED: SavedSnapshot[] = [
  { date: '2025-03-31', rows: 40 },
  { date: '2025-04-30', rows: 45 },
  { date: '2025-05-15', rows: 45 }, // the as-of date itself: the sheet now, not history
  { date: '2099-01-01', rows: 45 },
];

async function openStages(port: FakePort) {
  renderPane(port);
  await screen.findByText('6 data rows under the header row');
  // The as-of date is not saved with the settings: set it as a user would.
  fireEvent.click(screen.getByRole('button', { name: /4 Periods/ }));
  fireEvent.change(screen.getByLabelText(/As-of date/), { target: { value: '2025-05-15' } });
  fireEvent.click(screen.getByRole('button', { name: /3 Stages/ }));
  await act(async () => {}); // the saved snapshots are listed
}

async function runIt(port: FakePort) {
  fireEvent.click(screen.getByRole('button', { name: /5 Run/ }));
  fireEvent.click(screen.getByRole('button', { name: 'Run forecast' }));
  await screen.findByTestId('run-summary');
  return port.lastSettings('run');
}

const probabilityBox = (stage: string) =>
  screen.getByRole('spinbutton', { name: `Probability in percent for ${stage}` });

describe('Stages step: use calibrated rates', () => {
  test('compute, show n beside every rate, apply, the run weights with them, restore', async () => {
    const port = new HistoryPort(
      {
        stages: STAGES,
        rates: VIEW,
        saved: { stageTable: [['Pipeline', '50%', 'Pipeline']] },
      },
      SAVED,
    );
    await openStages(port);
    expect(probabilityBox('Pipeline')).toHaveValue(50);

    fireEvent.click(await screen.findByRole('button', { name: 'Use calibrated rates' }));
    const table = await screen.findByRole('table', { name: 'Probabilities from your history' });
    // The history asked for: every saved snapshot before the as-of date (not that day's, not later).
    const asked = port.callsTo('stageRates').at(-1)!.args[1] as { compareWith?: string };
    expect(asked.compareWith).toBe('2025-04-30');

    const row = (stage: string) =>
      within(table)
        .getAllByRole('row')
        .find((r) => r.getAttribute('data-stage') === stage)!;
    const cells = (stage: string) =>
      within(row(stage))
        .getAllByRole('cell')
        .map((c) => c.textContent);
    expect(cells('Pipeline')).toEqual(['31%', '40', '12', '30%', '20%–43%', '50%']);
    // n beside the rate, and a stage with few closed deals is marked so.
    expect(cells('Committed')).toEqual(['80%', '6 (few)', '6', '100%', '60%–93%', '70%']);
    expect(screen.getByTestId('rates-few')).toHaveTextContent('fewer than 30 closed deals');
    expect(screen.getByText('History: 2 snapshots, 42 closed deals.')).toBeInTheDocument();
    // Nothing changes before the user confirms.
    expect(probabilityBox('Pipeline')).toHaveValue(50);

    fireEvent.click(screen.getByRole('button', { name: 'Apply to the stage table' }));
    expect(await screen.findByTestId('rates-status')).toHaveTextContent(
      'the next run weights deals with them',
    );
    expect(probabilityBox('Pipeline')).toHaveValue(31);
    expect(probabilityBox('Committed')).toHaveValue(80);

    const settings = await runIt(port);
    const used = parseStageTable(settings.stageTable!);
    expect(used.stages.map((s) => [s.label, s.probability, s.category, s.ladder])).toEqual([
      ['Pipeline', 0.31, 'Pipeline', 'Pipeline'],
      ['Committed', 0.8, 'Commit', 'Committed'],
    ]);

    // Back to the Stages step: the previous table can be restored.
    fireEvent.click(screen.getByRole('button', { name: /3 Stages/ }));
    await act(async () => {});
    fireEvent.click(screen.getByRole('button', { name: 'Restore the previous stage table' }));
    expect(await screen.findByTestId('rates-status')).toHaveTextContent(
      'The previous stage table is back.',
    );
    expect(probabilityBox('Pipeline')).toHaveValue(50);
    expect(
      screen.queryByRole('button', { name: 'Restore the previous stage table' }),
    ).not.toBeInTheDocument();
    const again = await runIt(port);
    expect(again.stageTable).toEqual([['Pipeline', '50%', 'Pipeline']]);
  });

  test('no closed deals in the history: said plainly, nothing to apply', async () => {
    const port = new HistoryPort(
      {
        stages: STAGES,
        rates: { ...VIEW, closedDeals: 0, rows: VIEW.rows.map((r) => ({ ...r, n: 0, won: 0 })) },
      },
      SAVED,
    );
    await openStages(port);
    fireEvent.click(await screen.findByRole('button', { name: 'Use calibrated rates' }));
    expect(await screen.findByTestId('rates-not-enough')).toHaveTextContent(
      'Not enough history: none of the 50 deals in the history has closed',
    );
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Apply to the stage table' }),
    ).not.toBeInTheDocument();
  });

  test('no saved snapshot: the action is not offered and the pane says how to get history', async () => {
    const port = new HistoryPort({ stages: STAGES, rates: VIEW }, []);
    await openStages(port);
    expect(await screen.findByTestId('rates-no-snapshots')).toHaveTextContent('Save snapshot');
    expect(screen.getByRole('button', { name: 'Use calibrated rates' })).toBeDisabled();
  });

  test('only the sheet itself (no earlier snapshot read): no history, no rates', async () => {
    const port = new FakePort({
      stages: STAGES,
      rates: { ...VIEW, snapshots: [VIEW.snapshots[2]!] },
    });
    await openStages(port);
    fireEvent.click(screen.getByRole('button', { name: 'Use calibrated rates' }));
    expect(await screen.findByTestId('rates-not-enough')).toHaveTextContent('No history');
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });
});

test('applying keeps the rows of the stage table for stages the rates do not cover', () => {
  const before = [
    ['pipeline', '50%', 'Pipeline'],
    ['Abandoned', '0%', 'Omitted', 'Lost'],
  ];
  expect(withCalibrated(VIEW.stageTable, before)).toEqual([
    ...VIEW.stageTable,
    ['Abandoned', '0%', 'Omitted', 'Lost'],
  ]);
  expect(withCalibrated(VIEW.stageTable, undefined)).toEqual(VIEW.stageTable);
});
