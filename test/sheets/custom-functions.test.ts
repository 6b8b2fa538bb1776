/**
 * Every custom function called through the built Code.js the way Sheets
 * calls it: single cells as scalars, ranges as 2D arrays with "" for empty
 * cells, omitted arguments missing, and results compared with core's.
 */
import { FUNCTIONS } from '../../core/functions/registry';
import { loadProject, type LoadedProject } from './support/bundle';
import { FakeSpreadsheet } from './support/fake-spreadsheet';
import { asSheetsArg, observe, sheetsView } from './support/sheets-view';

let project: LoadedProject;
beforeAll(() => {
  project = loadProject();
});

const call = (name: string, ...args: unknown[]) => project.call(name, ...args);

/** The same call through core (blanks as null, as the core reads them) and through the bundle. */
function expectSameAsCore(name: string, coreArgs: unknown[]): void {
  const spec = FUNCTIONS.find((f) => f.name === name)!;
  const expected = sheetsView(spec.impl(...coreArgs));
  const actual = observe(() => call(name, ...coreArgs.map(asSheetsArg)));
  expect(actual).toEqual(expected);
}

describe('single cells in, single value out', () => {
  test('the domain check values', () => {
    expect(call('FUNNEL_WEIGHT', 4245.74, 'Pipeline')).toBe(2122.87);
    expect(call('FUNNEL_WEIGHT', 12285, 'Committed')).toBe(8599.5);
    expect(call('FUNNEL_WEIGHT', 12285, '承诺')).toBe(8599.5);
    expect(call('PRODUCTIVITY', 18, 0.24, 42000, 78)).toBeCloseTo(2326.15, 2);
    expect(call('PRODUCTIVITY', 50, 0.25, 10000, 90)).toBeCloseTo(1388.89, 2);
    expect(call('COVERAGE', 300000, 150000, 50000)).toBe(3);
    expect(call('OPPS_NEEDED', 1000000, 0.25, 10000)).toBe(400);
    expect(call('FUNNEL_STAGE', 'Negotiation/Review')).toBe('Committed');
    expect(call('FUNNEL_CATEGORY', '高可能')).toBe('Best Case');
  });

  test('every registry example gives its documented result', () => {
    for (const spec of FUNCTIONS) {
      const m = /^=\w+\((.*)\)$/.exec(spec.example.formula);
      if (!m || /[A-Z]+\d+:/.test(m[1]!)) continue; // cell-reference examples are covered below
      const args = m[1]!
        .split(/,\s*/)
        .map((a) =>
          a.startsWith('"')
            ? a.slice(1, -1)
            : a.endsWith('%')
              ? Number(a.slice(0, -1)) / 100
              : Number(a),
        );
      expect(String(call(spec.name, ...args))).toBe(spec.example.result);
    }
  });

  test('an omitted optional argument is simply missing, as Sheets passes it', () => {
    expect(call('COVERAGE', 300000, 100000)).toBe(3);
    expect(call('FUNNEL_WEIGHT', 1000, 'Won')).toBe(1000);
    expect(call('FUNNEL_WEIGHT', 1000, 'Pipeline', '', 0.3)).toBe(300);
  });

  test('a bad single value throws an Error whose message says what to fix', () => {
    expect(() => call('FUNNEL_WEIGHT', 1000, 'Maybe next year')).toThrow(/Maybe next year/);
    expect(() => call('COVERAGE', 'lots', 100)).toThrow(/lots/);
    // the same message core puts in the error
    expectSameAsCore('FUNNEL_WEIGHT', [1000, 'Maybe next year']);
  });
});

