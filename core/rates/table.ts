/**
 * The Stage rates table. Its first four columns (stage, probability, forecast
 * category, ladder stage) are a stage table as parseStageTable reads it, so the
 * table can be passed as it is to --stages, the pane's stage step or the
 * stage_table argument of FUNNEL_WEIGHT; the columns after the fourth are
 * ignored there.
 */
import type { CellValue } from '../cells';
import { outputNames, type OutputColumn, type OutputTable } from '../output';
import type { StageRate, StageRatesResult } from './stage-rates';

export const STAGE_RATES_COLUMNS: readonly OutputColumn[] = [
  { header: 'Stage', format: 'text' },
  { header: 'Probability', format: 'percent' },
  { header: 'Forecast category', format: 'text' },
  { header: 'Ladder stage', format: 'text' },
  { header: 'n', format: 'integer' },
  { header: 'Won', format: 'integer' },
  { header: 'Raw rate', format: 'percent' },
  { header: 'Interval low (90%)', format: 'percent' },
  { header: 'Interval high (90%)', format: 'percent' },
  { header: 'Previous probability', format: 'percent' },
  { header: 'Note', format: 'text' },
];

export function stageRateRow(r: StageRate): CellValue[] {
  return [
    r.stage.label,
    r.probability,
    r.stage.category,
    r.stage.ladder,
    r.n,
    r.won,
    r.rawRate,
    r.low,
    r.high,
    r.previousProbability,
    r.note,
  ];
}

/** The header row and one row per stage, as the STAGE_RATES function spills it. */
export function stageRatesGrid(result: StageRatesResult): CellValue[][] {
  return [STAGE_RATES_COLUMNS.map((c) => c.header), ...result.rates.map(stageRateRow)];
}

/** A row of --json's "stageRates" (and of the pane's StageRatesView): a StageRate with its stage flattened. */
export type StageRatesRow = Omit<StageRate, 'stage'> & {
  stage: string;
  category: StageRate['stage']['category'];
  ladder: StageRate['stage']['ladder'];
};

/** The rows of --json's "stageRates": the fields the issue names, plus the category, ladder and note. */
export function stageRatesJson(result: Pick<StageRatesResult, 'rates'>): StageRatesRow[] {
  return result.rates.map((r) => ({
    stage: r.stage.label,
    probability: r.probability,
    category: r.stage.category,
    ladder: r.stage.ladder,
    n: r.n,
    won: r.won,
    rawRate: r.rawRate,
    low: r.low,
    high: r.high,
    previousProbability: r.previousProbability,
    note: r.note,
  }));
}

export const HISTORY_ISSUES_COLUMNS: readonly OutputColumn[] = [
  { header: 'Row', format: 'integer' },
  { header: 'Column', format: 'text' },
  { header: 'Value', format: 'text' },
  { header: 'Problem', format: 'text' },
  { header: 'Source', format: 'text' },
];

/** The Stage rates table, a row a stage (forecast --calibrate, the hosts, history rates). */
export function stageRatesTable(rates: readonly StageRate[]): OutputTable {
  return {
    ...outputNames('StageRates'),
    columns: [...STAGE_RATES_COLUMNS],
    rows: rates.map(stageRateRow),
  };
}

export function stageRatesTables(result: StageRatesResult): OutputTable[] {
  return [
    stageRatesTable(result.rates),
    {
      ...outputNames('HistoryIssues'),
      columns: [...HISTORY_ISSUES_COLUMNS],
      rows: result.issues.map((i) => [
        i.row,
        i.column,
        i.value instanceof Date ? i.value.toISOString().slice(0, 10) : i.value,
        i.problem,
        i.source ?? null,
      ]),
    },
  ];
}
