import type { OutputTable } from '../../core/output';
import { normalizeLabel } from '../../core/text';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

/**
 * What the Excel add-in adds next to the tables, made the Sheets way: a pivot
 * table of the weighted forecast by segment and period on its own owned sheet,
 * and a column chart of the funnel beside the Funnel table. Both are rebuilt
 * by every run, because their source ranges change size.
 */
/** Columns kept free right of the Funnel table for its chart. */
export const CHART_COLUMNS = 8;

function column(table: OutputTable, header: string): number {
  return table.columns.findIndex((c) => normalizeLabel(c.header) === normalizeLabel(header));
}

export interface PivotPlan {
  /** 0-based columns of the Forecast table: the segments (before Period) as row groups. */
  rows: number[];
  column: number;
  data: number;
}

export function pivotPlan(forecast: OutputTable): PivotPlan | null {
  const period = column(forecast, 'Period');
  const weighted = column(forecast, 'Weighted');
  if (period < 0 || weighted < 0) return null;
  return { rows: Array.from({ length: period }, (_, i) => i), column: period, data: weighted };
}

export function writeForecastPivot(
  pivotSheet: Sheet,
  forecastSheet: Sheet,
  forecast: OutputTable,
): void {
  for (const old of pivotSheet.getPivotTables()) old.remove();
  pivotSheet.clear();
  pivotSheet
    .getRange(1, 1)
    .setValue(
      `Weighted forecast by segment and period, from the sheet "${forecastSheet.getName()}". Rebuilt by every run.`,
    );
  const plan = pivotPlan(forecast);
  if (!plan || forecast.rows.length === 0) return;
  const source = forecastSheet.getRange(1, 1, forecast.rows.length + 1, forecast.columns.length);
  const pivot = pivotSheet.getRange(3, 1).createPivotTable(source);
  // Apps Script numbers pivot source columns from 1.
  for (const r of plan.rows) pivot.addRowGroup(r + 1);
  pivot.addColumnGroup(plan.column + 1);
  pivot.addPivotValue(plan.data + 1, SpreadsheetApp.PivotTableSummarizeFunction.SUM);
}

/** Amount by stage, Lost left out (it is not a funnel step). */
export function writeFunnelChart(sheet: Sheet, funnel: OutputTable): void {
  for (const old of sheet.getCharts()) sheet.removeChart(old);
  const stage = column(funnel, 'Stage');
  const amount = column(funnel, 'Amount');
  if (stage < 0 || amount < 0) return;
  let shown = funnel.rows.length;
  while (shown > 0 && normalizeLabel(String(funnel.rows[shown - 1]![stage] ?? '')) === 'lost')
    shown--;
  if (shown === 0) return;
  const chart = sheet
    .newChart()
    .asColumnChart()
    .addRange(sheet.getRange(1, stage + 1, shown + 1, 1))
    .addRange(sheet.getRange(1, amount + 1, shown + 1, 1))
    .setNumHeaders(1)
    .setOption('title', 'Funnel: amount by stage')
    .setOption('legend', { position: 'none' })
    .setPosition(2, funnel.columns.length + 2, 0, 0)
    .build();
  sheet.insertChart(chart);
}
