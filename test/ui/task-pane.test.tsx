import '@testing-library/jest-dom';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { FunnelError } from '../../core/errors';
import { FakePort } from './fake-port';
import { renderPane } from './render';
import { todayIso } from '../../ui/model/settings';

// Fluent renders a lot in jsdom and the machine is shared: allow slow steps.
jest.setTimeout(60_000);

async function openPane(port = new FakePort()) {
  const view = renderPane(port);
  await screen.findByText('6 data rows under the header row');
  return { port, view };
}

const next = () => fireEvent.click(screen.getByRole('button', { name: 'Next' }));
const goTo = (name: RegExp) => fireEvent.click(screen.getByRole('button', { name }));

/** Fluent's Dropdown: open it, then pick the option. */
async function choose(combobox: HTMLElement, option: string) {
  fireEvent.click(combobox);
  const listbox = await screen.findByRole('listbox');
  fireEvent.click(within(listbox).getByRole('option', { name: option }));
}

describe('task pane: the five steps against a fake workbook port', () => {
  test('step 1 lists the sources and shows rows found and the header row', async () => {
    const { port } = await openPane();
    expect(screen.getByRole('heading', { name: 'Where are the deals?' })).toBeInTheDocument();
    expect(screen.getByText('Header row: 3')).toBeInTheDocument();
    const source = screen.getByRole('combobox', { name: 'Deal sheet' });
    expect(source).toHaveTextContent('Table Deals (Sheet1!A3:F9)');
    await choose(source, 'Sheet: Sheet2 (A1:D4)');
    await screen.findByText('3 data rows under the header row');
    expect(port.lastSettings('inspect')).toMatchObject({ asOf: todayIso() });
    expect(port.callsTo('inspect').at(-1)!.args[0]).toMatchObject({ kind: 'sheet', id: 'Sheet2' });
    // No file picker in a host without openFile (Excel, Sheets).
    expect(screen.queryByText('Open a CSV or Excel file')).not.toBeInTheDocument();
  });

  test('step 2 shows the detected mapping; changing a field re-inspects with the choice', async () => {
    const { port } = await openPane();
    next();
    expect(screen.getByRole('heading', { name: 'Which column is which?' })).toHaveFocus();
    const owner = screen.getByRole('combobox', { name: 'Owner (rep)' });
    expect(owner).toHaveTextContent('Rep');
    await choose(owner, 'Region');
    await waitFor(() => expect(port.lastSettings('inspect').mapping).toEqual({ owner: 'Region' }));
    const amount = screen.getByRole('combobox', { name: /Amount/ });
    await choose(amount, '(not in this sheet)');
    await waitFor(() =>
      expect(port.lastSettings('inspect').mapping).toEqual({ owner: 'Region', amount: null }),
    );
    expect(await screen.findByText('required')).toBeInTheDocument();
  });

  test('step 2 segment columns default to the detected ones and can be chosen', async () => {
    const { port } = await openPane();
    next();
    const region = screen.getByRole('checkbox', { name: 'Region' });
    expect(region).toBeChecked();
    fireEvent.click(screen.getByRole('checkbox', { name: 'Tier (value pyramid)' }));
    fireEvent.click(region);
    goTo(/5 Run/);
    fireEvent.click(screen.getByRole('button', { name: 'Run forecast' }));
    await screen.findByTestId('run-summary');
    expect(port.lastSettings('run').segmentBy).toEqual(['Tier']);
  });

  test('step 3 lists every stage, presets are one click away and edits become the stage table', async () => {
    const { port } = await openPane();
    goTo(/3 Stages/);
    const rows = within(
      screen.getByRole('list', { name: 'What does each stage mean?' }),
    ).getAllByRole('listitem');
    expect(rows.map((r) => r.getAttribute('data-stage'))).toEqual([
      'Pipeline',
      'Committed',
      'Qualification',
      'Shortlisted',
    ]);
    expect(
      screen.getByRole('spinbutton', { name: 'Probability in percent for Pipeline' }),
    ).toHaveValue(50);
    expect(
      screen.getByRole('spinbutton', { name: 'Probability in percent for Qualification' }),
    ).toHaveValue(10);
    // An unknown stage says so, and the user fixes it by choosing its ladder stage.
    expect(
      screen.getByText(
        'In no stage table and no probability: its deals are not counted until you set one',
      ),
    ).toBeInTheDocument();
    fireEvent.change(screen.getByRole('combobox', { name: 'Ladder stage for Shortlisted' }), {
      target: { value: 'Upside' },
    });
    expect(
      screen.getByRole('spinbutton', { name: 'Probability in percent for Shortlisted' }),
    ).toHaveValue(60);
    expect(screen.getByRole('combobox', { name: 'Forecast category for Shortlisted' })).toHaveValue(
      'Best Case',
    );

    // Any ladder stage can be chosen, Lost included for a name that does not say so: it goes
    // into the stage table's 4th column, so the choice sticks.
    fireEvent.change(screen.getByRole('combobox', { name: 'Ladder stage for Qualification' }), {
      target: { value: 'Lost' },
    });
    expect(screen.getByRole('combobox', { name: 'Ladder stage for Qualification' })).toHaveValue(
      'Lost',
    );
    expect(
      screen.getByRole('spinbutton', { name: 'Probability in percent for Qualification' }),
    ).toHaveValue(0);

    const prob = screen.getByRole('spinbutton', { name: 'Probability in percent for Committed' });
    fireEvent.change(prob, { target: { value: '75' } });
    fireEvent.blur(prob);
    fireEvent.change(screen.getByRole('combobox', { name: 'Forecast category for Committed' }), {
      target: { value: 'Best Case' },
    });
    expect(prob).toHaveValue(75);

    // A number out of range is flagged and not applied.
    const pipeline = screen.getByRole('spinbutton', {
      name: 'Probability in percent for Pipeline',
    });
    fireEvent.change(pipeline, { target: { value: '150' } });
    fireEvent.blur(pipeline);
    expect(pipeline).toHaveAttribute('aria-invalid', 'true');

    goTo(/5 Run/);
    fireEvent.click(screen.getByRole('button', { name: 'Run forecast' }));
    await screen.findByTestId('run-summary');
    expect(port.lastSettings('run').stageTable).toEqual([
      ['Shortlisted', '60%', 'Best Case', 'Upside'],
      ['Qualification', '0%', 'Omitted', 'Lost'],
      ['Committed', '75%', 'Best Case'],
    ]);
  });

  test('step 3 presets: HubSpot and Salesforce replace the table in one click, keeping the other stages', async () => {
    const { port } = await openPane();
    goTo(/3 Stages/);
    fireEvent.click(screen.getByRole('button', { name: 'Salesforce' }));
    expect(screen.getByTestId('preset-applied')).toHaveTextContent('Applied: Salesforce');
    expect(
      screen.getByRole('spinbutton', { name: 'Probability in percent for Qualification' }),
    ).toHaveValue(10);
    fireEvent.click(screen.getByRole('button', { name: 'HubSpot' }));
    goTo(/5 Run/);
    fireEvent.click(screen.getByRole('button', { name: 'Run forecast' }));
    await screen.findByTestId('run-summary');
    const table = port.lastSettings('run').stageTable!;
    expect(table.slice(0, 7).map((r) => r[0])).toEqual([
      'Appointment Scheduled',
      'Qualified to Buy',
      'Presentation Scheduled',
      'Decision Maker Bought-In',
      'Contract Sent',
      'Closed Won',
      'Closed Lost',
    ]);
    // The sheet's own stages HubSpot does not know stay, as they resolved before.
    expect(table.slice(7)).toEqual([
      ['Pipeline', '50%', 'Pipeline'],
      ['Committed', '70%', 'Commit'],
      ['Qualification', '10%', 'Pipeline'],
    ]);
  });

  test('step 4: period, fiscal start, as-of (today by default), targets and rates go to the run', async () => {
    const { port } = await openPane();
    goTo(/4 Periods/);
    const asOf = screen.getByLabelText(/As-of date/);
    expect(asOf).toHaveValue(todayIso());
    fireEvent.click(screen.getByRole('radio', { name: 'Month' }));
    fireEvent.change(screen.getByRole('combobox', { name: 'Fiscal year starts in' }), {
      target: { value: '4' },
    });
    fireEvent.change(asOf, { target: { value: '2025-06-30' } });
    fireEvent.change(screen.getByRole('textbox', { name: /Targets range/ }), {
      target: { value: 'Targets!A1:C9' },
    });
    fireEvent.change(screen.getByRole('textbox', { name: /Currency rates range/ }), {
      target: { value: 'Rates' },
    });
    fireEvent.change(screen.getByRole('combobox', { name: 'Dates such as 01/08/2026' }), {
      target: { value: 'day-first' },
    });
    fireEvent.change(screen.getByRole('combobox', { name: 'Amounts such as 2.000' }), {
      target: { value: 'comma' },
    });
    goTo(/5 Run/);
    fireEvent.click(screen.getByRole('button', { name: 'Run forecast' }));
    await screen.findByTestId('run-summary');
    expect(port.lastSettings('run')).toMatchObject({
      period: 'month',
      fiscalYearStart: 4,
      asOf: '2025-06-30',
      targetsRange: 'Targets!A1:C9',
      ratesRange: 'Rates',
      dayOrder: 'day-first',
      decimalSeparator: ',',
    });
  });

  test('step 5 shows progress, then the summary, and the data-issues link opens the sheet', async () => {
    const port = new FakePort({ holdRun: true });
    await openPane(port);
    goTo(/5 Run/);
    fireEvent.click(screen.getByRole('button', { name: 'Run forecast' }));
    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
    expect(screen.getByText('Computing the forecast')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Running…' })).toBeDisabled();
    await act(async () => port.finishRun());
    const summary = await screen.findByTestId('run-summary');
    expect(within(summary).getByText('Weighted forecast, FY2025 Q2')).toBeInTheDocument();
    // Tiles are short; the exact figure is the tile's title.
    expect(screen.getByTestId('this-period-weighted')).toHaveTextContent('2.12K');
    expect(screen.getByTestId('this-period-weighted')).toHaveAttribute('title', '2,122.87');
    expect(screen.getByTestId('next-period-weighted')).toHaveTextContent('8.6K');
    expect(screen.getByTestId('counts')).toHaveTextContent(
      '5 of 6 rows counted, 1 left out, 2 issues',
    );
    expect(screen.getByTestId('issues-by-kind')).toHaveTextContent('Missing amount: 1');
    fireEvent.click(screen.getByRole('button', { name: 'Show the Data issues sheet' }));
    await waitFor(() => expect(port.callsTo('showSheet')[0]?.args).toEqual(['Data issues']));
    // The configuration that produced the run is saved in the workbook (without the as-of date).
    const saved = port.callsTo('saveSettings')[0]!.args[0] as Record<string, unknown>;
    expect(saved).toMatchObject({ period: 'quarter' });
    expect(saved).not.toHaveProperty('asOf');
  });

  test('settings are loaded, saved in one click and reset in one click', async () => {
    const port = new FakePort({ saved: { period: 'year', fiscalYearStart: 7 } });
    await openPane(port);
    goTo(/4 Periods/);
    expect(screen.getByRole('radio', { name: 'Year' })).toBeChecked();
    expect(screen.getByRole('combobox', { name: 'Fiscal year starts in' })).toHaveValue('7');
    fireEvent.click(screen.getByRole('radio', { name: 'Month' }));
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(await screen.findByText('Settings saved in the workbook.')).toBeInTheDocument();
    expect(port.saved).toMatchObject({ period: 'month', fiscalYearStart: 7 });
    expect(port.saved).not.toHaveProperty('asOf');

    fireEvent.click(screen.getByRole('button', { name: 'Reset settings' }));
    expect(await screen.findByText('Settings reset to the defaults.')).toBeInTheDocument();
    expect(port.callsTo('clearSettings')).toHaveLength(1);
    expect(port.saved).toBeNull();
    expect(screen.getByRole('radio', { name: 'Quarter' })).toBeChecked();
    expect(screen.getByRole('combobox', { name: 'Fiscal year starts in' })).toHaveValue('1');
  });

  test('errors from the engine are shown with their message and can be dismissed', async () => {
    const port = new FakePort({
      inspectError: new FunnelError('#VALUE!', 'No header row found in Sheet1: add one.'),
    });
    renderPane(port);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Something needs fixing');
    expect(alert).toHaveTextContent('No header row found in Sheet1: add one.');
    fireEvent.click(within(alert).getByRole('button', { name: 'Dismiss' }));
    await waitFor(() => expect(screen.queryByRole('alert')).not.toBeInTheDocument());
  });

  test('a failed run shows the error and no summary', async () => {
    const port = new FakePort({
      runError: new FunnelError('#N/A', 'Unknown stage "Shortlisted": add it to your stage table.'),
    });
    await openPane(port);
    goTo(/5 Run/);
    fireEvent.click(screen.getByRole('button', { name: 'Run forecast' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Unknown stage "Shortlisted"');
    expect(screen.queryByTestId('run-summary')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Run forecast' })).toBeEnabled();
  });

  test('run is refused without a valid as-of date', async () => {
    await openPane();
    goTo(/4 Periods/);
    fireEvent.change(screen.getByLabelText(/As-of date/), { target: { value: '' } });
    goTo(/5 Run/);
    expect(screen.getByRole('button', { name: 'Run forecast' })).toBeDisabled();
  });

  test('every control on every step has an accessible name', async () => {
    await openPane();
    for (const step of [/1 Source/, /2 Columns/, /3 Stages/, /4 Periods/, /5 Run/]) {
      goTo(step);
      const controls = [
        ...screen.queryAllByRole('button'),
        ...screen.queryAllByRole('combobox'),
        ...screen.queryAllByRole('textbox'),
        ...screen.queryAllByRole('spinbutton'),
        ...screen.queryAllByRole('checkbox'),
        ...screen.queryAllByRole('radio'),
      ];
      expect(controls.length).toBeGreaterThan(0);
      for (const c of controls) {
        const name =
          c.getAttribute('aria-label') ??
          (c.getAttribute('aria-labelledby') ?? '')
            .split(' ')
            .map((id) => document.getElementById(id)?.textContent ?? '')
            .join(' ')
            .trim() ??
          '';
        const labelled =
          name !== '' ||
          (c.id && document.querySelector(`label[for="${c.id}"]`)?.textContent) ||
          c.textContent?.trim();
        expect([c.outerHTML.slice(0, 80), !!labelled]).toEqual([c.outerHTML.slice(0, 80), true]);
      }
    }
    expect(screen.getByRole('navigation', { name: 'Steps' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: '5 Run' })).toHaveAttribute('aria-current', 'step');
  });
});
