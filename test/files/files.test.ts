/** CSV and XLSX in, XLSX out: what the CLI and the standalone page rely on. */
import ExcelJS from 'exceljs';
import { runForecast, toOutputTables } from '../../core/engine';
import { generateSampleSheet, SAMPLE_AS_OF } from '../../core/sample';
import { FileReadError, readTableFile, writeWorkbook } from '../../files';

const enc = (text: string) => new TextEncoder().encode(text);

async function load(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(
    bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
  );
  return wb;
}

describe('readTableFile: CSV', () => {
  it('reads numbers as numbers, keeps codes with leading zeros and text as text, blanks as null', async () => {
    const [s] = await readTableFile(
      'deals.csv',
      enc('\uFEFFId,Amount,Stage,Note\n007,"1,234.50",Won,\n8,42,Pipeline,"a, b"\n'),
    );
    expect(s!.name).toBe('deals');
    expect(s!.values).toEqual([
      ['Id', 'Amount', 'Stage', 'Note'],
      ['007', '1,234.50', 'Won', null],
      [8, 42, 'Pipeline', 'a, b'],
    ]);
  });

  it('decodes GB18030 (what Chinese Excel saves as CSV) and honours sep=;', async () => {
    // "客户,金额\n海尔,100\n" in GB18030.
    const gb = new Uint8Array([
      0xbf, 0xcd, 0xbb, 0xa7, 0x2c, 0xbd, 0xf0, 0xb6, 0xee, 0x0a, 0xba, 0xa3, 0xb6, 0xfb, 0x2c,
      0x31, 0x30, 0x30, 0x0a,
    ]);
    const [s] = await readTableFile('cn.csv', gb);
    expect(s!.values).toEqual([
      ['客户', '金额'],
      ['海尔', 100],
    ]);
    const [t] = await readTableFile('eu.csv', enc('sep=;\nA;B\n1;2\n'));
    expect(t!.values).toEqual([
      ['A', 'B'],
      [1, 2],
    ]);
  });

  it('refuses the old .xls format with a clear message', async () => {
    await expect(
      readTableFile('old.xls', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0])),
    ).rejects.toThrow(FileReadError);
    await expect(readTableFile('old.xls', new Uint8Array([0xd0, 0xcf]))).rejects.toThrow(
      /\.xlsx or \.csv/,
    );
  });
});

