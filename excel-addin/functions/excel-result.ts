import type { ResultCell, ResultGrid } from '../../core/cells';
import { FunnelError, type ErrorCode } from '../../core/errors';
import { FUNCTIONS, type FunctionSpec } from '../../core/functions/registry';
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

/**
 * A core result as Excel takes it from a function declared `any[][]`: always a
 * 2D array (a single value is [[x]]), blanks as "", a bad cell as a
 * CustomFunctions.Error in its own slot. A problem with the whole call is
 * thrown, so the formula's cell shows the error and its message. The core
 * hands over a grid it built for this call, so cells are replaced in place:
 * a 1,000,000-cell result is not copied.
 */
export function toExcelResult(result: ResultCell | ResultGrid): ExcelCell[][] {
  if (result instanceof FunnelError) throw toExcelError(result);
  if (!Array.isArray(result)) return [[toExcelCell(result)]];
  for (let r = 0; r < result.length; r++) {
    const row = result[r]! as (ResultCell | ExcelCell)[];
    for (let c = 0; c < row.length; c++) {
      const cell = row[c]!;
      if (cell === null || cell instanceof FunnelError) row[c] = toExcelCell(cell);
    }
  }
  return result as ExcelCell[][];
}

/** Calls a core function with the arguments Excel passed and maps the result for Excel. */
export function callForExcel(spec: FunctionSpec, args: unknown[]): ExcelCell[][] {
  const normalized = args.map((arg, i) => fromExcelArg(arg, spec.params[i]?.name));
  let result: ResultCell | ResultGrid;
  try {
    result = spec.impl(...normalized);
  } catch (error) {
    if (error instanceof FunnelError) throw toExcelError(error);
    throw new CustomFunctions.Error(
      CustomFunctions.ErrorCode.invalidValue,
      `${spec.name} failed: ${(error as Error).message}`,
    );
  }
  return toExcelResult(result);
}

const BY_ID = new Map(FUNCTIONS.map((f) => [f.id, f]));

/** The registry entry for a permanent function id. */
export function specFor(id: string): FunctionSpec {
  const spec = BY_ID.get(id);
  if (!spec) throw new Error(`No custom function ${id} in core/functions/registry.ts`);
  return spec;
}