describe('ranges in, arrays of the same shape out', () => {
  test('a column of deals spills a column of weights; blank rows stay blank', () => {
    const amounts = [[4245.74], [12285], [''], [500]];
    const stages = [['Pipeline'], ['Committed'], [''], ['Closed Won']];
    expect(call('FUNNEL_WEIGHT', amounts, stages)).toEqual([[2122.87], [8599.5], [''], [500]]);
  });

  test('one bad row becomes an error text in its own cell; the other cells keep their numbers', () => {
    const out = call(
      'FUNNEL_WEIGHT',
      [[100], [200], [300]],
      [['Pipeline'], ['Nope'], ['Won']],
    ) as unknown[][];
    expect(out[0]).toEqual([50]);
    expect(out[2]).toEqual([300]);
    expect(String(out[1]![0])).toMatch(/^#N\/A: .*Nope/);
    expectSameAsCore('FUNNEL_WEIGHT', [
      [[100], [200], [300]],
      [['Pipeline'], ['Nope'], ['Won']],
    ]);
  });

  test('ranges of different shapes are one error for the whole call: thrown', () => {
    expect(() => call('FUNNEL_WEIGHT', [[1], [2], [3]], [['Won'], ['Won']])).toThrow(/same shape/);
  });

  test('a stage table range with empty cells and a header row', () => {
    const table = [
      ['Stage', 'Probability', 'Category'],
      ['Demo booked', '35%', 'Pipeline'],
      ['Verbal yes', 0.9, 'Commit'],
      ['', '', ''],
    ];
    expect(
      call('FUNNEL_WEIGHT', [[1000], [1000]], [['Demo booked'], ['verbal  YES']], table),
    ).toEqual([[350], [900]]);
    expect(call('FUNNEL_CATEGORY', 'Verbal yes', table)).toBe('Commit');
  });

  test('TIER ranks a column against itself', () => {
    expect(call('TIER', [[100], [50], [30], [10], [10]])).toEqual([
      ['Key account'],
      ['Important'],
      ['Important'],
      ['SMB'],
      ['SMB'],
    ]);
  });

  test('a whole open-ended column (A2:A) with trailing empty rows', () => {
    const amounts = [[1000], [2000], ...Array.from({ length: 50 }, () => [''])];
    const stages = [['Won'], ['Lost'], ...Array.from({ length: 50 }, () => [''])];
    const out = call('FUNNEL_WEIGHT', amounts, stages) as unknown[][];
    expect(out).toHaveLength(52);
    expect(out.slice(0, 2)).toEqual([[1000], [0]]);
    expect(out.slice(2).every((r) => r[0] === '')).toBe(true);
  });
});

describe('same cells as core, function by function', () => {
  const cases: [string, unknown[]][] = [
    [
      'FUNNEL_WEIGHT',
      [
        [[1], [2.5], [null], ['x'], [-3]],
        [['Prospect'], ['Upside'], ['Won'], ['Lost'], ['Qualified to Buy']],
      ],
    ],
    ['FUNNEL_WEIGHT', [[[10000, 20000]], 'Pipeline', null, [[0.3, null]]]],
    ['TIER', [[[5], [0], [null], [-1], [7]], null, '50%, 80%', 'A, B, C']],
    ['TIER', [[[1], [2], [3], [4]], [[1], [2], [3], [4], [100]], null, null, 'count']],
    ['PRODUCTIVITY', [[[10], [20]], [[24], [30]], 1000, [[0], [30]], 30]],
    ['FUNNEL_STAGE', [[['导引', '需求确认', 'Contract Sent', 'who knows', null]]]],
    ['FUNNEL_CATEGORY', [[['Closed Lost'], ['商务谈判'], ['Upside']]]],
    [
      'COVERAGE',
      [
        [[100], [200]],
        [[50], [100]],
        [[50], [0]],
      ],
    ],
    ['OPPS_NEEDED', [[[100000], [50]], 0.2, [[1000], [10]], [[0], [100]]]],
  ];
  test.each(cases)('%s %#', (name, args) => expectSameAsCore(name, args));
});

describe('dates', () => {
  test('a Date cell reaches the core as its calendar date in the spreadsheet time zone', () => {
    const shanghai = loadProject({ spreadsheet: new FakeSpreadsheet('Asia/Shanghai') });
    // Sheets hands 2024-03-15 in a Shanghai spreadsheet over as 2024-03-14T16:00Z.
    const cell = new Date('2024-03-14T16:00:00Z');
    const spec = FUNCTIONS.find((f) => f.name === 'FUNNEL_STAGE')!;
    const expected = sheetsView(spec.impl(new Date(Date.UTC(2024, 2, 15))));
    expect(expected.kind).toBe('thrown');
    expect(observe(() => shanghai.call('FUNNEL_STAGE', cell))).toEqual(expected);
    expect(observe(() => shanghai.call('FUNNEL_STAGE', cell))).toMatchObject({
      message: expect.stringContaining('2024-03-15'),
    });
  });
});
