/** The shared vectors (test/vectors/functions.json) through the core, as the hosts run them. */
import vectors from '../vectors/functions.json';
import { FUNCTIONS, findFunction } from '../../core/functions/registry';
import { FunnelError, isFunnelError, type ErrorCode } from '../../core/errors';

interface VectorCase {
  id: string;
  fn: string;
  args: unknown[];
  expect: unknown;
  hosts?: string[];
}

const cases = (vectors as { cases: VectorCase[] }).cases;

const CORE_CODES = ['#VALUE!', '#N/A', '#NUM!', '#DIV/0!'];

/**
 * An input cell written {"error": code}: what a host hands the core for a cell
 * holding an error (excel-addin/functions/excel-args.ts), a FunnelError;
 * codes the core has no name for (#REF!...) arrive as #VALUE!.
 */
function coreArg(arg: unknown): unknown {
  if (Array.isArray(arg)) return arg.map(coreArg);
  if (typeof arg === 'object' && arg !== null && 'error' in arg) {
    const code = String((arg as { error: unknown }).error);
    return new FunnelError(
      (CORE_CODES.includes(code) ? code : '#VALUE!') as ErrorCode,
      `amount: the input cell holds ${code}.`,
    );
  }
  return arg;
}

/** Error cells compare by code only: messages are free text. */
function comparable(result: unknown): unknown {
  if (Array.isArray(result)) return result.map(comparable);
  if (isFunnelError(result)) return { error: result.code };
  return result;
}

describe('shared function vectors', () => {
  it('has 40+ cases with unique ids, covering every function', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
    for (const f of FUNCTIONS) expect(cases.some((c) => c.fn === f.name)).toBe(true);
    // Input cells holding errors, in ranges and whole-table arguments.
    expect(cases.filter((c) => JSON.stringify(c.args).includes('"error"')).length).toBeGreaterThan(
      5,
    );
  });

  it.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const spec = findFunction(c.fn);
    expect(spec).toBeDefined();
    const result = spec!.impl(...c.args.map(coreArg));
    expect(comparable(result)).toEqual(c.expect);
    // Every error carries a message a user can act on.
    const errors = (Array.isArray(result) ? result.flat() : [result]).filter(isFunnelError);
    for (const e of errors) expect(e.message.length).toBeGreaterThan(20);
  });
});
