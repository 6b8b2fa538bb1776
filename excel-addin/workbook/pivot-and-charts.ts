import { TOTAL_SEGMENT } from '../../core/change/tables';
import type { CellValue } from '../../core/cells';
import type { OutputTable } from '../../core/output';
import { normalizeLabel } from '../../core/text';

export interface PivotPlan {
  /** Segment headers (the Forecast table's columns before Period), as PivotTable rows. */
  rows: string[];
  column: string;
  data: string;
}

function findHeader(table: OutputTable, name: string): number {
  return table.columns.findIndex((c) => normalizeLabel(c.header) === normalizeLabel(name));
}

/** Weighted forecast by segment (rows) and period (columns), from the Forecast table's own headers. */
export function pivotPlan(forecast: OutputTable): PivotPlan | null {
  const period = findHeader(forecast, 'Period');
  const weighted = findHeader(forecast, 'Weighted');
  if (period < 0 || weighted < 0) return null;
  return {
    rows: forecast.columns.slice(0, period).map((c) => c.header),
    column: forecast.columns[period]!.header,
    data: forecast.columns[weighted]!.header,
  };
}

export function addForecastPivot(
  context: Excel.RequestContext,
  sheet: Excel.Worksheet,
  sourceTable: string,
  plan: PivotPlan,
  name: string,
): void {
  sheet.getRange('A1').values = [
    [`Weighted forecast by segment and period, from table ${sourceTable}. Rebuilt by every run.`],
  ];
  const pivot = sheet.pivotTables.add(
    name,
    context.workbook.tables.getItem(sourceTable),
    sheet.getRange('A3'),
  );
  for (const row of plan.rows) pivot.rowHierarchies.add(pivot.hierarchies.getItem(row));
  pivot.columnHierarchies.add(pivot.hierarchies.getItem(plan.column));
  const data = pivot.dataHierarchies.add(pivot.hierarchies.getItem(plan.data));
  data.summarizeBy = 'Sum';
  data.numberFormat = '#,##0.00';
}

/**
 * Queues a funnel chart of amount by stage from the Funnel table (stage in the
 * first column): the chart, its name and position, members every chart type
 * supports. Lost deals are left out of the picture: they are not a funnel step.
 * Returns what labelFunnelChart needs, or null when there is nothing to draw.
 */
export function addFunnelChart(
  sheet: Excel.Worksheet,
  funnel: OutputTable,
  name: string,
): { chart: Excel.Chart; stages: Excel.Range } | null {
  const stage = findHeader(funnel, 'Stage');
  const amount = findHeader(funnel, 'Amount');
  if (stage < 0 || amount < 0 || funnel.rows.length === 0) return null;
  let shown = funnel.rows.length;
  while (shown > 0 && normalizeLabel(String(funnel.rows[shown - 1]![stage] ?? '')) === 'lost')
    shown--;
  if (shown === 0) return null;
  const values = sheet.getRangeByIndexes(0, amount, 1 + shown, 1);
  const chart = sheet.charts.add('Funnel', values, 'Columns');
  chart.name = name;
  chart.setPosition(sheet.getRangeByIndexes(1, funnel.columns.length + 1, 1, 1), undefined);
  return { chart, stages: sheet.getRangeByIndexes(1, stage, shown, 1) };
}

/**
 * Queues the funnel chart's title and stage labels: Chart.title and Chart.series
 * are members real Excel refuses (UnsupportedOperation) on some of the newer
 * chart types (office-js issue 2041, office-js-docs issue 910), so they go in a
 * sync of their own.
 */
export function labelFunnelChart(drawn: { chart: Excel.Chart; stages: Excel.Range }): void {
  drawn.chart.title.text = 'Funnel: amount by stage';
  drawn.chart.series.getItemAt(0).setXAxisValues(drawn.stages);
}

/** The waterfall's title, above its data beside the Pipeline change table. */
export const WATERFALL_TITLE =
  "Waterfall of the bridge (total): Start, then each bucket with deals; End is the last bar's top";

/**
 * The steps of the bridge's waterfall from the Pipeline change table: the
 * total rows (every segment cell "(total)"), Start then each bucket that has
 * deals, End left out: a Waterfall chart cannot be told from an add-in that
 * a point is a total (Chart.series is refused on it), so End would be drawn
 * as one more rise; the last bar's top is End (Start + buckets = End).
 */
export function waterfallSteps(change: OutputTable): [string, number][] | null {
  const bucket = findHeader(change, 'Bucket');
  const deals = findHeader(change, 'Deals');
  const amount = findHeader(change, 'Amount');
  if (bucket < 0 || deals < 0 || amount < 0) return null;
  const steps: [string, number][] = [];
  for (const row of change.rows) {
    if (row.slice(0, bucket).some((v) => v !== TOTAL_SEGMENT)) continue;
    const name = String(row[bucket] ?? '');
    const value = row[amount];
    if (name === 'end' || typeof value !== 'number') continue;
    if (name !== 'start' && row[deals] === 0) continue;
    steps.push([name, value]);
  }
  return steps.length ? steps : null;
}

/**
 * Queues the bridge's native waterfall chart on the Pipeline change sheet:
 * its steps (waterfallSteps) written one column right of the table under
 * WATERFALL_TITLE, the chart drawn from them beside, named and placed. No
 * title or series members: Excel refuses them on a Waterfall chart.
 */
export function addBridgeWaterfall(
  sheet: Excel.Worksheet,
  change: OutputTable,
  name: string,
): Excel.Chart | null {
  const steps = waterfallSteps(change);
  if (!steps) return null;
  const left = change.columns.length + 1;
  const values: CellValue[][] = [[WATERFALL_TITLE, 'Amount'], ...steps];
  const block = sheet.getRangeByIndexes(0, left, values.length, 2);
  block.values = values as (string | number)[][];
  const data = sheet.getRangeByIndexes(1, left, steps.length, 2);
  const chart = sheet.charts.add('Waterfall', data, 'Columns');
  chart.name = name;
  chart.setPosition(sheet.getRangeByIndexes(1, left + 3, 1, 1), undefined);
  return chart;
}

/**
 * Runs one chart step in a sync of its own, after the tables are written:
 * whatever Excel refuses there becomes a note, never a failed run. Every chart
 * the add-in draws (the funnel, the pipeline-change waterfall) goes through it.
 */
export async function chartStep(
  context: Excel.RequestContext,
  notes: string[],
  failureNote: string,
  queue: () => void,
): Promise<boolean> {
  try {
    // Like every write batch: one recalculation at the end (writeOutputTables).
    context.application.suspendApiCalculationUntilNextSync();
    queue();
    await context.sync();
    return true;
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    notes.push(`${failureNote} (Excel said: ${detail})`);
    return false;
  }
}
