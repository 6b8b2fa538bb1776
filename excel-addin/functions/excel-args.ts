/**
 * A custom function's arguments as Excel hands them over, read into the plain
 * values the core takes. What Excel may put in a cell of an any[][] argument:
 *
 * - text, a number, a boolean; "" for an empty cell of a range;
 * - an error, because functions.json sets allowErrorForDataTypeAny (Microsoft,
 *   "Handle and return errors from your custom function", section "Errors as
 *   custom function inputs"): without the flag Excel does not call the function
 *   at all when any input cell holds an error. An error arrives as an
 *   Excel.ErrorCellValue ({ type: "Error", basicValue: "#N/A", ... }, the data
 *   types JSON schema) or, on hosts without data types, as a
 *   CustomFunctions.Error; both are read;
 * - an Excel.CellValue object, because the generated functions.json sets
 *   allowCustomDataForDataTypeAny (Microsoft, "Use data types with custom
 *   functions in Excel"): a formatted number ({ type: "Double", basicValue: 12.5,
 *   numberFormat: "$0.00" }), an entity or a linked entity (Stocks, currencies).
 *   Its basicValue is what Range.values would give for the cell (Microsoft,
 *   "Excel.EntityCellValue interface"), so a formatted number is a number to us.
 *   An entity's basicValue is "#VALUE!": it is read as its text, what the cell
 *   shows, so an entity in an amount column is "not a number" in its own cell.
 *
 * An error cell becomes a core FunnelError naming the argument and the cell;
 * the core puts it in that cell of the result (core/functions/lift.ts) or, for
 * an argument read whole (a stage table, TIER's population), fails the call
 * with it.
 */
import { FunnelError, type ErrorCode } from '../../core/errors';

/** Excel's error texts the core has codes for; the others (#REF!, #NAME?, #NULL!, #SPILL!...) become #VALUE!. */
const CORE_CODES: ReadonlySet<string> = new Set(['#VALUE!', '#N/A', '#NUM!', '#DIV/0!']);

/** Excel.ErrorCellValue.errorType values, for an error object without a basicValue. */
const ERROR_TYPES: Record<string, string> = {
  Div0: '#DIV/0!',
  NotAvailable: '#N/A',
  Num: '#NUM!',
  Value: '#VALUE!',
  Ref: '#REF!',
  Name: '#NAME?',
  Null: '#NULL!',
  Spill: '#SPILL!',
  Calc: '#CALC!',
  Busy: '#BUSY!',
  Connect: '#CONNECT!',
  Blocked: '#BLOCKED!',
  Field: '#FIELD!',
  GettingData: '#GETTING_DATA',
};

function errorText(v: Record<string, unknown>): string | null {
  if (v.type === 'Error') {
    if (typeof v.basicValue === 'string' && v.basicValue.startsWith('#')) return v.basicValue;
    if (typeof v.errorType === 'string') return ERROR_TYPES[v.errorType] ?? `#${v.errorType}`;
    return '#VALUE!';
  }
  if (typeof CustomFunctions !== 'undefined' && v instanceof CustomFunctions.Error) {
    return String((v as { code: unknown }).code);
  }
  return null;
}

function inputError(text: string, where: string): FunnelError {
  const code: ErrorCode = CORE_CODES.has(text) ? (text as ErrorCode) : '#VALUE!';
  const extra = code === text ? '' : ` (shown as ${code}: a function cannot return ${text})`;
  return new FunnelError(code, `${where}: the input cell holds ${text}${extra}.`, {
    column: where,
    value: text,
  });
}

/** One cell of an argument: a primitive as it is, an error or a data type read as above. */
export function fromExcelCell(value: unknown, where: string): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const v = value as Record<string, unknown>;
  const error = errorText(v);
  if (error !== null) return inputError(error, where);
  const basic = v.basicValue;
  if (v.basicType === 'Error' || (typeof basic === 'string' && basic.startsWith('#'))) {
    // An entity or linked entity: Range.values gives "#VALUE!"; the cell shows its text.
    if (typeof v.text === 'string') return v.text;
    return inputError(typeof basic === 'string' ? basic : '#VALUE!', where);
  }
  if (typeof basic === 'string' || typeof basic === 'number' || typeof basic === 'boolean') {
    return basic;
  }
  return new FunnelError(
    '#VALUE!',
    `${where}: the cell holds a data type (${String(v.type ?? 'unknown')}) with no plain value.`,
    { column: where },
  );
}

/**
 * An argument as the core takes it. Excel hands every any[][] parameter as a
 * 2D array, a single cell or typed value included ([[x]]); Sheets hands a
 * single cell as the value itself. A 1x1 array becomes its value, so both
 * hosts give the core the same arguments and the same answers (the result is
 * wrapped back to [[x]] for Excel). An omitted argument arrives as null or
 * undefined. Cells holding objects (errors, data types) are replaced in place:
 * the arrays are this call's own, and a 1,000,000-cell range is not copied.
 */
export function fromExcelArg(arg: unknown, param = 'argument'): unknown {
  if (arg === undefined) return null;
  if (!Array.isArray(arg)) return fromExcelCell(arg, param);
  if (arg.length === 1) {
    const row: unknown = arg[0];
    if (Array.isArray(row) && row.length === 1) {
      return row[0] === undefined ? null : fromExcelCell(row[0], param);
    }
  }
  for (let r = 0; r < arg.length; r++) {
    const row: unknown = arg[r];
    if (!Array.isArray(row)) continue;
    for (let c = 0; c < row.length; c++) {
      const cell: unknown = row[c];
      if (typeof cell === 'object' && cell !== null) {
        row[c] = fromExcelCell(cell, `${param} (row ${r + 1}, column ${c + 1})`);
      }
    }
  }
  return arg;
}
