import { associations, StubCustomFunctionError } from './custom-functions-stub';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateCustomFunctionsMetadata } from 'custom-functions-metadata';
import { FUNCTIONS } from '../../core/functions/registry';
import { ASSOCIATIONS } from '../../excel-addin/functions/functions.generated';
// Loading functions.js registers every function, as in Excel's runtime.
import '../../excel-addin/functions/functions';
import { formattedExcelFunctions, GENERATED_PATH } from '../../scripts/generate-excel-functions';

/** Shipped ids: Excel binds formulas in saved workbooks to them. Never remove or rename one. */
const PERMANENT_IDS = [
  'FUNNEL_WEIGHT',
  'TIER',
  'PRODUCTIVITY',
  'FUNNEL_STAGE',
  'FUNNEL_CATEGORY',
  'COVERAGE',
  'OPPS_NEEDED',
];

interface Metadata {
  functions: {
    id: string;
    name: string;
    description?: string;
    options?: Record<string, unknown>;
    parameters: {
      name: string;
      description?: string;
      dimensionality?: string;
      optional?: boolean;
    }[];
    result: { dimensionality?: string };
  }[];
}

let metadata: Metadata;
let associate: { functionName: string; id: string }[];

beforeAll(async () => {
  const result = await generateCustomFunctionsMetadata(GENERATED_PATH);
  expect(result.errors).toEqual([]);
  metadata = JSON.parse(result.metadataJson) as Metadata;
  associate = result.associate;
});

describe('functions.json and the generated wrappers', () => {
  test('the committed generated file is what the registry generates now', () => {
    // If this fails: npx tsx scripts/generate-excel-functions.ts
    expect(readFileSync(GENERATED_PATH, 'utf8')).toBe(formattedExcelFunctions());
  });

  test('the permanent ids are all there, in functions.json and in the associate calls', () => {
    const ids = metadata.functions.map((f) => f.id);
    for (const id of PERMANENT_IDS) expect(ids).toContain(id);
    expect(ids).toEqual(FUNCTIONS.map((f) => f.id));
    expect([...associations.keys()]).toEqual(ids);
    expect(ASSOCIATIONS.map(([id]) => id)).toEqual(associate.map((a) => a.id));
    for (const [id, fn] of ASSOCIATIONS) {
      expect(associate.find((a) => a.id === id)!.functionName).toBe(fn.name);
    }
  });

  test('every function and argument is described; ranges in, arrays out; never volatile or streaming', () => {
    for (const f of metadata.functions) {
      const spec = FUNCTIONS.find((s) => s.id === f.id)!;
      expect(f.name).toBe(spec.name);
      expect(f.description).toContain(spec.description);
      expect(f.result.dimensionality).toBe('matrix');
      expect(f.options ?? {}).not.toHaveProperty('volatile', true);
      expect(f.options ?? {}).not.toHaveProperty('stream', true);
      expect(f.parameters.map((p) => p.name)).toEqual(spec.params.map((p) => p.name));
      f.parameters.forEach((p, i) => {
        expect(p.description).toBe(spec.params[i]!.description.replace(/\s+/g, ' ').trim());
        expect(p.dimensionality).toBe('matrix');
        expect(Boolean(p.optional)).toBe(spec.params[i]!.optional);
      });
    }
  });
});

type Expect = unknown;
interface Case {
  id: string;
  fn: string;
  args: unknown[];
  expect: Expect;
}
const vectors = JSON.parse(
  readFileSync(join(__dirname, '..', 'vectors', 'functions.json'), 'utf8'),
) as { cases: Case[] };

/**
 * An argument as Excel hands it to a function declared any[][]: a single value
 * as [[x]], a range as it is, an omitted argument as null; blank cells in a
 * range as `blank` (run with both null and "").
 */
function asExcelArg(arg: unknown, blank: null | ''): unknown {
  if (arg === null) return null;
  if (Array.isArray(arg)) {
    return (arg as unknown[][]).map((row) => row.map((v) => (v === null ? blank : v)));
  }
  return [[arg]];
}

function isErrorSpec(x: unknown): x is { error: string } {
  return typeof x === 'object' && x !== null && 'error' in x;
}

/** What Excel shows for one expected cell: blank "", an error object with its code, or the value. */
function expectedCell(x: unknown): unknown {
  if (x === null) return '';
  if (isErrorSpec(x)) return expect.objectContaining({ code: x.error });
  return x;
}

describe.each([
  ['blank cells as null', null],
  ['blank cells as ""', ''],
] as const)('shared vectors, called as Excel calls them (%s)', (_label, blank) => {
  test.each(vectors.cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const fn = associations.get(c.fn);
    expect(fn).toBeDefined();
    const args = c.args.map((a) => asExcelArg(a, blank));
    let result: unknown;
    try {
      result = fn!(...args);
    } catch (error) {
      // A problem with the whole call: the formula's cell shows the error.
      expect(error).toBeInstanceOf(StubCustomFunctionError);
      expect(isErrorSpec(c.expect)).toBe(true);
      expect((error as StubCustomFunctionError).code).toBe((c.expect as { error: string }).error);
      return;
    }
    const grid = Array.isArray(c.expect) ? (c.expect as unknown[][]) : [[c.expect]];
    expect(result).toEqual(grid.map((row) => row.map(expectedCell)));
    for (const row of result as unknown[][]) {
      for (const cell of row) {
        if (cell instanceof StubCustomFunctionError && ['#VALUE!', '#N/A'].includes(cell.code)) {
          expect(cell.message.length).toBeGreaterThan(10);
        }
      }
    }
  });
});

describe('errors and spill shapes', () => {
  const weight = () => associations.get('FUNNEL_WEIGHT')!;

  test('a bad cell is an error in its own slot with a message; the rest still computes', () => {
    const result = weight()([[100], ['lots'], [300]], [['Won'], ['Won'], ['Limbo']]) as unknown[][];
    expect(result).toHaveLength(3);
    expect(result[0]).toEqual([100]);
    expect(result[1]![0]).toMatchObject({
      code: '#VALUE!',
      message: expect.stringMatching(/lots/),
    });
    expect(result[2]![0]).toMatchObject({ code: '#N/A', message: expect.stringMatching(/Limbo/) });
  });

  test('the result spills in the shape of the range', () => {
    const amounts = Array.from({ length: 4 }, (_, r) =>
      Array.from({ length: 3 }, (_, c) => (r + 1) * (c + 1) * 100),
    );
    const result = weight()(amounts, [['Pipeline']]) as unknown[][];
    expect(result.map((r) => r.length)).toEqual([3, 3, 3, 3]);
    expect(result[3]![2]).toBe(600);
  });

  test('#NUM! and #DIV/0! carry their code, in a cell of a range or thrown for a single value', () => {
    const productivity = associations.get('PRODUCTIVITY')!;
    expect(productivity([[50], [40]], [[0.25]], [[10000]], [[0], [90]])).toEqual([
      [expect.objectContaining({ code: '#DIV/0!' })],
      [1111.11111111111],
    ]);
    expect(() => productivity([[50]], [[0.25]], [[10000]], [[0]])).toThrow(
      expect.objectContaining({ code: '#DIV/0!' }),
    );
  });
});
