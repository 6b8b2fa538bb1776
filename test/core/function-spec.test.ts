import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { FunnelError } from '../../core/errors';
import { invoke, type HostHooks } from '../../core/functions/invoke';
import { FUNCTIONS, functionById, findFunction } from '../../core/functions/registry';
import { defineFunction, param, signatureOf, type FunctionResult } from '../../core/functions/spec';

const A = param('a', 'any', false, 'First.');
const B = param('b', 'any', true, 'Optional. Second.');
const meta = {
  id: 'T',
  name: 'T',
  description: 'A test function.',
  result: { type: 'any', description: 'Something.' },
  example: { formula: '=T(1)', result: '1' },
} as const;

describe('defineFunction checks the implementation against the parameters (tsc -p . runs this file)', () => {
  const two = (a: unknown, b?: unknown): FunctionResult => (b === undefined ? Number(a) : 2);
  const three = (a: unknown, b: unknown, c: unknown): FunctionResult => (a && b && c ? 1 : 0);
  const bothRequired = (a: unknown, b: unknown): FunctionResult => (a === b ? 1 : 0);
  const one = (a: unknown): FunctionResult => (a ? 1 : 0);

  test('the implementation itself is the impl, and its arguments are typed by params', () => {
    const spec = defineFunction({ ...meta, params: [A, B], impl: two });
    expect(spec.impl).toBe(two);
    expect(spec.impl(5)).toBe(5);
    // @ts-expect-error more arguments than parameters
    expect(spec.impl(1, 2, 3)).toBe(2);
    // @ts-expect-error a required argument left out
    expect(spec.impl()).toBeNaN();
    expect(signatureOf(spec)).toBe('T(a, [b])');
  });

  test('an implementation that does not take exactly the listed arguments does not compile', () => {
    // @ts-expect-error takes more arguments than params lists
    defineFunction({ ...meta, params: [A, B], impl: three });
    // @ts-expect-error requires an argument params calls optional
    defineFunction({ ...meta, params: [A, B], impl: bothRequired });
    // @ts-expect-error takes fewer arguments than params lists
    defineFunction({ ...meta, params: [A, B], impl: one });
  });
});

describe('the function list', () => {
  test.each(FUNCTIONS.map((f) => [f.id, f] as const))(
    '%s: exported under its id from its own file, impl taking exactly its parameters',
    (id, spec) => {
      // The generated Excel wrappers import each spec from core/functions/<kebab-case id>.ts.
      const file = join(
        __dirname,
        '../../core/functions',
        `${id.toLowerCase().replace(/_/g, '-')}.ts`,
      );
      expect(existsSync(file)).toBe(true);
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      expect((require(file) as Record<string, unknown>)[id]).toBe(spec);
      expect(spec.impl.length).toBe(spec.params.length);
      expect(functionById(id)).toBe(spec);
      expect(findFunction(`=sales.${id.toLowerCase()}`)).toBe(spec);
    },
  );

  test('functionById takes the permanent id only, exactly', () => {
    expect(functionById('funnel_weight')).toBeUndefined();
    expect(functionById('NOPE')).toBeUndefined();
  });
});

describe('invoke: the one call path of every host', () => {
  const spec = defineFunction({
    ...meta,
    params: [A, B],
    impl: (a: unknown, b?: unknown): FunctionResult => {
      if (a === 'throw') throw new Error('boom');
      if (a === 'throw funnel') throw new FunnelError('#N/A', 'thrown for the whole call');
      if (a === 'whole') return new FunnelError('#NUM!', 'returned for the whole call');
      if (Array.isArray(a)) {
        return (a as unknown[][]).map((row) =>
          row.map((v) => (v === 'bad' ? new FunnelError('#VALUE!', 'bad cell') : (v as number))),
        );
      }
      return b === undefined ? (a as number) : `${String(a)}+${String(b)}`;
    },
  });
  const seen: string[] = [];
  const hooks: HostHooks<string, { whole: string }> = {
    readArg: (arg, p) => {
      seen.push(p.name);
      return arg;
    },
    writeCell: (cell) => (cell instanceof FunnelError ? `!${cell.code}` : `<${String(cell)}>`),
    wholeCallError: (error) => ({ whole: `${error.code} ${error.message}` }),
  };
  beforeEach(() => (seen.length = 0));

  test('reads each passed argument with its parameter, ignores arguments past the parameters', () => {
    expect(invoke(spec, [7], hooks)).toBe('<7>');
    expect(seen).toEqual(['a']);
    expect(invoke(spec, [7, undefined, 'extra'], hooks)).toBe('<7>');
    expect(seen).toEqual(['a', 'a', 'b']);
    expect(invoke(spec, [7, 8], hooks)).toBe('<7+8>');
  });

  test('writes a grid cell by cell in place, a bad cell in its own place', () => {
    const out = invoke(spec, [[[1, 'bad']]], hooks);
    expect(out).toEqual([['<1>', '!#VALUE!']]);
  });

  test('a whole-call error, returned or thrown, goes to the host once; a bug says which function failed', () => {
    expect(invoke(spec, ['whole'], hooks)).toEqual({ whole: '#NUM! returned for the whole call' });
    expect(invoke(spec, ['throw funnel'], hooks)).toEqual({
      whole: '#N/A thrown for the whole call',
    });
    expect(invoke(spec, ['throw'], hooks)).toEqual({ whole: '#VALUE! T failed: boom' });
  });
});
