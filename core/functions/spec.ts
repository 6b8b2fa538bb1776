/**
 * What a worksheet function is: its name, parameters, help, example and result, with its
 * implementation. Each function's spec sits in the file of its implementation
 * (`core/functions/<name>.ts`), made with `defineFunction`, and `registry.ts` lists them. Both
 * hosts' metadata (Excel JSDoc / functions.json, Apps Script @customfunction stubs) and the
 * command line's `fn` are generated from or driven by these specs; `invoke.ts` calls one.
 */
import type { ResultCell, ResultGrid } from '../cells';

/** How a host should describe a parameter's cells (Excel JSDoc / Apps Script @param type). */
export type ParamType = 'number' | 'string' | 'any';

export interface ParamSpec<N extends string = string, O extends boolean = boolean> {
  /** snake_case, as the user sees it in the formula bar and in the error messages. */
  readonly name: N;
  /** One or two user-facing sentences: what to give, accepted forms, default when omitted. */
  readonly description: string;
  readonly type: ParamType;
  readonly optional: O;
}

/**
 * A parameter, written once: the spec lists it and the implementation names it in its error
 * messages by `.name` (so a message and the formula bar never disagree).
 */
export function param<const N extends string, const O extends boolean>(
  name: N,
  type: ParamType,
  optional: O,
  description: string,
): ParamSpec<N, O> {
  return Object.freeze({ name, type, optional, description });
}

export interface ResultSpec {
  readonly type: ParamType;
  /** What the cell (or each cell of the spilled range) holds. */
  readonly description: string;
}

/** What an implementation returns: one cell, or a grid built for this call (hosts map it in place). */
export type FunctionResult = ResultCell | ResultGrid;

/**
 * The implementation's arguments, one per parameter, in order: a required parameter's argument
 * is always passed (null or undefined when the cell is blank), an optional one may be left out.
 * For the list's element type (any function) it is `unknown[]`.
 */
export type ArgsOf<P extends readonly ParamSpec[]> = number extends P['length']
  ? unknown[]
  : P extends readonly [infer H, ...infer R extends readonly ParamSpec[]]
    ? H extends ParamSpec<string, true>
      ? [arg?: unknown, ...ArgsOf<R>]
      : [arg: unknown, ...ArgsOf<R>]
    : [];

/**
 * One worksheet function. Every parameter accepts a single value or a 2D range (row-major
 * arrays). `FunctionSpec` without a type argument is any function (the registry's element type).
 */
export interface FunctionSpec<P extends readonly ParamSpec[] = readonly ParamSpec[]> {
  /** Permanent once shipped: Excel binds formulas in saved workbooks to it. */
  readonly id: string;
  /** The name typed in a cell (same as id for every function so far). */
  readonly name: string;
  /** One user-facing paragraph; first sentence works on its own as a tooltip. */
  readonly description: string;
  readonly params: P;
  readonly result: ResultSpec;
  /** Link-free help: a worked example as typed in a cell, and what it returns. */
  readonly example: { readonly formula: string; readonly result: string };
  /**
   * The implementation itself (no glue): typed by `params`, so its arity and which arguments are
   * optional are checked where it is defined. Arguments are cell values or 2D arrays; omitted
   * arguments are undefined or null. Never throws a FunnelError: a problem with the whole call
   * (mismatched shapes, a bad stage table) is returned as one FunnelError, a problem with one
   * cell as a FunnelError in that cell's place. Hosts call it through `invoke` (invoke.ts).
   */
  impl(...args: ArgsOf<P>): FunctionResult;
}

/** `unknown` when two argument lists are the same (arity and which are optional), else a type naming the mismatch. */
type SameArgs<Impl, Params> = [Impl] extends [Params]
  ? [Params] extends [Impl]
    ? unknown
    : { 'impl must take exactly the arguments params lists': Params }
  : { 'impl must take exactly the arguments params lists': Params };

/**
 * A function's spec, checked where it is written: `impl` must take exactly the arguments
 * `params` lists, as many, the optional ones optional (TypeScript alone would accept a function
 * taking fewer, or requiring an optional one).
 */
export function defineFunction<
  const P extends readonly ParamSpec[],
  F extends (...args: ArgsOf<P>) => FunctionResult,
>(
  spec: Omit<FunctionSpec<P>, 'impl'> & { impl: F & SameArgs<Parameters<F>, ArgsOf<P>> },
): FunctionSpec<P> {
  return Object.freeze({ ...spec, params: Object.freeze(spec.params) });
}

/** NAME(required, [optional]): how a formula is written, for help and usage messages. */
export function signatureOf(spec: FunctionSpec): string {
  const params = spec.params.map((p) => (p.optional ? `[${p.name}]` : p.name));
  return `${spec.name}(${params.join(', ')})`;
}
