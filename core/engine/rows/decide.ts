/**
 * The decisions pass 1 makes once per column, each stated in the run's notes:
 * the probability scale and decimal comma, the amount column's decimal
 * separator, and the day order of each date column (with its cached parser).
 */
import type { CellSource, CellValue } from '../../cells';
import { ScaleTally, type ProbabilityScale } from '../../probability';
import {
  decideDecimalSeparator,
  type DecimalSeparator,
  type SeparatorDecision,
} from '../../read/amount';
import {
  dayOrderEvidence,
  fastIsoDay,
  parseDateValue,
  type DateResult,
  type DayOrder,
} from '../../read/date';
import type { ParseInput, ParsedRows } from './columns';

const isoDay = fastIsoDay;

export type DateField = 'closeDate' | 'createdDate' | 'lastActivity';

/**
 * Up to 20,000 cells of a column, evenly spread: enough to decide a column's
 * day order, decimal separator or probability scale, and it keeps a
 * million-row sheet fast (each decision is made once per column, not per cell).
 */
export function sampleColumn(cells: CellSource, from: number, col: number): unknown[] {
  const column: unknown[] = [];
  if (col < 0) return column;
  const rows = cells.rows;
  const step = Math.max(1, Math.floor((rows - from) / 20000));
  // A row without the cell gives undefined, as reading past a row's end does.
  for (let r = from; r < rows; r += step)
    column.push(col < cells.width(r) ? cells.cell(r, col) : undefined);
  return column;
}

export interface ColumnDecisions {
  probTally: ScaleTally;
  probScale: ProbabilityScale;
  /** Probabilities written "0,7" or "70,5%". */
  probComma: boolean;
  amountDecimal: DecimalSeparator;
  dateOrders: ParsedRows['dateOrders'];
  /** A cached date reader per date column, for its day order. */
  dates: Record<DateField, (v: CellValue) => DateResult>;
}

/** Every per-column decision of a sheet, its notes pushed to notes. */
export function decideColumns(input: ParseInput, notes: string[]): ColumnDecisions {
  const { cells, headers } = input;
  const col = input.map.col;
  const from = input.headerIndex + 1;
  // Probability scale: one decision for the column, by its numbers as a whole.
  const probSample = sampleColumn(cells, from, col.probability);
  const probTally = new ScaleTally();
  for (const v of probSample) probTally.add(v);
  // Decimal separator of the amount column: its values, else the delimiter, else the user.
  const hints = { delimiter: input.delimiter, user: input.decimalSeparator };
  const amountSeparator = decideDecimalSeparator(sampleColumn(cells, from, col.amount), hints);
  const probComma =
    col.probability >= 0 && decideDecimalSeparator(probSample, hints).separator === ',';
  if (col.amount >= 0) noteSeparator(notes, headers[col.amount]!, amountSeparator, input.delimiter);
  // The file's other signals for ambiguous dates: decimal commas or a ';' delimiter.
  const europeanHint =
    input.delimiter === ';'
      ? "the file is ';'-separated"
      : amountSeparator.separator === ',' && amountSeparator.how !== 'default'
        ? 'its amounts use a decimal comma'
        : null;
  const dateOrders: ParsedRows['dateOrders'] = {};
  const dateParser = (field: DateField) => {
    const order = dayOrderOf(input, field, europeanHint, dateOrders, notes);
    const cache = new Map<string, DateResult>();
    return (v: CellValue): DateResult => {
      if (typeof v !== 'string') return parseDateValue(v, order);
      const iso = isoDay(v);
      if (iso === iso) return iso; // not NaN: the common YYYY-MM-DD
      let hit = cache.get(v);
      if (hit === undefined) {
        hit = parseDateValue(v, order);
        if (cache.size < 100_000) cache.set(v, hit);
      }
      return hit;
    };
  };
  return {
    probTally,
    probScale: probTally.scale,
    probComma,
    amountDecimal: amountSeparator.separator,
    dateOrders,
    dates: {
      closeDate: dateParser('closeDate'),
      createdDate: dateParser('createdDate'),
      lastActivity: dateParser('lastActivity'),
    },
  };
}

