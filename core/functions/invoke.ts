/**
 * Calling a worksheet function for a host: the one place that reads the host's arguments, calls
 * the implementation and hands back its result cell by cell, so the Excel wrappers, the Sheets
 * globals and the command line's `fn` differ only in their hooks (how a host's cell becomes a
 * core value and back, and how a host shows a problem with the whole call).
 */
import type { ResultCell } from '../cells';
import { FunnelError, isFunnelError } from '../errors';
import type { FunctionSpec, ParamSpec } from './spec';

export interface HostHooks<Cell, WholeError = never> {
  /**
   * One argument as the host handed it (a value, a 2D range, undefined or null when omitted),
   * read into what the core takes. Called once per parameter the host passed, in order.
   */
  readArg(arg: unknown, param: ParamSpec): unknown;
  /** One cell of the result (a value, null for blank, or a FunnelError in its own place). */
  writeCell(cell: ResultCell): Cell;
  /**
   * A problem with the whole call: the implementation returned one FunnelError, or an argument
   * could not be read, or (a bug) something threw, as #VALUE! "NAME failed: ...". Throw it the
   * host's way (Excel, Sheets) or return it as the call's value (the command line).
   */
  wholeCallError(error: FunnelError): WholeError;
}

/**
 * The function on the host's arguments; the result in the host's cells: a single value as one
 * cell, a grid as the grid the implementation built for this call with each cell replaced in
 * place (a 1,000,000-cell result is not copied). Arguments past the function's parameters are
 * ignored, as the implementation would.
 */
export function invoke<Cell, WholeError = never>(
  spec: FunctionSpec,
  args: ArrayLike<unknown>,
  hooks: HostHooks<Cell, WholeError>,
): Cell | Cell[][] | WholeError {
  let result;
  try {
    const count = Math.min(args.length, spec.params.length);
    const input: unknown[] = new Array(count);
    for (let i = 0; i < count; i++) input[i] = hooks.readArg(args[i], spec.params[i]!);
    result = spec.impl(...input);
  } catch (error) {
    if (isFunnelError(error)) return hooks.wholeCallError(error);
    const message = error instanceof Error ? error.message : String(error);
    return hooks.wholeCallError(new FunnelError('#VALUE!', `${spec.name} failed: ${message}`));
  }
  if (isFunnelError(result)) return hooks.wholeCallError(result);
  if (!Array.isArray(result)) return hooks.writeCell(result);
  for (let r = 0; r < result.length; r++) {
    const row = result[r]! as unknown[];
    for (let c = 0; c < row.length; c++) row[c] = hooks.writeCell(row[c] as ResultCell);
  }
  return result as unknown as Cell[][];
}
