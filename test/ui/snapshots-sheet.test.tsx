/**
 * The pane compares the run with another sheet of the workbook (issue 13:
 * "or against another table or sheet"): the compare select offers the
 * workbook's other sources, the snapshot date defaults to a date in the
 * sheet's name, the window and key are fields beside it, validated before the
 * run. On the Excel port over the fake Excel, the change sheets written equal
 * core's runPipelineChange on the same two grids, cell for cell.
 */
import '@testing-library/jest-dom';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { changeTables, runPipelineChange } from '../../core/change';
import { D1, D2, WEEK_1, WEEK_2 } from '../change/host-snapshots-data';
import { FakeExcel } from '../excel/fake-excel';
import { FakePort } from './fake-port';
import { renderPane } from './render';
import {
  expectChangeSheets,
  openExcelPane,
  provideStructuredClone,
  runAt,
  toExcel,
} from './support/pane-run';

jest.setTimeout(120_000);

beforeAll(provideStructuredClone);

/** The fake port with snapshots, so the panel shows. */
class SheetPort extends FakePort {
  async saveSnapshot(): Promise<never> {
    throw new Error('not in this test');
  }
  async listSnapshots() {
    return [];
  }
}

test('pane: another sheet as the earlier snapshot, its date required, the window validated', async () => {
  const port = new SheetPort();
  renderPane(port);
  await screen.findByText('6 data rows under the header row');
  const panel = await runAt('2026-11-09');
  const compare = within(panel).getByRole('combobox', { name: /Compare with/ });
  expect(
    within(compare)
      .getAllByRole('option')
      .map((o) => o.textContent),
  ).toEqual(['No comparison', 'Sheet as snapshot: Sheet2 (A1:D4)']);
  fireEvent.change(compare, { target: { value: 'source:sheet:Sheet2' } });
  // No date in "Sheet2": the date is required, said before the run.
  expect(
    await within(panel).findByText(
      'Give the snapshot date of Sheet2 (A1:D4) (YYYY-MM-DD) to compare with it.',
    ),
  ).toBeInTheDocument();
  fireEvent.change(within(panel).getByLabelText(/Snapshot date of that sheet/), {
    target: { value: '2026-11-02' },
  });
  await waitFor(() =>
    expect(within(panel).queryByText(/Give the snapshot date/)).not.toBeInTheDocument(),
  );
  const win = within(panel).getByLabelText(/Window/);
  fireEvent.change(win, { target: { value: '2026-Q5' } });
  expect(
    await within(panel).findByText(/The window "2026-Q5" is not a period label of this run/),
  ).toBeInTheDocument();
  fireEvent.change(win, { target: { value: '2026-Q4' } });
  await waitFor(() =>
    expect(within(panel).queryByText(/is not a period label/)).not.toBeInTheDocument(),
  );
  fireEvent.change(within(panel).getByLabelText(/Key column/), { target: { value: 'Deal' } });
  fireEvent.click(screen.getByRole('button', { name: 'Run forecast' }));
  await screen.findByTestId('run-summary');
  expect(port.lastSettings('run')).toMatchObject({
    compareSource: { kind: 'sheet', id: 'Sheet2' },
    compareWith: '2026-11-02',
    compareWindow: '2026-Q4',
    compareKey: 'Deal',
  });
  // "No comparison" clears the sheet and its date.
  fireEvent.change(compare, { target: { value: '' } });
  fireEvent.click(screen.getByRole('button', { name: 'Run forecast' }));
  await waitFor(() => expect(port.callsTo('run')).toHaveLength(2));
  expect(port.lastSettings('run').compareSource).toBeUndefined();
  expect(port.lastSettings('run').compareWith).toBeUndefined();
});

test('pane on Excel: compare with another sheet dated by its name; the bridge equals core', async () => {
  const excel = new FakeExcel();
  const now = toExcel(WEEK_2);
  excel.addSheet('Deals', now.values, now.formats);
  const before = toExcel(WEEK_1);
  excel.addSheet(`Deals ${D1}`, before.values, before.formats);
  const { runs } = await openExcelPane(excel);
  const panel = await runAt(D2);
  const compare = within(panel).getByRole('combobox', { name: /Compare with/ });
  const option = within(compare)
    .getAllByRole('option')
    .find((o) => o.textContent?.includes(`Deals ${D1}`));
  expect(option).toBeDefined();
  fireEvent.change(compare, { target: { value: (option as HTMLOptionElement).value } });
  await waitFor(() =>
    expect(within(panel).getByLabelText(/Snapshot date of that sheet/)).toHaveValue(D1),
  );
  fireEvent.change(within(panel).getByLabelText(/Window/), { target: { value: '2026-Q4' } });
  fireEvent.click(screen.getByRole('button', { name: 'Run forecast' }));
  await screen.findByTestId('run-summary', {}, { timeout: 30_000 });

  const used = runs.at(-1)!;
  expect(used).toMatchObject({ asOf: D2, compareWith: D1, compareWindow: '2026-Q4' });
  const { compareWith: _c, compareSource: _s, compareWindow: _w, ...plain } = used;
  void _c;
  void _s;
  void _w;
  const expected = changeTables(
    runPipelineChange(
      [
        { sheet: { name: `Deals ${D1}`, values: WEEK_1 }, asOf: D1 },
        { sheet: { name: 'Deals', values: WEEK_2 }, asOf: D2 },
      ],
      plain,
      { window: '2026-Q4' },
    ),
  );
  expectChangeSheets(excel, expected);
});
