/**
 * Pass 1 of a run: every data row read into typed columns, with parsers chosen
 * once per column and caches for the strings that repeat (stage labels, dates,
 * currencies, owners, accounts, segment values). Nothing here allocates per
 * row except the issues of rows that have some.
 *
 * The passes over a row, each in its own file under rows/, in the order a
 * row's issues are listed: amount and currency (amount.ts); stage,
 * probability, status and category (weight.ts, probability.ts, status.ts);
 * dates (dates.ts); ids and segments (ids.ts); the issues go to sink.ts. The
 * decisions made once per column are in decide.ts, the stage column's in
 * stages.ts, the columns themselves in columns.ts.
 */
import type { CellValue } from '../cells';
import { isBlank } from '../read/blank';
import { isBlankValue } from '../read/blank';
import { isDateFormat } from '../read/date';
import { AmountPass } from './rows/amount';
import {
  newParsedRows,
  skipRow,
  STATUS_OPEN,
  type ParseInput,
  type ParsedRows,
} from './rows/columns';
import { DatePass } from './rows/dates';
import { decideColumns } from './rows/decide';
import { IdPass } from './rows/ids';
import { IssueSink, raggedText } from './rows/sink';
import { collectStages } from './rows/stages';
import { WeightPass } from './rows/weight';

export {
  FLAG_NO_RATE,
  FLAG_SLIPPED,
  FLAG_STALE,
  Interner,
  NO_DAY,
  STATUS_LOST,
  STATUS_NAMES,
  STATUS_OPEN,
  STATUS_WON,
  dayAt,
  segmentText,
  type ParseInput,
  type ParsedRows,
} from './rows/columns';
export { collectStages } from './rows/stages';

// Hot imports as module constants: under a CommonJS transform (tsx, jest)
// each read of an imported binding is a getter call.
const blankValue = isBlankValue;
const blankCell = isBlank;
const statusOpen = STATUS_OPEN;

/** The passes over one row, in the order its issues are listed. */
interface Passes {
  sink: IssueSink;
  amounts: AmountPass;
  weights: WeightPass;
  dates: DatePass;
  ids: IdPass;
}

/** Pass 1: parse the data rows of a sheet into typed columns and located issues. */
export function parseRows(input: ParseInput): ParsedRows {
  const { cells, headerIndex, headers, map } = input;
  const { col } = map;
  const from = headerIndex + 1;
  const notes: string[] = [];
  const stages = collectStages(cells, from, col.stage, input.userTable, notes);
  const d = decideColumns(input, notes);
  const out = newParsedRows(Math.max(0, cells.rows - from), input.firstRow, {
    stageUsage: stages.usage,
    notes,
    stagePreset: stages.preset,
    dateOrders: d.dateOrders,
  });
  const sink = new IssueSink(headers, out);
  const passes: Passes = {
    sink,
    amounts: new AmountPass(out, sink, map, headers, d.amountDecimal),
    weights: new WeightPass(
      out,
      sink,
      map,
      stages.rowLabel,
      stages.labels,
      d.probScale,
      d.probComma,
    ),
    dates: new DatePass(out, sink, map, headers, d.dates, input.asOfDay, input.staleDays, cells),
    ids: new IdPass(out, map, cells),
  };
  out.n = readRows(input, out, passes);

  const { weights } = passes;
  if (weights.omittedOwn > 0)
    notes.push(
      `${weights.omittedOwn} open deal${weights.omittedOwn === 1 ? '' : 's'} on an Omitted stage (such as Leads) or without a known stage carry a probability of their own: weighted with it and forecast in its category (Pipeline at least); a category column's Omitted weighs 0%.`,
    );
  if (d.probTally.fraction + d.probTally.percent > 0) {
    const header = headers[col.probability];
    const scaleText =
      d.probScale === 'percent' ? 'percentages (70 = 70%)' : 'fractions (0.7 = 70%)';
    const disagree = weights.probability?.disagree ?? 0;
    const others =
      disagree === 1
        ? '; 1 cell written on the other scale is listed in Data issues'
        : `; ${disagree} cells written on the other scale are listed in Data issues`;
    notes.push(
      disagree
        ? `${header}: probabilities read as ${scaleText}, as most of its values show${others}.`
        : `${header}: probabilities read as ${scaleText}, as its values show.`,
    );
  }
  if (input.numberFormats && col.closeDate >= 0) {
    const fmt = input.numberFormats[from]?.[col.closeDate];
    if (
      fmt !== undefined &&
      !isDateFormat(fmt) &&
      from < cells.rows &&
      typeof cells.cell(from, col.closeDate) === 'number'
    )
      notes.push(
        `${headers[col.closeDate]} holds numbers without a date format; they are read as Excel date serials.`,
      );
  }
  return out;
}

/**
 * The row loop, a function of its own so the optimiser compiles it alone:
 * each data row through the passes; returns the number of rows read (empty
 * rows are not deals and take no index).
 */
function readRows(input: ParseInput, out: ParsedRows, passes: Passes): number {
  const { cells } = input;
  const rows = cells.rows;
  const { sink, amounts, weights, dates, ids } = passes;
  const from = input.headerIndex + 1;
  const cAmount = input.map.col.amount;
  const cStage = input.map.col.stage;
  const width = input.headers.length;
  const recordWidth = input.recordWidth ?? -1;
  const keepRagged = input.keepRaggedRows === true;
  const probability = out.probability;
  const usable = out.usable;
  let i = 0;
  for (let r = from; r < rows; r++) {
    const amountCell: CellValue = cAmount >= 0 ? cells.cell(r, cAmount) : null;
    if (blankValue(amountCell) && blankValue(cStage >= 0 ? cells.cell(r, cStage) : null)) {
      let blank = true;
      for (let c = 0; c < width && blank; c++) if (!blankCell(cells.cell(r, c))) blank = false;
      if (blank) continue; // an empty row is not a deal
    }
    sink.index = i;
    out.source[i] = r;
    const cellCount = recordWidth >= 0 ? cells.width(r) : recordWidth;
    if (cellCount !== recordWidth) {
      sink.addText('ragged-row', -1, raggedText(cellCount, recordWidth, keepRagged), keepRagged);
      if (!keepRagged) {
        skipRow(out, i++);
        continue;
      }
    }
    const amountOk = amounts.read(cells, r, i, amountCell);
    const status = weights.read(cells, r, i, r - from);
    dates.read(cells, r, i, status === statusOpen);
    ids.read(cells, r, i);
    const p = probability[i]!;
    usable[i] = amountOk && p === p ? 1 : 0;
    i++;
  }
  return i;
}