/** The day order of a date column: the user's, its values', else the file's hints; said in notes. */
function dayOrderOf(
  input: ParseInput,
  field: DateField,
  europeanHint: string | null,
  dateOrders: ParsedRows['dateOrders'],
  notes: string[],
): DayOrder {
  const c = input.map.col[field];
  if (c < 0) return 'month-first';
  const header = input.headers[c]!;
  const ev = dayOrderEvidence(sampleColumn(input.cells, input.headerIndex + 1, c));
  const ambiguous = ev.either > 0 ? ` (such as ${ev.example})` : '';
  const setting = 'set dayOrder (CLI: --day-first or --month-first) to choose';
  const named = (o: DayOrder) =>
    o === 'day-first' ? 'day-first (DD/MM/YYYY)' : 'month-first (MM/DD/YYYY)';
  if (input.dayOrder) {
    if (ev.dayFirst + ev.monthFirst + ev.either > 0) {
      dateOrders[field] = input.dayOrder;
      notes.push(`${header}: dates read ${named(input.dayOrder)}, as set (dayOrder).`);
    }
    return input.dayOrder;
  }
  if (ev.dayFirst > 0 && ev.dayFirst === ev.monthFirst) {
    // A tie (13/09/2026 and 09/13/2026 alike): the values decide nothing; the file's
    // other signals do, as for ambiguous dates, and the note says so.
    const order: DayOrder = europeanHint ? 'day-first' : 'month-first';
    dateOrders[field] = order;
    notes.push(
      `${header}: its values disagree on the day order (${ev.dayFirst} only read day-first, as many only month-first); read ${named(order)}${europeanHint ? ` because ${europeanHint}` : ''}, the others are listed in Data issues; ${setting}.`,
    );
    return order;
  }
  if (ev.dayFirst > 0 || ev.monthFirst > 0) {
    const found: DayOrder = ev.dayFirst > ev.monthFirst ? 'day-first' : 'month-first';
    dateOrders[field] = found;
    if (found === 'day-first')
      notes.push(`${header}: dates read day-first (DD/MM/YYYY), as its values show.`);
    return found;
  }
  if (ev.either === 0) return 'month-first';
  // Nothing in the column decides: the file's other signals, else month-first; said either way.
  const order: DayOrder = europeanHint ? 'day-first' : 'month-first';
  dateOrders[field] = order;
  notes.push(
    europeanHint
      ? `${header}: no value decides between day-first and month-first${ambiguous}; read day-first (DD/MM/YYYY) because ${europeanHint}; ${setting}.`
      : `${header}: no value decides between day-first and month-first${ambiguous}; read month-first (MM/DD/YYYY); ${setting}.`,
  );
  return order;
}

/** States the decimal separator decided for a column, when it is not the plain default. */
function noteSeparator(
  notes: string[],
  header: string,
  d: SeparatorDecision,
  delimiter: string | undefined,
): void {
  const name = (sep: DecimalSeparator) =>
    sep === ',' ? 'a decimal comma (1.234,56)' : 'a decimal point (1,234.56)';
  const choose = 'set decimalSeparator (CLI: --decimal-comma or --decimal-point) to choose';
  if (d.how === 'user') {
    if (d.comma + d.point + d.either > 0)
      notes.push(`${header}: amounts read with ${name(d.separator)}, as set (decimalSeparator).`);
  } else if (d.how === 'values') {
    const against = d.separator === ',' ? d.point : d.comma;
    if (d.separator === ',' || against > 0)
      notes.push(
        `${header}: amounts read with ${name(d.separator)}, as ${against ? 'most of ' : ''}its values show${against ? `; ${against} sampled value${against === 1 ? '' : 's'} suggest the other` : ''}.`,
      );
  } else if (d.how === 'hint') {
    const example = d.example ?? '';
    notes.push(
      `${header}: no value decides the decimal separator${example ? ` (${JSON.stringify(example)} reads either way)` : ''}; read with ${name(d.separator)}${delimiter === ';' ? " because the file is ';'-separated" : ''}; ${choose}.`,
    );
  }
}
