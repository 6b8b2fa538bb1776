/**
 * The pane's weekly snapshots end to end on the Excel port over the fake
 * Excel: Save snapshot on two weeks' exports, compare with the first, and the
 * change sheets written are core's bridge, cell for cell.
 */
import '@testing-library/jest-dom';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { changeTables, runPipelineChange } from '../../core/change';
import { D1, D2, WEEK_1, WEEK_2 } from '../change/host-snapshots-data';
import { FakeExcel } from '../excel/fake-excel';
import {
  expectChangeSheets,
  openExcelPane,
  provideStructuredClone,
  runAt,
  toExcel,
} from './support/pane-run';

jest.setTimeout(120_000);

beforeAll(provideStructuredClone);

test('pane on Excel: save two weeks, compare with the first, the bridge equals core', async () => {
  const excel = new FakeExcel();
  const week1 = toExcel(WEEK_1);
  excel.addSheet('Deals', week1.values, week1.formats);
  const { runs } = await openExcelPane(excel);

  let panel = await runAt(D1);
  fireEvent.click(within(panel).getByRole('button', { name: 'Save snapshot' }));
  expect(await screen.findByTestId('snapshot-saved')).toHaveTextContent(
    `Saved 6 deals as of ${D1} in FF Snapshots.`,
  );

  // Next week's export pasted over the deal sheet.
  const sheet = excel.sheet('Deals')!;
  const week2 = toExcel(WEEK_2);
  sheet.values = week2.values;
  sheet.formats = week2.formats;
  panel = await runAt(D2);
  fireEvent.click(within(panel).getByRole('button', { name: 'Save snapshot' }));
  await waitFor(() =>
    expect(screen.getByTestId('snapshot-saved')).toHaveTextContent(`as of ${D2}`),
  );
  const compare = within(panel).getByRole('combobox', { name: /Compare with/ });
  await waitFor(() => expect(within(compare).getAllByRole('option')).toHaveLength(3));
  fireEvent.change(compare, { target: { value: D1 } });
  await waitFor(() => expect(compare).toHaveValue(D1));
  fireEvent.click(screen.getByRole('button', { name: 'Run forecast' }));
  await screen.findByTestId('run-summary', {}, { timeout: 30_000 });

  const used = runs.at(-1)!;
  expect(used).toMatchObject({ asOf: D2, compareWith: D1 });
  const { compareWith: _c, ...plain } = used;
  void _c;
  const expected = changeTables(
    runPipelineChange(
      [
        { sheet: { name: 'week 1', values: WEEK_1 }, asOf: D1 },
        { sheet: { name: 'Deals', values: WEEK_2 }, asOf: D2 },
      ],
      plain,
    ),
  );
  expectChangeSheets(excel, expected);
});
