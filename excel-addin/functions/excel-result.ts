import type { ResultCell } from '../../core/cells';
import { FunnelError, type ErrorCode } from '../../core/errors';
import { invoke, type FunctionSpec, type HostHooks } from '../../core/functions/registry';
import { fromExcelArg } from './excel-args';

/** Excel's value for each core error code; Excel shows a message only for #VALUE! and #N/A. */
const EXCEL_CODES: Record<ErrorCode, { code: () => CustomFunctions.ErrorCode; message: boolean }> =
  {
    '#VALUE!': { code: () => CustomFunctions.ErrorCode.invalidValue, message: true },
    '#N/A': { code: () => CustomFunctions.ErrorCode.notAvailable, message: true },
    '#NUM!': { code: () => CustomFunctions.ErrorCode.invalidNumber, message: false },
    '#DIV/0!': { code: () => CustomFunctions.ErrorCode.divisionByZero, message: false },
  };

export function toExcelError(error: FunnelError): CustomFunctions.Error {
  const mapped = EXCEL_CODES[error.code];
  return mapped.message
    ? new CustomFunctions.Error(mapped.code(), error.message)
    : new CustomFunctions.Error(mapped.code());
}

type ExcelCell = string | number | boolean | CustomFunctions.Error;

function toExcelCell(cell: ResultCell): ExcelCell {
  if (cell === null) return '';
  if (cell instanceof FunnelError) return toExcelError(cell);
  return cell;
}

/** How Excel hands arguments over and takes results back (core/functions/invoke.ts). */
const EXCEL_HOOKS: HostHooks<ExcelCell> = {
  readArg: (arg, param) => fromExcelArg(arg, param.name),
  writeCell: toExcelCell,
  // A problem with the whole call is thrown, so the formula's cell shows the error and its message.
  wholeCallError: (error) => {
    throw toExcelError(error);
  },
};

/**
 * Calls a core function with the arguments Excel passed; the result as Excel takes it from a
 * function declared `any[][]`: always a 2D array (a single value is [[x]]), blanks as "", a bad
 * cell as a CustomFunctions.Error in its own slot (the core's grid, replaced in place).
 */
export function callForExcel(spec: FunctionSpec, args: unknown[]): ExcelCell[][] {
  const result = invoke(spec, args, EXCEL_HOOKS);
  return Array.isArray(result) ? result : [[result]];
}