describe('XLSX round trip', () => {
  const sheet = generateSampleSheet({ deals: 60 });
  const result = runForecast(sheet, { asOf: SAMPLE_AS_OF, segmentBy: ['Region'] });
  const tables = toOutputTables(result);
  let bytes: Uint8Array;
  beforeAll(async () => {
    bytes = await writeWorkbook(tables);
  });

  it('writes one sheet per table, FunnelData first, each a real Excel table with formats and a frozen header', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
    );
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      'FunnelData',
      'Forecast',
      'Funnel',
      'Pyramid',
      'Reps',
      'Data issues',
      'Assumptions',
    ]);
    for (const t of tables) {
      const ws = wb.getWorksheet(t.sheetName)!;
      const table = ws.getTable(t.tableName) as unknown as {
        table: { ref: string; columns: { name: string }[] };
      };
      expect(table).toBeDefined();
      expect(table.table.columns.map((c) => c.name)).toEqual(t.columns.map((c) => c.header));
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(ws.rowCount).toBe(Math.max(1, t.rows.length) + 1);
    }
    const data = wb.getWorksheet('FunnelData')!;
    const headers = (data.getRow(1).values as unknown[]).slice(1);
    const weighted = headers.indexOf('Weighted Amount') + 1;
    const close = headers.indexOf('Close Date Used') + 1;
    const probability = headers.indexOf('Probability Used') + 1;
    expect(data.getRow(2).getCell(weighted).numFmt).toMatch(/#,##0\.00/);
    expect(data.getRow(2).getCell(probability).numFmt).toBe('0.0%');
    expect(data.getRow(2).getCell(close).numFmt).toBe('yyyy-mm-dd');
    expect(data.getRow(2).getCell(close).value).toBeInstanceOf(Date);
  });

  it('reads back as a finance user opens it: money in the base currency, percentages, whole days, parsed columns, a year as a number, the Assumptions sheet', async () => {
    const wb = await load(bytes);
    const headersOf = (ws: ExcelJS.Worksheet): unknown[] =>
      (ws.getRow(1).values as unknown[]).slice(1);
    const cell = (sheet: string, header: string, row = 2): ExcelJS.Cell => {
      const ws = wb.getWorksheet(sheet)!;
      const c = headersOf(ws).indexOf(header);
      expect(c).toBeGreaterThanOrEqual(0);
      return ws.getRow(row).getCell(c + 1);
    };
    const usd = '"USD "#,##0.00_);("USD "#,##0.00)';
    expect(result.baseCurrency).toBe('USD');
    // Money: an accounting format naming the currency, negatives in brackets.
    expect(cell('Forecast', 'Weighted').numFmt).toBe(usd);
    expect(cell('FunnelData', 'Weighted Amount').numFmt).toBe(usd);
    expect(cell('Reps', 'Avg Won Amount').numFmt).toBe(usd);
    // Percentages with one decimal, cycle days whole.
    expect(cell('Reps', 'Win Rate').numFmt).toBe('0.0%');
    expect(cell('Funnel', 'Conversion from Top').numFmt).toBe('0.0%');
    expect(cell('Reps', 'Avg Cycle Days').numFmt).toBe('#,##0');
    expect(Number.isInteger(cell('Reps', 'Avg Cycle Days').value)).toBe(true);

    // A column's note is the message Excel shows when its header is selected.
    expect(cell('Reps', 'Win Rate', 1).dataValidation).toMatchObject({
      showInputMessage: true,
      promptTitle: 'Win Rate',
      prompt: 'Won / (won + lost), by count.',
    });
    expect(cell('Reps', 'Owner', 1).dataValidation).toBeUndefined();

    // The parsed columns sit right beside the text the sheet held, as numbers and dates.
    const data = wb.getWorksheet('FunnelData')!;
    const headers = headersOf(data);
    for (const h of ['Amount', 'Close Date', 'Created Date']) {
      expect(headers[headers.indexOf(h) + 1]).toBe(`${h} (parsed)`);
    }
    const funnel = tables.find((t) => t.key === 'FunnelData')!;
    const col = (h: string): number => funnel.columns.findIndex((c) => c.header === h);
    const textAmount = funnel.rows.findIndex(
      (r) => typeof r[col('Amount')] === 'string' && typeof r[col('Amount (parsed)')] === 'number',
    );
    expect(textAmount).toBeGreaterThanOrEqual(0);
    const r = textAmount + 2;
    expect(typeof cell('FunnelData', 'Amount', r).value).toBe('string');
    expect(cell('FunnelData', 'Amount (parsed)', r).value).toBe(
      funnel.rows[textAmount]![col('Amount (parsed)')],
    );
    expect(cell('FunnelData', 'Amount (parsed)', r).numFmt).toBe('#,##0.00');
    expect(typeof cell('FunnelData', 'Close Date', 2).value).toBe('string');
    expect(cell('FunnelData', 'Close Date (parsed)', 2).value).toBeInstanceOf(Date);
    expect(cell('FunnelData', 'Close Date (parsed)', 2).numFmt).toBe('yyyy-mm-dd');
    expect(cell('FunnelData', 'Created Date (parsed)', 2).value).toBeInstanceOf(Date);
    // A PivotTable sums the parsed amounts: every readable amount is a number.
    let sum = 0;
    for (let i = 2; i <= data.rowCount; i++) {
      const v = cell('FunnelData', 'Amount (parsed)', i).value;
      if (v !== null) {
        expect(typeof v).toBe('number');
        sum += v as number;
      }
    }
    expect(sum).toBeGreaterThan(0);

    // A calendar fiscal year is a number, the close date used a date.
    expect(cell('FunnelData', 'Fiscal Year').value).toEqual(expect.any(Number));
    expect(cell('FunnelData', 'Fiscal Year').numFmt).toBe('0');
    expect(cell('FunnelData', 'Close Date Used').value).toBeInstanceOf(Date);

    // The Assumptions sheet: as-of date and base currency, as the run used them.
    const assumptions = wb.getWorksheet('Assumptions')!;
    const rows: string[] = [];
    assumptions.eachRow((row) => {
      rows.push((row.values as unknown[]).slice(1).map(String).join('|'));
    });
    expect(rows.some((line) => line.includes(`As-of date|${result.asOf}`))).toBe(true);
    expect(rows.some((line) => line.includes('Base currency|USD'))).toBe(true);
  });

  it('reads back what it wrote, values and dates intact', async () => {
    const back = await readTableFile('forecast.xlsx', bytes, { sheet: 'Forecast' });
    expect(back).toHaveLength(1);
    const forecast = tables.find((t) => t.key === 'Forecast')!;
    expect(back[0]!.values[0]).toEqual(forecast.columns.map((c) => c.header));
    expect(back[0]!.values.slice(1)).toEqual(forecast.rows);
    const all = await readTableFile('forecast.xlsx', bytes);
    expect(all.map((s) => s.name)).toContain('FunnelData');
    await expect(readTableFile('forecast.xlsx', bytes, { sheet: 'Nope' })).rejects.toThrow(
      /FunnelData, Forecast/,
    );
  });

  it('writes text that looks like a formula as text', async () => {
    const out = await writeWorkbook([
      {
        key: 'DataIssues',
        sheetName: 'Data issues',
        tableName: 'ffDataIssues',
        columns: [{ header: 'Value', format: 'text' }],
        rows: [['=HYPERLINK("x")']],
      },
    ]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(
      out.buffer.slice(out.byteOffset, out.byteOffset + out.byteLength) as ArrayBuffer,
    );
    const cell = wb.getWorksheet('Data issues')!.getRow(2).getCell(1);
    expect(cell.type).toBe(ExcelJS.ValueType.String);
    expect(cell.value).toBe('=HYPERLINK("x")');
  });

  it('runs the engine on an XLSX deal sheet with title rows and Date cells', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Pipeline');
    ws.addRow(['Q2 pipeline']);
    ws.addRow([]);
    ws.addRow(['Account', 'Stage', 'Amount', 'Close Date']);
    ws.addRow(['Acme', 'Committed', 12285, new Date(Date.UTC(2026, 4, 15))]);
    ws.getCell('D4').numFmt = 'yyyy-mm-dd';
    const buf = new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
    const [s] = await readTableFile('pipeline.xlsx', buf);
    const r = runForecast(s!, { asOf: '2026-04-01' });
    expect(r.mapping.headerRow).toBe(3);
    expect(r.deals[0]).toMatchObject({ row: 4, weighted: 8599.5, period: '2026-Q2' });
    expect(s!.numberFormats![3]![3]).toBe('yyyy-mm-dd');
  });
});
