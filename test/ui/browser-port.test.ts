/**
 * @jest-environment node
 *
 * (The port has no DOM; Node gives it the TextEncoder/TextDecoder a browser has and jsdom lacks.)
 */
/**
 * The standalone page's in-browser workbook: the same WorkbookPort contract as
 * the Excel and Sheets adapters, over sheets held in memory, with the real engine.
 */
import { BrowserPort } from '../../web/browser-port';
import { parseA1, sliceGrid } from '../../web/a1';
import { SAMPLE_AS_OF, SAMPLE_RATES, generateSampleSheet } from '../../core/sample';

jest.setTimeout(60_000);

class MemoryStorage {
  data = new Map<string, string>();
  getItem(k: string) {
    return this.data.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.data.set(k, v);
  }
  removeItem(k: string) {
    this.data.delete(k);
  }
}

const bytes = (text: string) => new TextEncoder().encode(text).buffer as ArrayBuffer;

function samplePort(storage: MemoryStorage | null = new MemoryStorage()) {
  return new BrowserPort({
    sheets: [generateSampleSheet()],
    storage,
    language: 'en-US',
    builtInRates: SAMPLE_RATES,
  });
}

describe('A1 references on the page', () => {
  test('sheet!range, bare range, open-ended ranges and bare sheet names', () => {
    expect(parseA1("'My sheet'!B2:D5")).toEqual({
      sheet: 'My sheet',
      top: 2,
      left: 2,
      bottom: 5,
      right: 4,
    });
    expect(parseA1('A1:C10')).toMatchObject({ sheet: null, top: 1, left: 1, bottom: 10, right: 3 });
    expect(parseA1('Targets!A:C')).toMatchObject({ sheet: 'Targets', bottom: Infinity, right: 3 });
    expect(parseA1('Targets')).toMatchObject({ sheet: 'Targets', top: 1, left: 1 });
    expect(parseA1('Sheet1!??')).toBeNull();
    expect(parseA1('')).toBeNull();
    const grid = [
      ['a', 'b', 'c'],
      ['d', 'e', 'f'],
      [null, null, null],
    ];
    expect(sliceGrid(grid, parseA1('B1:C9')!)).toEqual([
      ['b', 'c'],
      ['e', 'f'],
    ]);
  });
});

describe('BrowserPort', () => {
  test('starts with the sample, inspects it and runs with the sample rates, as the CLI does', async () => {
    const port = samplePort();
    const sources = await port.listSources();
    expect(sources).toHaveLength(1);
    expect(sources[0]).toMatchObject({ kind: 'sheet' });
    const inspection = await port.inspect(sources[0]!, {});
    expect(inspection.rows).toBe(360);
    expect(inspection.mapping.headerRow).toBe(3);
    expect(inspection.mapping.fields.amount?.header).toBeTruthy();
    const steps: string[] = [];
    const summary = await port.run(sources[0]!, { asOf: SAMPLE_AS_OF }, (_f, step) =>
      steps.push(step),
    );
    expect(steps[0]).toBe('read');
    expect(steps.at(-1)).toBe('done');
    expect(summary.asOf).toBe(SAMPLE_AS_OF);
    expect(summary.tables.map((t) => t.key)).not.toContain('FunnelData');
    // EUR and GBP were converted with the built-in rates; only JPY (no rate) is reported.
    expect(summary.issuesByKind['no-rate']).toBeGreaterThan(0);
    const written = Object.fromEntries(summary.written.map((w) => [w.sheetName, w.rows]));
    expect(written.FunnelData).toBe(360);
    expect(port.lastOutputs[0]?.key).toBe('FunnelData');
  });

  test('a run without the built-in rates reports more unconverted deals', async () => {
    const port = samplePort();
    const [source] = await port.listSources();
    const withRates = await port.run(source!, { asOf: SAMPLE_AS_OF });
    const noRates = await port.run(source!, { asOf: SAMPLE_AS_OF, rates: [['Currency', 'Rate']] });
    expect(noRates.issuesByKind['no-rate']!).toBeGreaterThan(withRates.issuesByKind['no-rate']!);
  });

  test('openFile replaces the sample with the file; a range the workbook lacks fails clearly', async () => {
    const port = samplePort();
    const csv = [
      'Account,Amount,Stage,Close Date,Owner',
      'Acme,4245.74,Pipeline,2026-05-10,Ann',
      'Globex,12285,Committed,2026-06-01,Bob',
    ].join('\n');
    const refs = await port.openFile({ name: 'deals.csv', bytes: bytes(csv) });
    // The file's name as the user chose it; rows are counted by the inspection.
    expect(refs).toEqual([{ kind: 'sheet', id: 'deals', label: 'deals.csv' }]);
    expect(await port.listSources()).toEqual(refs);
    const summary = await port.run(refs[0]!, { asOf: '2026-04-01' });
    expect(summary.thisPeriod).toEqual({ label: '2026-Q2', weighted: 10722.37, closed: 0 });
    // Targets and rates ranges are read from the open sheets; one that is not there names them.
    await expect(
      port.run(refs[0]!, { asOf: '2026-04-01', targetsRange: 'Nowhere!A1:C3' }),
    ).rejects.toThrow(/Cannot read the range "Nowhere!A1:C3".*open sheets: deals/);
  });

  test('a file with no data is refused with its name', async () => {
    const port = samplePort();
    await expect(port.openFile({ name: 'empty.csv', bytes: bytes('\n\n') })).rejects.toThrow(
      /empty\.csv/,
    );
    expect(await port.listSources()).toHaveLength(1);
  });

  test('downloadOutputs gives an XLSX of the last run; before a run it says to run first', async () => {
    const port = samplePort();
    await expect(port.downloadOutputs()).rejects.toThrow(/Run the forecast first/);
    const [source] = await port.listSources();
    await port.run(source!, { asOf: SAMPLE_AS_OF });
    const { fileName, bytes: xlsx } = await port.downloadOutputs();
    expect(fileName).toBe(`funnel-forecast-${SAMPLE_AS_OF}.xlsx`);
    const head = new Uint8Array(xlsx.slice(0, 4));
    expect([...head]).toEqual([0x50, 0x4b, 0x03, 0x04]);
  });

  test('settings persist in storage, and survive when storage is unavailable', async () => {
    const storage = new MemoryStorage();
    const port = samplePort(storage);
    expect(await port.loadSettings()).toBeNull();
    await port.saveSettings({ period: 'month', fiscalYearStart: 4 });
    expect(await samplePort(storage).loadSettings()).toEqual({
      period: 'month',
      fiscalYearStart: 4,
    });
    await port.clearSettings();
    expect(await samplePort(storage).loadSettings()).toBeNull();

    storage.setItem('funnel-forecast:settings', '{not json');
    expect(await samplePort(storage).loadSettings()).toBeNull();

    const broken = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
      removeItem: () => {
        throw new Error('denied');
      },
    };
    const noStorage = new BrowserPort({
      sheets: [generateSampleSheet()],
      storage: broken,
      language: 'zh-CN',
    });
    await noStorage.saveSettings({ period: 'year' });
    expect(await noStorage.loadSettings()).toEqual({ period: 'year' });
    expect(noStorage.displayLanguage()).toBe('zh-CN');
  });

  test('showSheet tells the page which output to bring forward', async () => {
    const port = samplePort();
    const seen: string[] = [];
    const off = port.onShowSheet((s) => seen.push(s));
    await port.showSheet('Data issues');
    off();
    await port.showSheet('Forecast');
    expect(seen).toEqual(['Data issues']);
  });
});
