import type { ResultCell, ResultGrid } from '../cells';

/** How a host should describe a parameter's cells (Excel JSDoc / Apps Script @param type). */
export type ParamType = 'number' | 'string' | 'any';

export interface ParamSpec {
  /** snake_case, as the user sees it in the formula bar. */
  name: string;
  /** One or two user-facing sentences: what to give, accepted forms, default when omitted. */
  description: string;
  type: ParamType;
  optional: boolean;
}

export interface ResultSpec {
  type: ParamType;
  /** What the cell (or each cell of the spilled range) holds. */
  description: string;
}

/**
 * One custom function, the single source of both hosts' metadata.
 * Every parameter accepts a single value or a 2D range (row-major arrays).
 */
export interface FunctionSpec {
  /** Permanent once shipped: Excel binds formulas in saved workbooks to it. */
  id: string;
  /** The name typed in a cell (same as id for every function so far). */
  name: string;
  /** One user-facing paragraph; first sentence works on its own as a tooltip. */
  description: string;
  params: readonly ParamSpec[];
  result: ResultSpec;
  /** Link-free help: a worked example as typed in a cell, and what it returns. */
  example: { formula: string; result: string };
  /**
   * Host-neutral implementation. Arguments are cell values or 2D arrays; omitted
   * arguments are undefined or null. Never throws a FunnelError: a problem with
   * the whole call (mismatched shapes, a bad stage table) is returned as one
   * FunnelError, a problem with one cell as a FunnelError in that cell's place.
   */
  impl(...args: unknown[]): ResultCell | ResultGrid;
}
