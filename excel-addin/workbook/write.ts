import type { OutputTable } from '../../core/output';
import { PIVOT_KEY, writingOrder, type WrittenTables } from '../../core';
import { COMMAND_BYTES, WriteBatch } from './batch';
import { numberFormatOf } from '../../core/output-formats';
import { jsonBytes, toExcelValue } from './excel-values';
import {
  addBridgeWaterfall,
  addFunnelChart,
  addForecastPivot,
  chartStep,
  labelFunnelChart,
  pivotPlan,
} from './pivot-and-charts';
import {
  CHART_NAME,
  WATERFALL_NAME,
  PIVOT_NAME,
  PIVOT_SHEET,
  planSheets,
  type OwnedKey,
  type WorkbookScan,
} from './ownership';

export type Supports = (version: string) => boolean;

/** Rows measured for the column widths: autofit over 100,000 rows would cost more than it shows. */
const AUTOFIT_ROWS = 200;
/** Start a new batch rather than send a chunk of a few rows. */
const MIN_CHUNK_ROOM = 64 * 1024;

/** One sync: every sheet, every table and PivotTable with the sheet it sits on. */
export async function scanWorkbook(
  context: Excel.RequestContext,
  supports: Supports,
): Promise<WorkbookScan> {
  const sheets = context.workbook.worksheets.load('items/name');
  const tables = context.workbook.tables.load('items/name,items/worksheet/name');
  const pivots = supports('1.8')
    ? context.workbook.pivotTables.load('items/name,items/worksheet/name')
    : null;
  await context.sync();
  return {
    sheets: sheets.items.map((s) => s.name),
    tables: new Map(tables.items.map((t) => [t.name, t.worksheet.name])),
    pivots: new Map((pivots?.items ?? []).map((p) => [p.name, p.worksheet.name])),
  };
}

/** What a second sync learns about a sheet the add-in already owns. */
interface OwnedSheet {
  charts: Excel.ChartCollection;
  used: Excel.Range;
  /** The output table's header and position, when it may be kept (ExcelApi 1.13 can resize it). */
  header?: Excel.Range;
  tableRange?: Excel.Range;
}

/**
 * Keeps the add-in's table from the last run (same name, same object) when its
 * columns have not changed and Excel can resize it: PivotTables and formulas
 * that use the table keep working. Otherwise the table is re-created.
 */
function canKeepTable(owned: OwnedSheet | undefined, table: OutputTable): boolean {
  if (!owned?.header || !owned.tableRange) return false;
  if (owned.tableRange.rowIndex !== 0 || owned.tableRange.columnIndex !== 0) return false;
  const old = (owned.header.values[0] ?? []).map(String);
  return old.length === table.columns.length && table.columns.every((c, i) => c.header === old[i]);
}

/**
 * Prepares a sheet the add-in owns: a new sheet, or its sheet from an earlier
 * run emptied in place (tables, PivotTables, charts and cells), so references
 * to the sheet from elsewhere keep pointing at it. A kept table stays; only
 * the cells below and beside the new extent are cleared, the rest is overwritten.
 */
function clearOrCreateSheet(
  context: Excel.RequestContext,
  batch: WriteBatch,
  scan: WorkbookScan,
  target: { sheetName: string; exists: boolean },
  owned: OwnedSheet | undefined,
  keep: { table: string; rows: number; width: number } | null,
): Excel.Worksheet {
  const { sheetName } = target;
  batch.add(COMMAND_BYTES);
  if (!target.exists) return context.workbook.worksheets.add(sheetName);
  const sheet = context.workbook.worksheets.getItem(sheetName);
  for (const [pivot, on] of scan.pivots) {
    if (on === sheetName) context.workbook.pivotTables.getItem(pivot).delete();
  }
  for (const [table, on] of scan.tables) {
    if (on === sheetName && table !== keep?.table) context.workbook.tables.getItem(table).delete();
  }
  for (const chart of owned?.charts.items ?? []) chart.delete();
  if (!keep) {
    sheet.getRange().clear();
    return sheet;
  }
  const used = owned!.used;
  if (!used.isNullObject) {
    const lastRow = used.rowIndex + used.rowCount;
    const lastCol = used.columnIndex + used.columnCount;
    const firstFree = 1 + keep.rows;
    if (lastRow > firstFree)
      sheet.getRangeByIndexes(firstFree, 0, lastRow - firstFree, lastCol).clear();
    if (lastCol > keep.width) {
      sheet
        .getRangeByIndexes(0, keep.width, Math.min(lastRow, firstFree), lastCol - keep.width)
        .clear();
    }
  }
  return sheet;
}

