import type { ResultCell } from '../../core/cells';
import { isFunnelError, type FunnelError } from '../../core/errors';
import { functionById, invoke } from '../../core/functions/registry';
import { SheetClock, spreadsheetClock } from './clock';

/**
 * What a Sheets custom function hands back. Sheets has no per-cell error
 * values for custom functions: a thrown Error shows #ERROR! with the message
 * on hover, but it blanks the whole spilled array. So:
 * - a single-value call (or a problem with the whole call) throws the message;
 * - in an array result, a bad cell becomes the text "#N/A: message" (the
 *   error code, then what to fix) and every other cell keeps its value, so one
 *   bad row in 100,000 does not hide the other 99,999;
 * - a blank result is "" (Sheets shows an empty cell).
 */
export type SheetsCell = string | number | boolean | Date;
export type SheetsResult = SheetsCell | SheetsCell[][];

export function errorCellText(error: FunnelError): string {
  return `${error.code}: ${error.message}`;
}

class LazyClock {
  private clock: SheetClock | null = null;
  get(): SheetClock {
    this.clock ??= spreadsheetClock(SpreadsheetApp.getActiveSpreadsheet());
    return this.clock;
  }
}

/** Sheets passes "" for an empty cell and undefined for an omitted argument; the core reads both as null. */
function toCoreCell(value: unknown, clock: LazyClock): unknown {
  if (value === '' || value === undefined) return null;
  if (value instanceof Date) return clock.get().fromSheet(value);
  return value;
}

function toCoreArg(arg: unknown, clock: LazyClock): unknown {
  if (!Array.isArray(arg)) return toCoreCell(arg, clock);
  return (arg as unknown[]).map((row) =>
    Array.isArray(row) ? row.map((v: unknown) => toCoreCell(v, clock)) : toCoreCell(row, clock),
  );
}

function toSheetsCell(cell: ResultCell | Date | undefined, clock: LazyClock): SheetsCell {
  if (cell === null || cell === undefined) return '';
  if (isFunnelError(cell)) return errorCellText(cell);
  if (typeof cell === 'number' && !Number.isFinite(cell)) return '#NUM!: not a finite number';
  if (cell instanceof Date) return clock.get().toSheet(cell);
  return cell;
}

export function callCustomFunction(id: string, args: ArrayLike<unknown>): SheetsResult {
  const spec = functionById(id);
  if (!spec) throw new Error(`Funnel Forecast has no function ${id}.`);
  const clock = new LazyClock();
  return invoke(spec, args, {
    readArg: (arg) => toCoreArg(arg, clock),
    writeCell: (cell) => toSheetsCell(cell, clock),
    wholeCallError: (error) => {
      throw new Error(error.message);
    },
  });
}
