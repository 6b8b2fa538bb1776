import '@testing-library/jest-dom';
import { fireEvent, screen, within } from '@testing-library/react';
import type { CellValue } from '../../core/cells';
import { runForecast } from '../../core/engine';
import { SALESFORCE_PRESET } from '../../core/stages';
import { applyPreset, explicitLadder, upsertStage, withLadder } from '../../ui/model/stages';
import { FakePort } from './fake-port';
import { renderPane } from './render';

// Fluent renders a lot in jsdom and the machine is shared: allow slow steps.
jest.setTimeout(60_000);

const STAGES = [
  { label: 'Abandoned', deals: 1 },
  { label: 'Pipeline', deals: 1 },
];

async function openStages(language?: string) {
  const port = new FakePort({ stages: STAGES, language });
  renderPane(port);
  await screen.findByText(language ? '表头行下有 6 行数据' : '6 data rows under the header row');
  fireEvent.click(screen.getByRole('button', { name: language ? /3 阶段/ : /3 Stages/ }));
  return port;
}

async function runIt(port: FakePort, language?: string) {
  fireEvent.click(screen.getByRole('button', { name: language ? /5 运行/ : /5 Run/ }));
  fireEvent.click(screen.getByRole('button', { name: language ? '运行预测' : 'Run forecast' }));
  await screen.findByTestId('run-summary');
  return port.lastSettings('run').stageTable!;
}

describe('Stages step: the ladder stage goes into the stage table', () => {
  test('"Abandoned" at 0% can be put on Lost, the choice sticks, and the engine counts it lost', async () => {
    const port = await openStages();
    const ladder = () => screen.getByRole('combobox', { name: 'Ladder stage for Abandoned' });
    const prob = () =>
      screen.getByRole('spinbutton', { name: 'Probability in percent for Abandoned' });
    // Unknown at first; 0% alone would put it on Leads (open).
    expect(
      screen.getByText(
        'In no stage table and no probability: its deals are not counted until you set one',
      ),
    ).toBeInTheDocument();
    fireEvent.change(ladder(), { target: { value: 'Lost' } });
    expect(ladder()).toHaveValue('Lost');
    expect(prob()).toHaveValue(0);
    expect(screen.getByRole('combobox', { name: 'Forecast category for Abandoned' })).toHaveValue(
      'Omitted',
    );
    // No explanatory note any more: the pane shows what the table says.
    const card = screen
      .getAllByRole('listitem')
      .find((li) => li.getAttribute('data-stage') === 'Abandoned')!;
    expect(within(card).queryByRole('status')).not.toBeInTheDocument();
    expect(screen.queryByText(/is read as/)).not.toBeInTheDocument();

    // Changing the category later keeps the chosen ladder stage.
    fireEvent.change(screen.getByRole('combobox', { name: 'Forecast category for Abandoned' }), {
      target: { value: 'Pipeline' },
    });
    expect(ladder()).toHaveValue('Lost');

    const table = await runIt(port);
    expect(table).toEqual([['Abandoned', '0%', 'Pipeline', 'Lost']]);

    // The table the pane wrote, run through the engine: the deal is lost, not open at 0%.
    const sheet: CellValue[][] = [
      ['Opportunity', 'Stage', 'Amount', 'Close Date'],
      ['D-1', 'Abandoned', 5000, '2026-05-10'],
      ['D-2', 'Pipeline', 1000, '2026-05-10'],
    ];
    const r = runForecast(
      { name: 'Deals', values: sheet },
      { asOf: '2026-03-31', stageTable: table },
    );
    expect(r.deals.map((d) => [d.stageLabel, d.status, d.stage])).toEqual([
      ['Abandoned', 'lost', 'Lost'],
      ['Pipeline', 'open', 'Pipeline'],
    ]);
  });

  test('a probability edit after choosing a ladder stage keeps the ladder stage', async () => {
    const port = await openStages();
    fireEvent.change(screen.getByRole('combobox', { name: 'Ladder stage for Pipeline' }), {
      target: { value: 'Upside' },
    });
    const prob = screen.getByRole('spinbutton', { name: 'Probability in percent for Pipeline' });
    expect(prob).toHaveValue(60);
    fireEvent.change(prob, { target: { value: '90' } });
    fireEvent.blur(prob);
    // 90% alone would sit on Committed; the user said Upside.
    expect(screen.getByRole('combobox', { name: 'Ladder stage for Pipeline' })).toHaveValue(
      'Upside',
    );
    expect(await runIt(port)).toEqual([['Pipeline', '90%', 'Best Case', 'Upside']]);
  });

  test('in Chinese the ladder stages are translated, the table cell stays the ladder name', async () => {
    const port = await openStages('zh-CN');
    const ladder = screen.getByRole('combobox', { name: 'Abandoned 的阶梯阶段' });
    expect(within(ladder).getByRole('option', { name: '输单' })).toHaveValue('Lost');
    fireEvent.change(ladder, { target: { value: 'Lost' } });
    expect(ladder).toHaveValue('Lost');
    expect(within(ladder).getByRole('option', { name: '输单' })).toHaveProperty('selected', true);
    expect(await runIt(port, 'zh-CN')).toEqual([['Abandoned', '0%', 'Omitted', 'Lost']]);
  });
});

describe('stage-table editing (ui/model/stages)', () => {
  test('withLadder writes the 4th column; upsertStage keeps it unless told otherwise', () => {
    let grid = withLadder(undefined, 'Abandoned', 'Lost');
    expect(grid).toEqual([['Abandoned', '0%', 'Omitted', 'Lost']]);
    grid = upsertStage(grid, ' abandoned ', 0.05, 'Omitted');
    expect(grid).toEqual([[' abandoned ', '5%', 'Omitted', 'Lost']]);
    grid = upsertStage(grid, 'Demo', 0.3, 'Pipeline');
    expect(grid[1]).toEqual(['Demo', '30%', 'Pipeline']);
  });

  test('explicitLadder reads English or Chinese names, and ignores what core cannot read', () => {
    const grid = [
      ['A', '0%', 'Omitted', '输单'],
      ['B', '50%', 'Pipeline', 'nonsense'],
      ['C', '50%', 'Pipeline'],
    ];
    expect(explicitLadder(grid, 'a')).toBe('Lost');
    expect(explicitLadder(grid, 'B')).toBeUndefined();
    expect(explicitLadder(grid, 'C')).toBeUndefined();
    expect(explicitLadder(undefined, 'A')).toBeUndefined();
  });

  test('applying a preset keeps the ladder stage chosen for the sheet’s other stages', () => {
    const grid = withLadder(undefined, 'Abandoned', 'Lost');
    const table = applyPreset(SALESFORCE_PRESET, STAGES, grid);
    expect(table.slice(SALESFORCE_PRESET.stages.length)).toEqual([
      ['Abandoned', '0%', 'Omitted', 'Lost'],
      ['Pipeline', '50%', 'Pipeline'],
    ]);
  });
});