/** Writes one output table: header, values in chunks that fit the batch, formats per column, an Excel table over it. */
async function writeTable(
  batch: WriteBatch,
  sheet: Excel.Worksheet,
  table: OutputTable,
  keepTable: boolean,
  onRows: (rows: number) => void,
): Promise<void> {
  const width = table.columns.length;
  const rows = table.rows.length;
  const formats = table.columns.map(numberFormatOf);
  const formatBytes = jsonBytes(formats) + 1;

  const header = sheet.getRangeByIndexes(0, 0, 1, width);
  const headerValues = [table.columns.map((c) => toExcelValue(c.header))];
  header.numberFormat = [table.columns.map(() => '@')];
  header.values = headerValues;
  // The table goes on first, over the rows still to come: if a later batch
  // fails, the sheet is still recognisably the add-in's on the next run.
  const extent = sheet.getRangeByIndexes(0, 0, 1 + Math.max(rows, 1), width);
  if (keepTable) {
    sheet.tables.getItem(table.tableName).resize(extent);
  } else {
    const excelTable = sheet.tables.add(extent, true);
    excelTable.name = table.tableName;
    excelTable.style = 'TableStyleMedium2';
  }
  sheet.freezePanes.freezeRows(1);
  batch.add(jsonBytes(headerValues) + formatBytes + 4 * COMMAND_BYTES);

  let next = 0;
  while (next < rows) {
    if (batch.room() < MIN_CHUNK_ROOM) await batch.flush();
    const start = next;
    const values: (string | number | boolean)[][] = [];
    let bytes = COMMAND_BYTES;
    while (next < rows) {
      const row = table.rows[next]!.map(toExcelValue);
      const rowBytes = jsonBytes(row) + 1 + formatBytes;
      if (values.length > 0 && bytes + rowBytes > batch.room()) break;
      values.push(row);
      bytes += rowBytes;
      next++;
    }
    const body = sheet.getRangeByIndexes(1 + start, 0, values.length, width);
    // Formats before values: a text column is "@" so Excel keeps "00123" and "1-2" as typed.
    body.numberFormat = values.map(() => formats);
    body.values = values;
    batch.add(bytes);
    onRows(values.length);
  }
  sheet.getRangeByIndexes(0, 0, 1 + Math.min(rows, AUTOFIT_ROWS), width).format.autofitColumns();
  batch.add(COMMAND_BYTES);
}

/**
 * Replaces the add-in's output sheets: fixed syncs (scan, charts on owned
 * sheets, the chart's two steps, one recalculation) plus one per ~4 MB of
 * output. The source sheet and every sheet the add-in does not own are never
 * written to.
 */
