import '@testing-library/jest-dom';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { SavedSnapshot, SnapshotSave } from '../../core/change/store';
import type { ForecastSettings } from '../../core/engine/types';
import type { SourceRef } from '../../core/ports';
import { FakePort } from './fake-port';
import { renderPane } from './render';
import { runAt } from './support/pane-run';

// Fluent renders a lot in jsdom and the machine is shared: allow slow steps.
jest.setTimeout(60_000);

/** The fake port with a workbook's FF Snapshots: dates saved, one refused as too big. */
class SnapshotPort extends FakePort {
  dates = new Map<string, number>([['2026-11-02', 6]]);
  refuse: string | null = null;

  async saveSnapshot(source: SourceRef, settings: ForecastSettings): Promise<SnapshotSave> {
    this.calls.push({ method: 'saveSnapshot', args: [source, settings] });
    if (this.refuse) throw new Error(this.refuse);
    const date = settings.asOf!;
    const replaced = this.dates.get(date) ?? 0;
    this.dates.set(date, 6);
    return {
      sheetName: 'FF Snapshots',
      date,
      rows: 6,
      headers: ['Deal', 'Amount'],
      replaced,
      dates: [...this.dates.keys()].sort(),
    };
  }

  async listSnapshots(): Promise<SavedSnapshot[]> {
    this.calls.push({ method: 'listSnapshots', args: [] });
    return [...this.dates].sort().map(([date, rows]) => ({ date, rows }));
  }
}

async function openRunStep(port: FakePort) {
  renderPane(port);
  await screen.findByText('6 data rows under the header row');
  return runAt('2026-11-09');
}

describe('task pane: weekly snapshots', () => {
  test('saves a snapshot under the as-of date, lists it, and a run compares with the date chosen', async () => {
    const port = new SnapshotPort();
    const panel = await openRunStep(port);
    const compare = within(panel).getByRole('combobox', { name: /Compare with a saved snapshot/ });
    await waitFor(() =>
      expect(
        within(compare)
          .getAllByRole('option')
          .map((o) => o.textContent),
      ).toEqual(['No comparison', '2026-11-02 (6 deals)', 'Sheet as snapshot: Sheet2 (A1:D4)']),
    );

    fireEvent.click(within(panel).getByRole('button', { name: 'Save snapshot' }));
    expect(await screen.findByTestId('snapshot-saved')).toHaveTextContent(
      'Saved 6 deals as of 2026-11-09 in FF Snapshots.',
    );
    const saveCall = port.callsTo('saveSnapshot')[0]!;
    expect(saveCall.args[0]).toMatchObject({ kind: 'table', id: 'Deals' });
    expect(saveCall.args[1]).toMatchObject({ asOf: '2026-11-09' });
    await waitFor(() =>
      expect(
        within(compare)
          .getAllByRole('option')
          .map((o) => o.textContent),
      ).toEqual([
        'No comparison',
        '2026-11-02 (6 deals)',
        '2026-11-09 (6 deals)',
        'Sheet as snapshot: Sheet2 (A1:D4)',
      ]),
    );

    // Saving the same date again says it replaced the earlier save.
    fireEvent.click(within(panel).getByRole('button', { name: 'Save snapshot' }));
    await waitFor(() =>
      expect(screen.getByTestId('snapshot-saved')).toHaveTextContent(
        'replacing the earlier save of that date (6 deals)',
      ),
    );

    fireEvent.change(compare, { target: { value: '2026-11-02' } });
    await waitFor(() => expect(compare).toHaveValue('2026-11-02'));
    fireEvent.click(screen.getByRole('button', { name: 'Run forecast' }));
    await screen.findByTestId('run-summary');
    expect(port.lastSettings('run')).toMatchObject({
      asOf: '2026-11-09',
      compareWith: '2026-11-02',
    });

    // "No comparison" takes the date out of the settings.
    fireEvent.change(compare, { target: { value: '' } });
    fireEvent.click(screen.getByRole('button', { name: 'Run forecast' }));
    await waitFor(() => expect(port.callsTo('run')).toHaveLength(2));
    expect(port.lastSettings('run').compareWith).toBeUndefined();
  });

  test('a refused save shows the host message and lists no new date', async () => {
    const port = new SnapshotPort();
    port.refuse =
      'This snapshot would make FF Snapshots 1,048,577 rows long; Excel holds 1,048,576 rows per sheet. Nothing was written.';
    const panel = await openRunStep(port);
    fireEvent.click(within(panel).getByRole('button', { name: 'Save snapshot' }));
    expect(await screen.findByTestId('snapshot-error')).toHaveTextContent(
      '1,048,576 rows per sheet. Nothing was written.',
    );
    expect(screen.queryByTestId('snapshot-saved')).not.toBeInTheDocument();
    const compare = within(panel).getByRole('combobox', { name: /Compare with/ });
    // No comparison, the saved date and the workbook's other sheet.
    expect(within(compare).getAllByRole('option')).toHaveLength(3);
  });

  test('a host without snapshots shows no snapshot panel', async () => {
    renderPane(new FakePort());
    await screen.findByText('6 data rows under the header row');
    fireEvent.click(screen.getByRole('button', { name: /5 Run/ }));
    await screen.findByRole('button', { name: 'Run forecast' });
    expect(screen.queryByRole('button', { name: 'Save snapshot' })).not.toBeInTheDocument();
  });
});
