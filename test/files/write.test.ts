/** The streaming XLSX writer: Excel's limits, text kept exactly, and large tables in bounded chunks. */
import ExcelJS from 'exceljs';
import { lettersFromIndex0 } from '../../core/a1';
import type { CellValue } from '../../core/cells';
import { outputNames, type OutputTable } from '../../core/output';
import { zlibDeflater } from '../../cli/forecast/out';
import {
  EXCEL_MAX_CELL_TEXT,
  WorkbookLimitError,
  crc32,
  readTableFile,
  writeWorkbook,
  writeWorkbookTo,
} from '../../files';
import { listZip, readZipEntry } from '../../files/unzip';
import { cellSource } from '../support/output-sources';
import { columnName, xmlText } from '../../files/write';

async function load(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(
    bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
  );
  return wb;
}

const source = (rowCount: number, columns: number, cell: (i: number, c: number) => CellValue) =>
  cellSource('FunnelData', rowCount, columns, cell);

const issuesTable = (rows: CellValue[][]): OutputTable => ({
  ...outputNames('DataIssues'),
  columns: [{ header: 'Value', format: 'text' }],
  rows,
});

describe('writeWorkbookTo', () => {
  it('refuses, before writing a byte, a table Excel cannot open, with the reason', async () => {
    const written: Uint8Array[] = [];
    const sink = { write: (b: Uint8Array) => void written.push(b) };
    await expect(writeWorkbookTo([source(1_048_576, 1, () => 1)], sink)).rejects.toThrow(
      /1,048,576 rows; an Excel sheet holds at most 1,048,575 rows below its header/,
    );
    await expect(writeWorkbookTo([source(1, 16_385, () => 1)], sink)).rejects.toThrow(
      WorkbookLimitError,
    );
    await expect(writeWorkbookTo([source(1, 16_385, () => 1)], sink)).rejects.toThrow(
      /16,385 columns; an Excel sheet holds at most 16,384/,
    );
    expect(written).toEqual([]);
  });

  it("cuts text longer than Excel's 32,767 characters and says where", async () => {
    const long = 'x'.repeat(40_000);
    const chunks: Uint8Array[] = [];
    const report = await writeWorkbookTo(
      [
        {
          ...issuesTable([['short'], [long]]),
          rowCount: 2,
          fillRow: (i, out) => (out[0] = i ? long : 'short'),
        },
      ],
      { write: (b) => void chunks.push(b.slice()) },
    );
    expect(report.truncated).toEqual([
      { sheet: 'Data issues', row: 3, column: 'Value', length: 40_000 },
    ]);
    const bytes = await writeWorkbook([issuesTable([['short'], [long]])]);
    const cell = (await load(bytes)).getWorksheet('Data issues')!.getRow(3).getCell(1);
    expect(String(cell.value)).toHaveLength(EXCEL_MAX_CELL_TEXT);
  });

  it('keeps text exactly: formulas, markup, spaces, control characters, _x0041_', async () => {
    const texts = [
      '=1+1',
      '<b>&amp;</b> "q"',
      '  padded  ',
      'tab\there\nline',
      'a\u0001b',
      '_x0041_',
    ];
    const bytes = await writeWorkbook([issuesTable(texts.map((t) => [t]))]);
    const ws = (await load(bytes)).getWorksheet('Data issues')!;
    const back = texts.map((_, i) => ws.getRow(i + 2).getCell(1));
    expect(back.map((c) => c.type)).toEqual(texts.map(() => ExcelJS.ValueType.String));
    // exceljs does not decode Excel's _xHHHH_ escapes; check the first four exactly and the rest as escaped.
    expect(back.slice(0, 4).map((c) => c.value)).toEqual(texts.slice(0, 4));
    expect(xmlText('a\u0001b')).toBe('a_x0001_b');
    expect(xmlText('_x0041_')).toBe('_x005F_x0041_');
    expect(xmlText('\ud800x')).toBe('\ufffdx');
  });

  it('writes no NaN or Infinity: such a cell is left empty', async () => {
    const bytes = await writeWorkbook([source(3, 1, (i) => [NaN, Infinity, 5][i]!)]);
    const ws = (await load(bytes)).getWorksheet('FunnelData')!;
    expect([2, 3, 4].map((r) => ws.getRow(r).getCell(1).value)).toEqual([null, null, 5]);
  });

  it('streams 30,000 rows through zlib in chunks and reads back whole; progress reaches the total', async () => {
    const rows = 30_000;
    const chunks: Uint8Array[] = [];
    const progress: number[] = [];
    await writeWorkbookTo(
      [source(rows, 4, (i, c) => (c === 3 ? `deal ${i}` : i * 10 + c + 0.25))],
      { write: (b) => void chunks.push(b.slice()) },
      { deflater: zlibDeflater, onProgress: (done) => progress.push(done) },
    );
    expect(chunks.length).toBeGreaterThan(10);
    expect(progress[progress.length - 1]).toBe(rows);
    const bytes = new Uint8Array(chunks.reduce((s, c) => s + c.length, 0));
    let at = 0;
    for (const c of chunks) {
      bytes.set(c, at);
      at += c.length;
    }
    const [sheet] = await readTableFile('big.xlsx', bytes, { sheet: 'FunnelData' });
    expect(sheet!.values).toHaveLength(rows + 1);
    expect(sheet!.values[rows]).toEqual([299990.25, 299991.25, 299992.25, `deal ${rows - 1}`]);
  }, 60_000);

  it('gives a cell its reference only where it does not follow the previous one; Excel and the readers place every cell', async () => {
    // Row by row: a number, a repeated text, a boolean or a blank, a text, a number; row 3 has
    // a blank in the middle, row 4 starts with one.
    const cells: CellValue[][] = [
      [1, 'won', true, 'a', 1.5],
      [2, 'lost', null, 'b', 2.5],
      [null, 'won', false, 'c', 3.5],
    ];
    const bytes = await writeWorkbook([source(3, 5, (i, c) => cells[i]![c]!)]);
    const sheet = listZip('t.xlsx', bytes).get('xl/worksheets/sheet1.xml')!;
    const xml = new TextDecoder().decode(await readZipEntry('t.xlsx', bytes, sheet, 1e6));
    const rows = [...xml.matchAll(/<row r="(\d+)">(.*?)<\/row>/g)].map((m) => [
      m[1],
      [...m[2]!.matchAll(/<c( r="([A-Z]+\d+)")?[ >]/g)].map((c) => c[2] ?? '-'),
    ]);
    expect(rows).toEqual([
      ['1', ['A1', 'B1', 'C1', 'D1', 'E1']],
      ['2', ['A2', '-', '-', '-', '-']],
      ['3', ['A3', '-', 'D3', '-']],
      ['4', ['B4', '-', '-', '-']],
    ]);
    const ws = (await load(bytes)).getWorksheet('FunnelData')!;
    const byExcelJs = [2, 3, 4].map((r) =>
      [1, 2, 3, 4, 5].map((c) => ws.getRow(r).getCell(c).value),
    );
    expect(byExcelJs).toEqual(cells);
    const [read] = await readTableFile('t.xlsx', bytes, { sheet: 'FunnelData' });
    expect(read!.values.slice(1)).toEqual(cells);
  });

  it('column names and CRC-32 are right', () => {
    // The writer's column names are core's letters, whose values test/core/a1.test.ts checks.
    expect(columnName).toBe(lettersFromIndex0);
    expect(crc32(new TextEncoder().encode('123456789'), 0)).toBe(0xcbf43926);
    const whole = crc32(new TextEncoder().encode('hello world'), 0);
    expect(
      crc32(new TextEncoder().encode(' world'), crc32(new TextEncoder().encode('hello'), 0)),
    ).toBe(whole);
  });
});

describe('column notes', () => {
  it("become the header's input message, cut to Excel's 32-character title and 255-character message", async () => {
    const header = 'A header longer than thirty-two characters';
    const note = `${'x'.repeat(300)} & <more>`;
    const wb = await load(
      await writeWorkbook([
        {
          ...outputNames('Forecast'),
          columns: [
            { header: 'Plain', format: 'text' },
            { header, format: 'number', note },
          ],
          rows: [['a', 1]],
        },
      ]),
    );
    const ws = wb.getWorksheet('Forecast')!;
    expect(ws.getCell('A1').dataValidation).toBeUndefined();
    const v = ws.getCell('B1').dataValidation as { promptTitle: string; prompt: string };
    expect(v.promptTitle).toBe(`${header.slice(0, 31)}…`);
    expect(v.prompt).toBe(`${note.slice(0, 254)}…`);
    expect(ws.getCell('B2').value).toBe(1);
  });
});
