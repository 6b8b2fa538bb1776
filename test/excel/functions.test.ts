import {
  associations,
  entityCell,
  errorCell,
  formattedNumber,
  linkedEntityCell,
  StubCustomFunctionError,
} from './custom-functions-stub';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateCustomFunctionsMetadata } from 'custom-functions-metadata';
import { FUNCTIONS } from '../../core/functions/registry';
import { ASSOCIATIONS } from '../../excel-addin/functions/functions.generated';
// Loading functions.js registers every function, as in Excel's runtime.
import '../../excel-addin/functions/functions';
import { formattedExcelFunctions, GENERATED_PATH } from '../../scripts/generate-excel-functions';
// The plugin that writes dist/functions.json, loaded as webpack loads it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { withHostFlags } = require('../../build/plugins/functions-metadata-plugin') as {
  withHostFlags: (json: string) => string;
};

/** Shipped ids: Excel binds formulas in saved workbooks to them. Never remove or rename one. */
const PERMANENT_IDS = [
  'FUNNEL_WEIGHT',
  'TIER',
  'PRODUCTIVITY',
  'FUNNEL_STAGE',
  'FUNNEL_CATEGORY',
  'COVERAGE',
  'OPPS_NEEDED',
  'STAGE_RATES',
];

interface Metadata {
  allowCustomDataForDataTypeAny?: boolean;
  allowErrorForDataTypeAny?: boolean;
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
  metadata = JSON.parse(withHostFlags(result.metadataJson)) as Metadata;
  associate = result.associate;
});

