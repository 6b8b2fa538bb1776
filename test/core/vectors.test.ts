/** The shared vectors (test/vectors/functions.json) through the core, as the hosts run them. */
import vectors from '../vectors/functions.json';
import { FUNCTIONS, findFunction } from '../../core/functions/registry';
import { isFunnelError } from '../../core/errors';

interface VectorCase {
  id: string;
  fn: string;
  args: unknown[];
  expect: unknown;
}

const cases = (vectors as { cases: VectorCase[] }).cases;

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
  });

  it.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const spec = findFunction(c.fn);
    expect(spec).toBeDefined();
    const result = spec!.impl(...c.args);
    expect(comparable(result)).toEqual(c.expect);
    // Every error carries a message a user can act on.
    const errors = (Array.isArray(result) ? result.flat() : [result]).filter(isFunnelError);
    for (const e of errors) expect(e.message.length).toBeGreaterThan(20);
  });
});