export async function writeOutputTables(
  context: Excel.RequestContext,
  supports: Supports,
  tables: OutputTable[],
  onProgress: (fraction: number) => void = () => {},
): Promise<WrittenTables> {
  const ordered = writingOrder(tables);
  const scan = await scanWorkbook(context, supports);
  const forecast = ordered.find((t) => t.key === 'Forecast');
  const funnel = ordered.find((t) => t.key === 'Funnel');
  const change = ordered.find((t) => t.key === 'PipelineChange');
  const notes: string[] = [];

  const pivot = forecast ? pivotPlan(forecast) : null;
  const canPivot = supports('1.8');
  const wanted: { key: OwnedKey; preferred: string; marker: string }[] = ordered.map((t) => ({
    key: t.key,
    preferred: t.sheetName,
    marker: t.tableName,
  }));
  if (forecast && pivot && canPivot) {
    wanted.push({ key: PIVOT_KEY, preferred: PIVOT_SHEET, marker: PIVOT_NAME });
  }
  const plan = planSheets(scan, wanted);
  notes.push(...plan.notes);

  // What is on the add-in's existing sheets (charts cannot be listed workbook-wide):
  // one more sync, only when earlier output exists.
  const owned = new Map<string, OwnedSheet>();
  const canResize = supports('1.13');
  for (const target of plan.targets) {
    if (!target.exists) continue;
    const sheet = context.workbook.worksheets.getItem(target.sheetName);
    const state: OwnedSheet = {
      charts: sheet.charts.load('items/name'),
      used: sheet.getUsedRangeOrNullObject().load('rowIndex,columnIndex,rowCount,columnCount'),
    };
    const output = ordered.find((t) => t.key === target.key);
    if (output && canResize) {
      const excelTable = context.workbook.tables.getItem(output.tableName);
      state.header = excelTable.getHeaderRowRange().load('values');
      state.tableRange = excelTable.getRange().load('rowIndex,columnIndex');
    }
    owned.set(target.sheetName, state);
  }
  if (owned.size > 0) await context.sync();

  const batch = new WriteBatch(context);
  // The PivotTable goes first: its source table is about to be replaced.
  const oldPivot = scan.pivots.get(PIVOT_NAME);
  if (oldPivot !== undefined) {
    batch.add(COMMAND_BYTES);
    context.workbook.pivotTables.getItem(PIVOT_NAME).delete();
    scan.pivots.delete(PIVOT_NAME);
  }
  const written: WrittenTables['written'] = [];
  const totalRows = ordered.reduce((n, t) => n + t.rows.length + 1, 0);
  let doneRows = 0;
  let funnelSheet: Excel.Worksheet | null = null;
  let changeSheet: Excel.Worksheet | null = null;
  for (const table of ordered) {
    const target = plan.targets.find((t) => t.key === table.key)!;
    const state = owned.get(target.sheetName);
    const keep = canKeepTable(state, table)
      ? { table: table.tableName, rows: table.rows.length, width: table.columns.length }
      : null;
    const sheet = clearOrCreateSheet(context, batch, scan, target, state, keep);
    await writeTable(batch, sheet, table, keep !== null, (n) => {
      doneRows += n;
      onProgress(doneRows / totalRows);
    });
    written.push({ sheetName: target.sheetName, rows: table.rows.length });
    if (table.key === 'Funnel') funnelSheet = sheet;
    if (table.key === 'PipelineChange') changeSheet = sheet;
    doneRows += 1; // the header
    onProgress(doneRows / totalRows);
  }

  const pivotTarget = plan.targets.find((t) => t.key === PIVOT_KEY);
  if (forecast && pivotTarget && pivot) {
    const sheet = clearOrCreateSheet(
      context,
      batch,
      scan,
      pivotTarget,
      owned.get(pivotTarget.sheetName),
      null,
    );
    addForecastPivot(context, sheet, forecast.tableName, pivot, PIVOT_NAME);
    batch.add(4 * COMMAND_BYTES);
    written.push({ sheetName: pivotTarget.sheetName, rows: 0 });
  } else if (forecast && !canPivot) {
    notes.push(
      `This version of Excel cannot create PivotTables from an add-in (it needs ExcelApi 1.8); to get one, select the ${forecast.tableName} table and choose Insert > PivotTable.`,
    );
  } else if (forecast && !pivot) {
    notes.push('No PivotTable: the Forecast table has no Period or Weighted column.');
  }
  await batch.flush();

  // Charts after the tables, each step in its own sync: a chart Excel refuses
  // is a note, and the tables are already whole.
  if (funnel && funnelSheet) {
    if (supports('1.9')) {
      const sheet = funnelSheet;
      let drawn: ReturnType<typeof addFunnelChart> = null;
      const added = await chartStep(
        context,
        notes,
        'The funnel chart could not be drawn in this Excel; the Funnel sheet has the figures to chart by hand.',
        () => {
          drawn = addFunnelChart(sheet, funnel, CHART_NAME);
        },
      );
      const chart = drawn as ReturnType<typeof addFunnelChart>;
      if (added && chart) {
        await chartStep(
          context,
          notes,
          'The funnel chart is drawn without its title and stage labels: this Excel does not let an add-in set them on a Funnel chart.',
          () => labelFunnelChart(chart),
        );
      }
    } else {
      notes.push(
        'This version of Excel cannot draw a funnel chart from an add-in (it needs ExcelApi 1.9); the Funnel sheet has the figures to chart by hand.',
      );
    }
  }

  if (change && changeSheet) {
    if (supports('1.9')) {
      const sheet = changeSheet;
      await chartStep(
        context,
        notes,
        'The waterfall chart of the pipeline change could not be drawn in this Excel; the Pipeline change sheet has the figures to chart by hand.',
        () => void addBridgeWaterfall(sheet, change, WATERFALL_NAME),
      );
    } else {
      notes.push(
        'This version of Excel cannot draw a waterfall chart from an add-in (it needs ExcelApi 1.9); the Pipeline change sheet has the figures to chart by hand (Insert > Waterfall).',
      );
    }
  }

  // Every batch suspended calculation until its sync, and Microsoft's
  // Excel.Application reference leaves the recalculation to the caller after
  // suspendApiCalculationUntilNextSync: without it, formulas that use the
  // output tables may show the previous run's figures.
  context.application.calculate('Recalculate');
  await context.sync();
  onProgress(1);
  return { written, notes };
}
