import { dateToSerial, serialToDate, toExcelValue } from '../../excel-addin/workbook/excel-values';
import { ownedSheets, planSheets, type WorkbookScan } from '../../excel-addin/workbook/ownership';
import { fromExcelArg } from '../../excel-addin/functions/excel-args';

const scan = (
  sheets: string[],
  tables: [string, string][] = [],
  pivots: [string, string][] = [],
): WorkbookScan => ({
  sheets,
  tables: new Map(tables),
  pivots: new Map(pivots),
});

describe('planSheets', () => {
  const want = (key: 'Forecast' | 'Funnel', preferred = key) => ({
    key,
    preferred,
    marker: `ff${key}`,
  });

  test('new sheets under the preferred names when they are free', () => {
    expect(planSheets(scan(['Deals']), [want('Forecast'), want('Funnel')])).toEqual({
      targets: [
        { key: 'Forecast', sheetName: 'Forecast', exists: false },
        { key: 'Funnel', sheetName: 'Funnel', exists: false },
      ],
      notes: [],
    });
  });

  test("the add-in's own sheet is found by its table, whatever its name now", () => {
    const plan = planSheets(scan(['Deals', 'Q2 forecast'], [['ffForecast', 'Q2 forecast']]), [
      want('Forecast'),
    ]);
    expect(plan.targets).toEqual([{ key: 'Forecast', sheetName: 'Q2 forecast', exists: true }]);
  });

  test('a clash (any letter case) moves to "FF <name>", then "FF <name> 2", with a note each', () => {
    const plan = planSheets(scan(['forecast', 'FF Forecast', 'Funnel']), [
      want('Forecast'),
      want('Funnel'),
    ]);
    expect(plan.targets.map((t) => t.sheetName)).toEqual(['FF Forecast 2', 'FF Funnel']);
    expect(plan.notes).toHaveLength(2);
    expect(plan.notes[0]).toMatch(
      /"Forecast" already exists and is not the add-in's.*"FF Forecast 2"/,
    );
  });

  test('alternative names respect the 31-character limit', () => {
    const long = 'A sheet name of thirty-one chr';
    const plan = planSheets(scan([long]), [
      { key: 'Forecast', preferred: long, marker: 'ffForecast' },
    ]);
    expect(plan.targets[0]!.sheetName.length).toBeLessThanOrEqual(31);
    expect(plan.targets[0]!.sheetName.startsWith('FF ')).toBe(true);
  });

  test('ownedSheets: only sheets holding the add-in tables or its PivotTable', () => {
    const owned = ownedSheets(
      scan(
        ['Deals', 'Forecast', 'Mine', 'P'],
        [
          ['ffForecast', 'Forecast'],
          ['ffMine', 'Mine'],
        ],
        [['ffForecastPivot', 'P']],
      ),
    );
    expect([...owned].sort()).toEqual(['Forecast', 'P']);
  });
});

describe('cell conversion', () => {
  test('dates as Excel serials, both ways', () => {
    expect(dateToSerial(new Date('1900-03-01T00:00:00Z'))).toBe(61);
    expect(dateToSerial(new Date('2026-03-31T00:00:00Z'))).toBe(46112);
    expect(dateToSerial(new Date('2026-03-31T12:00:00Z'))).toBe(46112.5);
    expect(serialToDate(46112).toISOString()).toBe('2026-03-31T00:00:00.000Z');
  });

  test('values: blanks "", formula-looking and apostrophe text protected, non-finite blank', () => {
    expect(toExcelValue(null)).toBe('');
    expect(toExcelValue('=1+1')).toBe("'=1+1");
    expect(toExcelValue('＝SUM(A1)')).toBe("'＝SUM(A1)");
    expect(toExcelValue('-3 days')).toBe("'-3 days");
    expect(toExcelValue("'quoted")).toBe("''quoted");
    expect(toExcelValue('plain')).toBe('plain');
    expect(toExcelValue(NaN)).toBe('');
    expect(toExcelValue(1.5)).toBe(1.5);
    expect(toExcelValue(true)).toBe(true);
  });

  test('function arguments: a 1x1 range is its value; ranges stay; omitted is null', () => {
    expect(fromExcelArg([[5]])).toBe(5);
    expect(fromExcelArg([['']])).toBe('');
    expect(fromExcelArg(undefined)).toBeNull();
    expect(fromExcelArg(null)).toBeNull();
    expect(fromExcelArg([[1, 2]])).toEqual([[1, 2]]);
    expect(fromExcelArg([[1], [2]])).toEqual([[1], [2]]);
  });
});
