/**
 * What the Sheets add-on must show for a core result (the mapping documented
 * in sheets-addon/server/custom-functions.ts and docs/sheets.md): the same
 * value in every cell, "" for a blank, "CODE: message" text for an error
 * cell, and a thrown Error for an error of the whole call.
 */
import type { ResultCell, ResultGrid } from '../../../core/cells';
import { isFunnelError } from '../../../core/errors';

export type SheetsView = { kind: 'value'; value: unknown } | { kind: 'thrown'; message: string };

function cell(c: ResultCell): unknown {
  if (c === null || c === undefined) return '';
  if (isFunnelError(c)) return `${c.code}: ${c.message}`;
  return c;
}

export function sheetsView(result: ResultCell | ResultGrid): SheetsView {
  if (isFunnelError(result)) return { kind: 'thrown', message: result.message };
  if (Array.isArray(result)) return { kind: 'value', value: result.map((row) => row.map(cell)) };
  return { kind: 'value', value: cell(result) };
}

/** Calls a top-level function and records what Sheets would show. */
export function observe(call: () => unknown): SheetsView {
  try {
    return { kind: 'value', value: call() };
  } catch (err) {
    return { kind: 'thrown', message: (err as Error).message };
  }
}

/** Sheets' view of an argument: an empty cell is "", inside a range or alone. */
export function asSheetsArg(arg: unknown): unknown {
  if (arg === null) return '';
  if (Array.isArray(arg))
    return arg.map((row) => (Array.isArray(row) ? row.map((v) => (v === null ? '' : v)) : row));
  return arg;
}
