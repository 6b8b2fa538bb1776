/**
 * The one error type of the core. Hosts map it: Excel to CustomFunctions.Error
 * (same code, same message), Sheets to a thrown Error with the message.
 */
export type ErrorCode = '#VALUE!' | '#N/A' | '#NUM!' | '#DIV/0!';

/** Where a bad value sits, so a message can say "row 12, column Amount". */
export interface ErrorLocation {
  /** 1-based row as the user sees it on the sheet (or index in an argument range). */
  row?: number;
  /** Column header, or argument name for function arguments. */
  column?: string;
  value?: unknown;
}

export class FunnelError extends Error {
  readonly code: ErrorCode;
  readonly location?: ErrorLocation;

  constructor(code: ErrorCode, message: string, location?: ErrorLocation) {
    super(message);
    this.name = 'FunnelError';
    this.code = code;
    this.location = location;
  }
}

export function isFunnelError(x: unknown): x is FunnelError {
  return x instanceof FunnelError;
}

/** Shows a user value inside a message: quoted, trimmed to a readable length. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '(blank)';
  if (value instanceof Date)
    return Number.isNaN(value.getTime()) ? '(invalid date)' : value.toISOString().slice(0, 10);
  const text = typeof value === 'string' ? `"${value}"` : String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