describe('functions.json and the generated wrappers', () => {
  test('the committed generated file is what the registry generates now', () => {
    const committed = readFileSync(GENERATED_PATH, 'utf8');
    if (committed !== formattedExcelFunctions()) {
      throw new Error(
        'excel-addin/functions/functions.generated.ts is out of date with the function specs: run `npx tsx scripts/generate-excel-functions.ts` and commit the file.',
      );
    }
  });

  test('functions.json binds every shipped function exactly as before (ids, names, parameters, wrappers)', () => {
    // What saved workbooks and Excel's formula bar depend on, pinned literally: a change here
    // breaks formulas in users' files (an id or parameter renamed or reordered, an optional
    // parameter made required). New functions are added at the end, never changing these.
    const bindings = metadata.functions.map((f) => ({
      id: f.id,
      name: f.name,
      wrapper: associate.find((a) => a.id === f.id)?.functionName,
      params: f.parameters.map((p) => (p.optional ? `[${p.name}]` : p.name)).join(', '),
      result: f.result.dimensionality,
    }));
    const pinned = (
      [
        ['FUNNEL_WEIGHT', 'funnelWeight', 'amount, stage, [stage_table], [probability]'],
        ['TIER', 'tier', 'values, [population], [cutoffs], [labels], [method]'],
        [
          'PRODUCTIVITY',
          'productivity',
          'opportunities, win_rate, avg_deal_size, [cycle_days], [period_days]',
        ],
        ['FUNNEL_STAGE', 'funnelStage', 'stage, [stage_table]'],
        ['FUNNEL_CATEGORY', 'funnelCategory', 'stage, [stage_table]'],
        ['COVERAGE', 'coverage', 'pipeline, target, [closed]'],
        ['OPPS_NEEDED', 'oppsNeeded', 'target, win_rate, avg_deal_size, [closed]'],
        [
          'STAGE_RATES',
          'stageRates',
          'deal_keys, stages, [outcomes], [stage_table], [prior_strength]',
        ],
      ] as const
    ).map(([id, wrapper, params]) => ({ id, name: id, wrapper, params, result: 'matrix' }));
    expect(bindings.slice(0, pinned.length)).toEqual(pinned);
  });

  test('functions.json lets Excel call the functions with error cells and data types in their ranges', () => {
    // Microsoft, "Handle and return errors from your custom function", section
    // "Errors as custom function inputs" (learn.microsoft.com/office/dev/add-ins/excel/custom-functions-errors):
    // without allowErrorForDataTypeAny: true at the top level, Excel does not call
    // the function when an input cell holds an error, and the generator cannot
    // emit the flag ("Manually create JSON metadata for custom functions").
    // allowCustomDataForDataTypeAny: "Use data types with custom functions in Excel".
    expect(metadata.allowErrorForDataTypeAny).toBe(true);
    expect(metadata.allowCustomDataForDataTypeAny).toBe(true);
    expect(Object.keys(metadata)).toEqual([
      'allowCustomDataForDataTypeAny',
      'allowErrorForDataTypeAny',
      'functions',
    ]);
    // After `npm run build` (npm test builds first), the emitted file says the same.
    const built = join(__dirname, '..', '..', 'dist', 'functions.json');
    if (existsSync(built)) {
      const emitted = JSON.parse(readFileSync(built, 'utf8')) as Metadata;
      expect(emitted.allowErrorForDataTypeAny).toBe(true);
      expect(emitted.allowCustomDataForDataTypeAny).toBe(true);
    }
    // The data-type inputs only reach functions whose parameters are "any".
    for (const f of metadata.functions) {
      for (const p of f.parameters) expect((p as { type?: string }).type ?? 'any').toBe('any');
    }
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
  hosts?: string[];
}
const vectors = JSON.parse(
  readFileSync(join(__dirname, '..', 'vectors', 'functions.json'), 'utf8'),
) as { cases: Case[] };

/**
 * An argument as Excel hands it to a function declared any[][]: a single value
 * as [[x]], a range as it is, an omitted argument as null; blank cells in a
 * range as `blank` (run with both null and "").
 */
function asExcelArg(
  arg: unknown,
  blank: null | '',
  error: (code: string) => unknown = errorCell,
): unknown {
  if (arg === null) return null;
  const cell = (v: unknown) => (v === null ? blank : isErrorSpec(v) ? error(v.error) : v);
  if (Array.isArray(arg)) return (arg as unknown[][]).map((row) => row.map(cell));
  return [[cell(arg)]];
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

// Error cells as the data types schema gives them (Excel.ErrorCellValue), and as
// a CustomFunctions.Error: the add-in reads both.
const asErrorObject = (code: string) => errorCell(code);
const asCustomFunctionsError = (code: string) => new StubCustomFunctionError(code);

describe.each([
  ['blank cells as null', null, asErrorObject],
  ['blank cells as ""', '', asErrorObject],
  ['error cells as CustomFunctions.Error', '', asCustomFunctionsError],
] as const)('shared vectors, called as Excel calls them (%s)', (_label, blank, error) => {
  const excelCases = vectors.cases.filter((c) => !c.hosts || c.hosts.includes('excel'));
  test.each(excelCases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const fn = associations.get(c.fn);
    expect(fn).toBeDefined();
    const args = c.args.map((a) => asExcelArg(a, blank, error));
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

describe('error cells in an input range (allowErrorForDataTypeAny)', () => {
  // Microsoft, "Handle and return errors from your custom function", section
  // "Errors as custom function inputs": the function is called even when the
  // input range holds errors. The README promises a bad cell is an error in its
  // own place: one #N/A in 100,000 amounts is one #N/A in the spill, not none.
  const weight = () => associations.get('FUNNEL_WEIGHT')!;

  test('one #N/A among 100,000 amounts: that cell is #N/A, every other cell is computed', () => {
    const amounts: unknown[][] = Array.from({ length: 100_000 }, (_, i) => [i + 1]);
    amounts[41_999] = [errorCell('#N/A')];
    const result = weight()(amounts, [['Pipeline']]) as unknown[][];
    expect(result).toHaveLength(100_000);
    expect(result[41_999]![0]).toMatchObject({
      code: '#N/A',
      message: expect.stringMatching(/amount \(row 42000, column 1\).*#N\/A/),
    });
    expect(result[0]![0]).toBe(0.5);
    expect(result[99_999]![0]).toBe(50_000);
    expect(result.flat().filter((c) => c instanceof StubCustomFunctionError)).toHaveLength(1);
  });

  test('errors a function cannot return (#REF!, #NAME?, #SPILL!) come back as #VALUE! saying which', () => {
    for (const code of ['#REF!', '#NAME?', '#SPILL!']) {
      const result = weight()([[100], [errorCell(code)]], [['Won']]) as unknown[][];
      expect(result[0]).toEqual([100]);
      expect(result[1]![0]).toMatchObject({
        code: '#VALUE!',
        message: expect.stringContaining(code),
      });
    }
  });

  test('an error in a whole-table argument (the stage table) fails the call with that error', () => {
    expect(() =>
      weight()(
        [[100]],
        [['Demo']],
        [
          ['Demo', errorCell('#DIV/0!')],
          ['Won', 1],
        ],
      ),
    ).toThrow(expect.objectContaining({ code: '#DIV/0!' }));
  });
});

describe('cells with Excel data types (allowCustomDataForDataTypeAny)', () => {
  // Microsoft, "Use data types with custom functions in Excel": with the flag,
  // such cells reach the function as Excel.CellValue objects. basicValue is what
  // Range.values gives ("Excel.EntityCellValue interface"): a formatted number is
  // its number; an entity's is "#VALUE!", so it is read as the text it shows.
  const weight = () => associations.get('FUNNEL_WEIGHT')!;

  test('formatted numbers are numbers: amounts and probabilities', () => {
    const result = weight()(
      [[formattedNumber(1000, '$#,##0.00')], [formattedNumber(2000, '[$€-x-euro2] #,##0')]],
      // (a won stage would weigh 100% whatever the own probability: docs/engine.md)
      [['Committed'], ['Pipeline']],
      null,
      [[formattedNumber(0.25, '0%')], ['']],
    );
    expect(result).toEqual([[250], [1000]]);
  });

  test('an entity in the stage column is read as the text the cell shows', () => {
    const result = weight()(
      [[1000], [1000]],
      [[entityCell('Committed', { Owner: 'Ann' })], [entityCell('Limbo')]],
    ) as unknown[][];
    expect(result[0]).toEqual([700]);
    expect(result[1]![0]).toMatchObject({ code: '#N/A', message: expect.stringMatching(/Limbo/) });
  });

  test('a linked data type (Stocks) in the amount column is not a number, in its own cell', () => {
    const result = weight()(
      [[linkedEntityCell('MSFT', { Price: 420.5 })], [500]],
      [['Won']],
    ) as unknown[][];
    expect(result[0]![0]).toMatchObject({
      code: '#VALUE!',
      message: expect.stringMatching(/MSFT/),
    });
    expect(result[1]).toEqual([500]);
  });

  test('a single formatted-number cell works like a plain number', () => {
    expect(weight()([[formattedNumber(12285, '#,##0')]], [['Committed']])).toEqual([[8599.5]]);
  });
});
